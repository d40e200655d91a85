"""Helpers of the protocol tests: read a PDF back as text, its document info and its fonts (poppler)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    return subprocess.run(  # noqa: S603 - our fixed poppler tools on our own files
        ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_info(data: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    command = ["/usr/bin/pdfinfo", str(path)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def pdf_fonts(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    command = ["/usr/bin/pdffonts", str(path)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
