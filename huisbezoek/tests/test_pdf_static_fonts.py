"""PDF fonts are static files made once, one FontConfiguration serves every render of a process,
and a Celery worker process renders a tiny PDF when it starts."""

import threading

from fontTools.ttLib import TTFont

from huisbezoek import pdf
from huisbezoek.celery import warm_up_pdf_rendering
from huisbezoek.testing.pdfs import only_packaged_fonts


def test_every_packaged_font_is_a_static_file_per_weight():
    fonts = pdf.fonts()
    assert [(f.family, f.weight) for f in fonts] == [
        ("HB Sans", "400"),
        ("HB Sans", "700"),
        ("HB Arabic", "400"),
        ("HB Arabic", "700"),
    ]
    for font in fonts:
        assert "fvar" not in TTFont(font.path), f"{font.path} is still a variable font"
    regular, bold = (TTFont(f.path)["OS/2"].usWeightClass for f in fonts[:2])
    assert (regular, bold) == (400, 700)
    assert fonts[0].path.parent == pdf.font_cache_dir()


def test_an_instance_is_made_once_and_then_reused(tmp_path, settings, monkeypatch):
    from fontTools.varLib import instancer

    settings.PDF_FONT_CACHE_DIR = tmp_path
    source = pdf.fontpkg.path("Noto Sans")
    made_for: list[dict[str, int]] = []

    def instantiate(font, axes):  # the real one takes seconds; what matters here is how often
        made_for.append(axes)
        return font

    monkeypatch.setattr(instancer, "instantiateVariableFont", instantiate)
    pdf.static_instance.cache_clear()
    try:
        made = pdf.static_instance(source, 400)
        assert made_for == [{"wght": 400, "wdth": 100}]
        stamp = made.stat().st_mtime_ns
        pdf.static_instance.cache_clear()  # a new process: finds the file, does not make it again
        assert pdf.static_instance(source, 400) == made and made.stat().st_mtime_ns == stamp
        assert len(made_for) == 1
        assert [p.name for p in tmp_path.iterdir()] == [made.name]  # no temporary file left behind
    finally:
        pdf.static_instance.cache_clear()


def test_one_font_configuration_serves_every_render(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "_local", threading.local())
    pdf.warm_up()
    config = pdf.font_configuration()
    html = "<style>{}</style><p>Één <b>كلمة</b></p>".format(
        "".join(
            f'@font-face {{ font-family: "{f.family}"; src: url("{f.uri}"); font-weight: {f.weight}; }}'
            for f in pdf.fonts()
        )
        + 'html { font-family: "HB Sans", "HB Arabic"; }'
    )
    data = pdf.render_pdf(html)
    assert pdf.font_configuration() is config
    only_packaged_fonts(data, tmp_path)


def test_a_worker_process_warms_up_when_it_starts(monkeypatch, settings):
    calls = []
    monkeypatch.setattr(pdf, "warm_up", lambda: calls.append("warm"))
    warm_up_pdf_rendering()
    assert calls == ["warm"]
    settings.PDF_WARM_UP_WORKER = False
    warm_up_pdf_rendering()
    assert calls == ["warm"]
