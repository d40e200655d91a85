"""Parent PDFs with WeasyPrint: A4, large type, pictograms, page numbers, right to left for Arabic.

Fonts and the local-only URL fetcher are shared with every PDF of the project (``huisbezoek.pdf``):
Noto Sans for Latin and Cyrillic, Tajawal for Arabic, and nothing fetched from elsewhere. Here:
the protocol's own pictograms, the school's logo (read through the storage API, given as a
data: URI) and the QR code.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from huisbezoek.pdf import Font, LocalOnlyFetcher, font_directories, fontpkg, fonts, render_document

from .selectors import ProtocolDocument

STATIC_DIR = Path(settings.BASE_DIR) / "static" / "protocol"

__all__ = ["Font", "LocalOnlyFetcher", "RenderedPdf", "font_directories", "fontpkg", "fonts", "render_pdf"]


def logo_data_uri(name: str) -> str:
    """The school's logo (a PNG the upload checked and re-encoded) as a data: URI, read through the
    storage API, so the renderer needs no local file and the logo may live in S3."""
    if not name:
        return ""
    from .models import SchoolProtocolSettings

    try:
        with SchoolProtocolSettings.logo.field.storage.open(name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return ""
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def qr_svg(url: str) -> SafeString:
    """The QR code as inline SVG markup: the PDF fetcher takes no SVG from a data: URI."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True))


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
            "logo_uri": logo_data_uri(document.logo_name),
            "qr_svg": qr_svg(document.public_url),
            "first": document.languages[0] if document.languages else None,
        },
    )
    rendered = render_document(html, base_url=STATIC_DIR.as_uri() + "/")
    data = rendered.write_pdf()
    return RenderedPdf(data=data, pages=len(rendered.pages), seconds=time.perf_counter() - started)
