"""The parent PDFs, read back with poppler (pdftotext, pdfinfo, pdffonts).

Each language is rendered once per test session (see ``rendered_pdf`` in conftest.py).
"""

import re

import pytest
from fontTools.ttLib import TTFont

from huisbezoek.testing.pdfs import only_packaged_fonts
from protocol import content, pdf, services
from protocol.models import ProtocolPdf
from protocol.tasks import render_protocol_pdf
from protocol.tests.helpers import pdf_fonts, pdf_info, pdf_text

from .factories import CONTACTS

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", text))


def letters(text: str) -> str:
    """Only letters and digits: line breaks and punctuation placement do not matter."""
    return re.sub(r"[\W_]+", "", BIDI_CONTROLS.sub("", text))


def test_dutch_pdf_has_the_section_titles_and_the_school_contacts(rendered_pdf, tmp_path):
    text = plain(pdf_text(rendered_pdf("nl"), tmp_path))
    for key in content.SECTION_KEYS:
        assert content.sections("nl")[key][0] in text
    for detail in ("confidant_name", "confidant_phone", "confidant_email", "contact_name", "school_phone"):
        assert CONTACTS[detail] in text
    assert "Basisschool De Regenboog" in text
    assert "Versie van 01-09-2026" in text  # the version date
    assert "Pagina 1 / " in text  # page numbers
    assert "1 keer per schooljaar" in text and "ongeveer 60 minuten" in text


def test_arabic_pdf_reads_back_in_the_right_order(rendered_pdf, tmp_path):
    text = plain(pdf_text(rendered_pdf("ar"), tmp_path))
    assert "لماذا نزوركم في البيت؟" in text
    assert "يأتي معلم طفلكم أو المرشد." in text
    assert "نأتي مرة واحدة في كل سنة دراسية" in text
    assert CONTACTS["confidant_email"] in text


@pytest.mark.parametrize("language", content.ALL_LANGUAGES)
def test_each_language_renders_with_our_fonts_only_and_a_sane_page_count(rendered_pdf, tmp_path, language):
    data = rendered_pdf(language)
    pages = int(pdf_info(data, tmp_path)["Pages"])
    assert 1 <= pages <= 6
    fonts = pdf_fonts(data, tmp_path)
    # Every font in the PDF is one we declared (subset prefix + our family): no system fallback.
    assert fonts and all(re.fullmatch(r"[A-Z]{6}\+HB-(Sans|Arabic)(-Bold)?", f) for f in fonts), fonts
    first_title = content.sections(language)["purpose"][0]
    assert first_title in plain(pdf_text(data, tmp_path))


def test_arabic_pdf_is_right_to_left_with_the_arabic_font(rendered_pdf, tmp_path):
    fonts = pdf_fonts(rendered_pdf("ar"), tmp_path)
    assert any("HB-Arabic" in f for f in fonts)


def _cmap(path) -> set[int]:
    return set(TTFont(path).getBestCmap())


@pytest.mark.parametrize("language", content.ALL_LANGUAGES)
def test_every_character_of_each_language_is_in_its_fonts(language):
    latin = _cmap(pdf.fontpkg.path("Noto Sans"))
    arabic = _cmap(pdf.fontpkg.path("Tajawal", 400)) | _cmap(pdf.fontpkg.path("Tajawal", 700))
    covered = latin | arabic if language == "ar" else latin
    texts = [t for pair in content.sections(language).values() for t in pair]
    texts += [*list(content.labels(language).values()), content.frequency(language, "every_other_year")]
    missing = {ch for text in texts for ch in text if not ch.isspace() and ord(ch) not in covered}
    assert not missing, f"{language}: no glyph for {sorted(missing)}"


def test_booklet_has_every_language_each_starting_on_a_new_page(rendered_pdf, tmp_path):
    data = rendered_pdf(ProtocolPdf.BOOKLET)
    pages = int(pdf_info(data, tmp_path)["Pages"])
    assert len(content.ALL_LANGUAGES) <= pages <= 6 * len(content.ALL_LANGUAGES)
    path = tmp_path / "booklet.pdf"
    path.write_bytes(data)
    import subprocess

    starts = []
    for page in range(1, pages + 1):
        out = subprocess.run(  # noqa: S603 - our fixed poppler tools on our own files
            ["/usr/bin/pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        starts.extend(lang for lang in content.ALL_LANGUAGES if letters(content.labels(lang)["title"]) in letters(out))
    assert sorted(starts) == sorted(content.ALL_LANGUAGES)  # each title once, on a page of its own


def test_render_task_is_idempotent(published, monkeypatch, real_renders):
    calls = []
    real = pdf.render_pdf

    def counting(document, **kwargs):
        calls.append(document.languages[0].code)
        return real(document, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    first = render_protocol_pdf.apply((published.pk, "en")).get()
    second = render_protocol_pdf.apply((published.pk, "en")).get()
    assert first == second and len(first) == 64
    assert calls == ["en"]
    assert ProtocolPdf.objects.filter(version=published, language="en").count() == 1


def test_a_content_change_renders_again_and_removes_the_old_pdf(published, settings_row, monkeypatch):
    monkeypatch.setattr(
        pdf, "render_pdf", lambda document, **kw: pdf.RenderedPdf(document.content_hash().encode(), 1, 0.0)
    )
    old = services.pdf_ensure(version_id=published.pk, language="so")
    old_name, storage = old.file.name, old.file.storage
    settings_row.confidant_name = "Mw. Andere Naam"
    settings_row.save()
    new = services.pdf_ensure(version_id=published.pk, language="so")
    assert new.pk != old.pk and new.content_hash != old.content_hash
    assert list(ProtocolPdf.objects.filter(version=published, language="so")) == [new]
    assert not storage.exists(old_name)


def test_no_pdf_for_a_draft_or_an_unknown_language(published, school):
    draft = services.version_create_draft(school=school)
    assert services.pdf_ensure(version_id=draft.pk, language="nl") is None
    assert services.pdf_ensure(version_id=published.pk, language="ti") is None


def test_publishing_renders_every_pdf(draft, directie, real_renders, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(version=draft, user=directie)  # eager Celery in tests: renders on commit
    rendered = set(ProtocolPdf.objects.filter(version=draft).values_list("language", flat=True))
    assert rendered == {*content.ALL_LANGUAGES, ProtocolPdf.BOOKLET}


def test_the_booklet_embeds_only_the_packaged_fonts_with_the_arabic_one(rendered_pdf, tmp_path):
    fonts = only_packaged_fonts(rendered_pdf(ProtocolPdf.BOOKLET), tmp_path)
    assert any("HB-Arabic" in font for font in fonts), fonts
