"""Parent PDFs with WeasyPrint: A4, large type, pictograms, page numbers, right to left for Arabic.

Fonts come from Python packages (fontpkg), never from the system and never from the network:

* Noto Sans (fontpkg-noto-sans) for Latin and Cyrillic: Dutch, English, Turkish, Polish,
  Somali, Tamazight in Latin script (ɣ, ɛ, ḍ …) and Ukrainian.
* Tajawal (fontpkg-tajawal) for Arabic. Noto Sans Arabic was tried first: it builds letters
  from a dotless skeleton plus separate dots, and the PDF's text layer then reads back as
  the wrong letters (copy, search and screen readers break). Tajawal keeps whole letters.

The URL fetcher only opens our own files (pictograms, fonts, the school's logo) and data:
URIs, so a text can never make the renderer fetch anything from elsewhere.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import fontpkg
import segno
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .selectors import ProtocolDocument

# Rendering is logged step by step at INFO; a worker's log needs only warnings.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STATIC_DIR = Path(settings.BASE_DIR) / "static" / "protocol"
ICON_DIR = STATIC_DIR / "img"


@dataclass(frozen=True)
class Font:
    family: str  # the name the PDF's CSS uses
    path: Path
    weight: str  # a single weight or a range for variable fonts

    @property
    def uri(self) -> str:
        return self.path.as_uri()


def fonts() -> list[Font]:
    return [
        # Noto Sans is a variable font; WeasyPrint instantiates the weight from the subset it embeds.
        Font("HB Sans", fontpkg.path("Noto Sans"), "400"),
        Font("HB Sans", fontpkg.path("Noto Sans"), "700"),
        Font("HB Arabic", fontpkg.path("Tajawal", 400), "400"),
        Font("HB Arabic", fontpkg.path("Tajawal", 700), "700"),
    ]


def font_directories() -> list[Path]:
    return sorted({font.path.parent for font in fonts()})


class LocalOnlyFetcher(URLFetcher):
    """Fetch our own files and data: URIs only; everything else fails the resource, not the PDF."""

    def __init__(self, extra_roots: list[Path] | None = None) -> None:
        super().__init__(allowed_protocols={"file", "data"})
        roots = [STATIC_DIR, *font_directories(), Path(settings.MEDIA_ROOT) / "protocol" / "logos"]
        self.roots = [root.resolve() for root in [*roots, *(extra_roots or [])]]

    def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"Not one of our own files: {url}")
        return super().fetch(url, headers)


def icon_uri(name: str) -> str:
    return (ICON_DIR / f"{name}.svg").as_uri()


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    seconds: float


def render_pdf(document: ProtocolDocument, *, booklet: bool = False) -> RenderedPdf:
    """Render ``document`` (one language, or every language for the booklet) to PDF bytes."""
    started = time.perf_counter()
    html = render_to_string(
        "protocol/pdf.html",
        {
            "doc": document,
            "booklet": booklet,
            "fonts": fonts(),
            "logo_uri": Path(document.logo_path).as_uri() if document.logo_path else "",
            "qr_uri": qr_data_uri(document.public_url),
            "first": document.languages[0] if document.languages else None,
        },
    )
    rendered = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=LocalOnlyFetcher()).render(
        font_config=FontConfiguration()
    )
    data = rendered.write_pdf()
    return RenderedPdf(data=data, pages=len(rendered.pages), seconds=time.perf_counter() - started)


ICON_NAMES = (
    "home",
    "people",
    "woman",
    "calendar",
    "clock",
    "interpreter",
    "lock",
    "school",
    "confidant",
    "question",
)
