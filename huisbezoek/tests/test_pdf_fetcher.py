"""The PDF renderer opens only our own files: the fetcher case by case, then whole PDFs.

Every PDF of the product (protocol, booklet, team meeting, evaluation report, right-of-access
export) is laid out by ``huisbezoek.pdf.render_document``, which always uses ``LocalOnlyFetcher``;
the last test checks that no other module reaches WeasyPrint itself.
"""

from __future__ import annotations

import ast
import base64
import re
import subprocess
import zlib
from pathlib import Path

import pytest
import segno

from huisbezoek.pdf import STATIC_DIR, LocalOnlyFetcher, RefusedURL, fonts, render_pdf

ROOT = Path(__file__).resolve().parents[2]
POPPLER = Path("/usr/bin/pdfdetach").exists() and Path("/usr/bin/pdfimages").exists()
PNG = segno.make("x").png_data_uri(scale=2)  # a small, real PNG
PNG_BYTES = base64.b64decode(PNG.split(",", 1)[1])
SVG = '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/hostname" width="9" height="9"/></svg>'


def a_static_file() -> Path:
    return next(path for path in sorted(STATIC_DIR.rglob("*.css")) if path.is_file())


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside every allowed folder, with a text that must never reach a PDF."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text("SECRET-7f3a9c-NOT-FOR-PDF\n")
    return path


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "File:/etc/passwd",
        "fIlE://localhost/etc/passwd",
        "file:etc/passwd",
        "file:///%65tc/passwd",
        "file:///%2565tc/passwd",
        "file://evil.example/etc/passwd",
        "file:////etc/passwd",
        "file:///etc/passwd%00.css",
        "//evil.example/x.png",
        "/etc/passwd",
        "etc/passwd",
        "http://evil.example/x.png",
        "HTTPS://evil.example/x.png",
        "ftp://evil.example/x.png",
        "jar:file:///etc/passwd!/",
        "data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode(),
        "DATA:image/svg+xml," + SVG,
        "data:image/png;base64," + base64.b64encode(SVG.encode()).decode(),  # an SVG calling itself PNG
        "data:text/css,body{background:url(file:///etc/passwd)}",
        "data:text/html,<p>x</p>",
        "data:,plain",
    ],
)
def test_the_fetcher_refuses_anything_but_our_own_files(url):
    with pytest.raises(RefusedURL):
        LocalOnlyFetcher().fetch(url)


def test_dot_dot_and_encoded_dot_dot_do_not_leave_the_static_folder():
    static = STATIC_DIR.resolve().as_uri()
    up = "/.." * 12
    for url in (f"{static}{up}/etc/passwd", f"{static}{up.replace('..', '%2e%2E')}/etc/passwd"):
        with pytest.raises(RefusedURL):
            LocalOnlyFetcher().fetch(url)


def test_a_symbolic_link_inside_an_allowed_folder_cannot_point_outside(tmp_path, secret):
    root = tmp_path / "logos"
    root.mkdir()
    (root / "logo.png").symlink_to(secret)
    (root / "up").symlink_to(secret.parent, target_is_directory=True)
    fetcher = LocalOnlyFetcher(extra_roots=[root])
    for name in ("logo.png", "up/secret.txt"):
        with pytest.raises(RefusedURL):
            fetcher.fetch((root / name).as_uri())


def test_media_files_are_open_only_in_the_folders_a_pdf_names(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    pending_import = tmp_path / "imports" / "upload.csv"
    pending_import.parent.mkdir()
    pending_import.write_text("achternaam\nJansen\n")
    logo = tmp_path / "protocol" / "logos" / "logo.png"
    logo.parent.mkdir(parents=True)
    logo.write_bytes(PNG_BYTES)
    fetcher = LocalOnlyFetcher(extra_roots=[logo.parent])
    with pytest.raises(RefusedURL):
        fetcher.fetch(pending_import.as_uri())
    assert fetcher.fetch(logo.as_uri()).read() == PNG_BYTES


def test_the_fetcher_opens_our_static_files_fonts_and_raster_data_images():
    static_file = a_static_file()
    fetcher = LocalOnlyFetcher()
    for url in (
        static_file.as_uri(),
        "FILE://LOCALHOST" + static_file.resolve().as_uri().removeprefix("file://"),
        static_file.as_uri().replace("/static/", "/%73tatic/"),
    ):
        response = fetcher.fetch(url)
        assert response.read() == static_file.read_bytes()
        assert response.content_type == "text/css"
    font = fonts()[0].path
    assert fetcher.fetch(font.as_uri()).read()[:4] == font.read_bytes()[:4]
    response = fetcher.fetch(PNG)
    assert response.content_type == "image/png"
    assert response.read() == PNG_BYTES


def decompressed(data: bytes) -> bytes:
    """The PDF with every compressed stream inflated, to search it for a text."""
    parts = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, flags=re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def poppler(tool: str, data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    command = [f"/usr/bin/{tool}", "-list", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - our own file


@pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed")
def test_a_rendered_pdf_holds_no_local_file_whatever_the_case_of_the_scheme(tmp_path, secret):
    picture = secret.parent / "picture.png"
    picture.write_bytes(PNG_BYTES)
    outside = secret.as_uri().removeprefix("file:")
    onward = base64.b64encode(SVG.replace("/etc/hostname", str(picture)).encode()).decode()
    html = f"""<!doctype html><html><head>
    <link rel="attachment" href="FILE:///etc/hostname">
    <link rel="attachment" href="File://{outside}">
    <link rel="attachment" href="file:{secret}">
    <link rel="stylesheet" href="FILE://{outside}">
    </head><body><p>Hallo</p>
    <img src="File:///etc/hostname" alt="">
    <img src="FILE://{picture.as_uri().removeprefix("file://")}" alt="">
    <img src="data:image/svg+xml;base64,{onward}">
    </body></html>"""
    data = render_pdf(html)
    assert b"SECRET-7f3a9c" not in decompressed(data)
    hostname = Path("/etc/hostname").read_bytes().strip()
    if len(hostname) >= 6:  # a short host name could occur in a PDF by chance
        assert hostname not in decompressed(data)
    attachments = poppler("pdfdetach", data, tmp_path)
    assert "0 embedded files" in attachments, attachments
    images = poppler("pdfimages", data, tmp_path).splitlines()[2:]  # two header lines
    assert images == []


def test_no_module_of_the_product_reaches_weasyprint_but_the_shared_one():
    """So every PDF goes through ``render_document`` and its fetcher."""
    offenders = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "e2e", "bench", "node_modules"} or "tests" in relative.parts:
            continue
        if relative == Path("huisbezoek/pdf.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(name.split(".")[0] == "weasyprint" for name in names):
                offenders.append(str(relative))
    assert offenders == []


def test_no_template_puts_a_variable_inside_a_stylesheet_or_a_style_attribute():
    """Typed text in CSS can load files or hide content; only our own font list may stand there."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text()
        styles = re.findall(r"<style[^>]*>(.*?)</style>", text, flags=re.DOTALL | re.IGNORECASE)
        styles += re.findall(r"""\bstyle\s*=\s*("[^"]*"|'[^']*')""", text, flags=re.IGNORECASE)
        for style in styles:
            for variable in re.findall(r"{{\s*([^}|\s]+)", style):
                if not variable.startswith("font."):
                    found.append(f"{path.relative_to(ROOT)}: {variable}")
    assert found == []
