"""PDFs with WeasyPrint, the parts every app shares: fonts from Python packages, a URL fetcher that
only opens our own files, and ``render_pdf(html, base_url=...)``.

Fonts come from Python packages (fontpkg), never from the system and never from the network:

* Noto Sans (fontpkg-noto-sans) for Latin and Cyrillic: Dutch, English, Turkish, Polish,
  Somali, Tamazight in Latin script (ɣ, ɛ, ḍ …) and Ukrainian.
* Tajawal (fontpkg-tajawal) for Arabic. Noto Sans Arabic was tried first: it builds letters
  from a dotless skeleton plus separate dots, and the PDF's text layer then reads back as
  the wrong letters (copy, search and screen readers break). Tajawal keeps whole letters.

A template declares them with ``{% for font in fonts %}@font-face {...}{% endfor %}`` and uses
the families "HB Sans" and "HB Arabic". The URL fetcher opens the project's static files, the
fonts, extra folders a caller names, and data: URIs — so a text can never make the renderer
fetch anything from elsewhere. PDF templates may use <style> (WeasyPrint, not a browser).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import fontpkg
from django.conf import settings
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

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

    def __init__(self, extra_roots: Sequence[Path] = ()) -> None:
        super().__init__(allowed_protocols={"file", "data"})
        roots = [STATIC_DIR, *font_directories(), *extra_roots]
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"Not one of our own files: {url}")
        return super().fetch(url, headers)


def render_document(html: str, *, base_url: str, extra_roots: Sequence[Path] = ()) -> Document:
    """Lay ``html`` out (pages known, PDF not yet written), fetching only our own files."""
    return HTML(string=html, base_url=base_url, url_fetcher=LocalOnlyFetcher(extra_roots)).render(
        font_config=FontConfiguration()
    )


def render_pdf(html: str, *, base_url: str | None = None, extra_roots: Sequence[Path] = ()) -> bytes:
    """``html`` as PDF bytes. Relative URLs resolve against ``base_url`` (default: static/)."""
    base = base_url or STATIC_DIR.as_uri() + "/"
    return render_document(html, base_url=base, extra_roots=extra_roots).write_pdf()
