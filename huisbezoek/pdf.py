"""PDFs with WeasyPrint, the parts every app shares: fonts from Python packages, a URL fetcher that
only opens our own files, and ``render_pdf(html, base_url=...)``.

Fonts come from Python packages (fontpkg), never from the system and never from the network:

* Noto Sans (fontpkg-noto-sans) for Latin and Cyrillic: Dutch, English, Turkish, Polish,
  Somali, Tamazight in Latin script (ɣ, ɛ, ḍ …) and Ukrainian.
* Tajawal (fontpkg-tajawal) for Arabic. Noto Sans Arabic was tried first: it builds letters
  from a dotless skeleton plus separate dots, and the PDF's text layer then reads back as
  the wrong letters (copy, search and screen readers break). Tajawal keeps whole letters.

Noto Sans ships only as a variable font. WeasyPrint would instantiate it for each weight inside
every ``write_pdf``; instead each weight is instantiated ONCE, with fontTools, into a static TTF in
``PDF_FONT_CACHE_DIR`` (named by weight and the hash of the packaged file, so a new package version
gets new files), on first use in a process (the Celery worker does it when it starts, see
``warm_up``). No PyPI package ships static Noto Sans files per weight. Tajawal is static already.
One ``FontConfiguration`` per process (per thread) is reused by every render, so the @font-face
files are registered with fontconfig once, not per PDF.

A template declares them with ``{% for font in fonts %}@font-face {...}{% endfor %}`` and uses
the families "HB Sans" and "HB Arabic". The URL fetcher opens the project's static files, the
fonts, extra folders a caller names, and data: URIs — so a text can never make the renderer
fetch anything from elsewhere. PDF templates may use <style> (WeasyPrint, not a browser).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import fontpkg
from django.conf import settings
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Rendering is logged step by step at INFO; a worker's log needs only warnings.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STATIC_DIR = Path(settings.BASE_DIR) / "static"


@dataclass(frozen=True)
class Font:
    family: str  # the name the PDF's CSS uses
    path: Path
    weight: str  # a single weight or a range for variable fonts

    @property
    def uri(self) -> str:
        return self.path.as_uri()


def font_cache_dir() -> Path:
    return Path(getattr(settings, "PDF_FONT_CACHE_DIR", Path(settings.BASE_DIR) / "var" / "fonts"))


@cache
def static_instance(source: Path, weight: int) -> Path:
    """A static TTF of the variable font ``source`` at ``weight`` (normal width), made once per
    install: written under a temporary name and renamed, so processes starting together never
    read a half-written file."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    stem = re.sub(r"[^A-Za-z0-9]+", "", source.stem)
    folder = font_cache_dir()
    target = folder / f"{stem}-{weight}-{digest}.ttf"
    if target.is_file():
        return target
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    folder.mkdir(parents=True, exist_ok=True)
    font = instantiateVariableFont(TTFont(source), {"wght": weight, "wdth": 100})
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    os.close(handle)
    try:
        font.save(temporary)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


@cache
def fonts() -> list[Font]:
    noto = fontpkg.path("Noto Sans")
    return [
        # Noto Sans is a variable font: static instances per weight, made once (static_instance).
        Font("HB Sans", static_instance(noto, 400), "400"),
        Font("HB Sans", static_instance(noto, 700), "700"),
        Font("HB Arabic", fontpkg.path("Tajawal", 400), "400"),
        Font("HB Arabic", fontpkg.path("Tajawal", 700), "700"),
    ]


def font_directories() -> list[Path]:
    return sorted({font.path.parent for font in fonts()})


# Raster images a data: URI may hold, by media type and the bytes the image starts with. An SVG is
# refused there: it is a document that can point onward, and WeasyPrint parses any data it cannot
# read as a picture as SVG, so the bytes are checked, not only the declared type.
DATA_IMAGE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9.+-]*):")


class RefusedURL(ValueError):
    """A URL the PDF renderer may not open; WeasyPrint leaves the resource out."""


def allowed_roots(extra_roots: Sequence[Path] = ()) -> list[Path]:
    """The folders a PDF may read from: our static files, the packaged fonts and ``extra_roots``."""
    roots = [STATIC_DIR, Path(settings.STATIC_ROOT), *font_directories(), *extra_roots]
    return sorted({root.resolve() for root in roots})


class LocalOnlyFetcher(URLFetcher):
    """Open only our own files and data: raster images; refuse everything else.

    A ``file:`` URL must name an absolute path without a host (or ``localhost``); the path is
    percent-decoded, resolved (``..`` and symbolic links followed) and must then lie inside one
    of the allowed roots; the resolved file is what is read. Scheme and host are compared
    without regard to case. A refusal raises ``RefusedURL``: WeasyPrint logs it and leaves the
    image, stylesheet or attachment out, the PDF itself is still made.
    """

    def __init__(self, extra_roots: Sequence[Path] = ()) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = allowed_roots(extra_roots)

    def fetch(self, url, headers=None):
        match = SCHEME.match(url)
        scheme = match[1].lower() if match else ""
        if scheme == "file":
            return self.fetch_file(url)
        if scheme == "data":
            return self.fetch_data(url)
        raise RefusedURL(f"Not one of our own files: {url[:200]}")

    def local_path(self, url: str) -> Path:
        """The file ``url`` names, resolved, if it lies inside an allowed root."""
        parts = urlsplit(url)
        if parts.netloc.lower() not in ("", "localhost"):
            raise RefusedURL(f"A file on another host: {url[:200]}")
        raw = unquote(parts.path)
        if not raw.startswith("/") or "\x00" in raw:
            raise RefusedURL(f"Not an absolute path: {url[:200]}")
        path = Path(raw).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise RefusedURL(f"Not one of our own files: {url[:200]}")
        return path

    def fetch_file(self, url: str) -> URLFetcherResponse:
        path = self.local_path(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    def fetch_data(self, url: str) -> URLFetcherResponse:
        response = super().fetch(url)
        body = response.read()
        response.close()
        signatures = DATA_IMAGE_SIGNATURES.get(response.content_type, ())
        if not any(body.startswith(signature) for signature in signatures):
            raise RefusedURL(f"Only PNG, JPEG and GIF images may be given as data: ({response.content_type})")
        return URLFetcherResponse(url, body, {"Content-Type": response.content_type})


_local = threading.local()


def font_configuration() -> FontConfiguration:
    """The process's (thread's) one FontConfiguration, made on first use and reused by every render:
    WeasyPrint registers an @font-face file once per configuration, keyed by its descriptors."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def render_document(html: str, *, base_url: str, extra_roots: Sequence[Path] = ()) -> Document:
    """Lay ``html`` out (pages known, PDF not yet written), fetching only our own files."""
    return HTML(string=html, base_url=base_url, url_fetcher=LocalOnlyFetcher(extra_roots)).render(
        font_config=font_configuration()
    )


def render_pdf(html: str, *, base_url: str | None = None, extra_roots: Sequence[Path] = ()) -> bytes:
    """``html`` as PDF bytes. Relative URLs resolve against ``base_url`` (default: static/)."""
    base = base_url or STATIC_DIR.as_uri() + "/"
    return render_document(html, base_url=base, extra_roots=extra_roots).write_pdf()


WARM_UP_HTML = (
    "<html><head><style>{fonts}</style></head><body><p>Huisbezoek <b>ɣ ɛ ḍ Київ</b></p>"
    '<p dir="rtl" lang="ar">زيارة <b>منزلية</b></p></body></html>'
)


def warm_up() -> None:
    """Render a tiny document with every packaged font and weight, so the first real PDF of a
    process pays neither the font instancing nor WeasyPrint's start-up (the Celery worker calls it
    when its process starts)."""
    from django.template.loader import render_to_string

    render_pdf(WARM_UP_HTML.format(fonts=render_to_string("_pdf_fonts.css", {"fonts": fonts()})))
