"""CSV files a spreadsheet program opens safely: no cell is ever run as a formula.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula,
also after leading spaces, and a leading tab or carriage return can hide such a start. Every
text cell whose first non-blank character is one of those gets a single quote in front, which
the program shows as plain text (the advice of OWASP on CSV injection). Numbers are written
as they are. Every CSV the product exports is written with ``writer``.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = frozenset("=+-@")
HIDING_STARTS = frozenset("\t\r")


def safe_cell(value: Any) -> Any:
    """``value``, with a ``'`` in front if it is text a spreadsheet would read as a formula."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in HIDING_STARTS:
        return "'" + value
    for char in value:
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue  # blanks and invisible characters: the spreadsheet looks past them
        return "'" + value if char in FORMULA_STARTS else value
    return value


class SafeWriter:
    """A ``csv.writer`` that passes every cell through ``safe_cell``."""

    def __init__(self, file: Any, **options: Any) -> None:
        self.writer = csv.writer(file, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self.writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(file: Any, **options: Any) -> SafeWriter:
    """Like ``csv.writer(file, **options)``, with every text cell made safe for spreadsheets."""
    return SafeWriter(file, **options)
