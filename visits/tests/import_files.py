"""Helpers of the import tests (visits and privacy): CSV files of pupils as a school's administration exports them."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from visits.imports.columns import parse_csv
from visits.imports.plan import build_plan
from visits.imports.services import import_apply

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "import-voorbeeld.csv"


HEADER = [
    "leerlingnummer",
    "voornaam",
    "achternaam",
    "geboortedatum",
    "groep",
    "gezinsnummer",
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "telefoon",
    "thuistalen",
    "ouder1_voornaam",
    "ouder1_achternaam",
    "ouder1_relatie",
    "ouder1_telefoon",
]


def pupil(n: int = 1, **values: str) -> dict[str, str]:
    """One pupil row; every pupil gets its own family unless ``gezinsnummer`` is given."""
    row = {
        "leerlingnummer": f"T{n:05d}",
        "voornaam": "Noor",
        "achternaam": "Bakker",
        "geboortedatum": "14-03-2019",
        "groep": "Groep 4",
        "gezinsnummer": f"G{n}",
        "straat": "Ondiep",
        "huisnummer": str(n),
        "postcode": "3552 EH",
        "plaats": "Utrecht",
        "telefoon": "06 12345678",
        "thuistalen": "Nederlands",
        "ouder1_voornaam": "Linda",
        "ouder1_achternaam": "Bakker",
        "ouder1_relatie": "moeder",
        "ouder1_telefoon": "06 12345678",
    }
    row.update(values)
    return row


def csv_text(rows: list[dict[str, str]], header: list[str] | None = None, delimiter: str = ";") -> str:
    header = header or HEADER

    def quote(value: str) -> str:
        if delimiter in value or '"' in value or "\n" in value or "\r" in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [delimiter.join(header)]
    lines += [delimiter.join(quote(row.get(name, "")) for name in header) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None, delimiter: str = ";", encoding="utf-8"):
    return csv_text(rows, header, delimiter).encode(encoding)


def example_bytes() -> bytes:
    return EXAMPLE.read_bytes()


def example_with(replacements: list[tuple[str, str]], extra_lines: list[str] = ()) -> bytes:
    """The example file with some text replaced and lines added at the end."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return (text + "".join(f"{line}\n" for line in extra_lines)).encode("utf-8")


def run_import(data: bytes, school, school_year, by):
    """Parse, plan and apply ``data`` for ``school`` (no errors expected); the plan and the result."""
    parsed = parse_csv(data)
    assert parsed.errors == []
    plan = build_plan(school=school, school_year=school_year, parsed=parsed)
    assert plan.errors == []
    return plan, import_apply(school=school, school_year=school_year, plan=plan, by=by)
