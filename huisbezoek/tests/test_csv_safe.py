"""Every CSV export writes text a spreadsheet would run as a formula as plain text."""

import csv
import io
import re
from pathlib import Path

import pytest

from huisbezoek.csv_safe import safe_cell, writer


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://x";"klik")',
        "+cmd|' /C calc'!A0",
        "-1+1",
        " -1+1",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "\tBakker",
        "\n=1+1",
        "\u00a0=1+1",
        "\u2003=1+1",
        "\u3000@x",
        "\x0b=1",
        "\x0c=1",
        "\u200b=1+1",
        "\ufeff=1+1",
        "+31 6 12345678",
        "-",
    ],
)
def test_a_cell_that_starts_like_a_formula_gets_a_quote_in_front(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Bakker", "Fatima =HYPERLINK(1)", "12-3", "", "   ", "O'Brien", "ja"])
def test_other_text_is_written_as_it_is(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-1, 0, 8, 2.5, None])
def test_numbers_and_empty_values_are_written_as_they_are(value):
    assert safe_cell(value) is value


def test_the_writer_makes_every_cell_of_every_row_safe():
    out = io.StringIO()
    safe = writer(out, delimiter=";")
    safe.writerow(["=1+1", "Noor", -3])
    safe.writerows([["@x", " +y"], ["ok"]])
    assert list(csv.reader(io.StringIO(out.getvalue()), delimiter=";")) == [
        ["'=1+1", "Noor", "-3"],
        ["'@x", "' +y"],
        ["ok"],
    ]


def test_every_csv_export_writes_through_the_safe_writer():
    """No module of the product but ``huisbezoek.csv_safe`` makes a ``csv.writer`` itself."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in sorted(root.glob("*/**/*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in {".venv", "e2e", "bench"} or "tests" in relative.parts:
            continue
        if relative != Path("huisbezoek/csv_safe.py") and re.search(r"\bcsv\.(writer|DictWriter)\b", path.read_text()):
            offenders.append(str(relative))
    assert offenders == []
