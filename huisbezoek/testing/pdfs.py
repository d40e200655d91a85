"""Read a PDF's fonts back with poppler's pdffonts, for tests that pin which fonts a PDF embeds."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

# A subset prefix and one of the families huisbezoek.pdf declares from packaged font files.
PACKAGED_FONT = re.compile(r"[A-Z]{6}\+HB-(Sans|Arabic)(-Bold)?")


def pdf_font_names(data: bytes, tmp_path: Path) -> list[str]:
    """The name of every font embedded in the PDF ``data``."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    command = ["/usr/bin/pdffonts", str(path)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603 - our own file
    return [line.split()[0] for line in out.splitlines()[2:] if line.strip()]


def only_packaged_fonts(data: bytes, tmp_path: Path) -> list[str]:
    """The PDF's fonts, after asserting there is at least one and every one is packaged (no system fallback)."""
    fonts = pdf_font_names(data, tmp_path)
    assert fonts, "the PDF embeds no font"
    strays = [font for font in fonts if not PACKAGED_FONT.fullmatch(font)]
    assert not strays, f"system fonts in the PDF: {strays}"
    return fonts
