"""Cells that hide a formula behind white space, or hold invisible characters, are refused."""

import pytest

from visits.imports.columns import parse_csv
from visits.tests.import_files import csv_bytes, pupil


@pytest.mark.parametrize(
    ("cell", "char"),
    [
        ('\u00a0=HYPERLINK("http://x";"klik")', "="),
        ("\n=1+1", "="),
        ("\u3000=cmd|' /C calc'!A0", "="),
        ("\u2003@SUM(A1:A9)", "@"),
        ("\x0b=1+1", "="),
        ("\x0c+cmd", "+"),
        ("-1+1", "-"),
        (" -1+1", "-"),
        ("-1-1", "-"),
        ("+1+1", "+"),
        ("+31 6 1234+5678", "+"),
    ],
)
def test_a_formula_after_leading_white_space_or_in_arithmetic_is_refused(cell, char):
    errors = messages(csv_bytes([pupil(1, achternaam=cell)]))
    assert errors == [f"Regel 2, kolom achternaam: een cel mag niet met '{char}' beginnen (dit lijkt een formule)."]


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("\u200b=1+1", "200B"),
        ("Bak\u202eker", "202E"),
        ("Bakker\u200d", "200D"),
        ("\u2066Bakker\u2069", "2066"),
        ("Bak\ufeffker", "FEFF"),
        ("\u200cBakker", "200C"),
        ("Bak\u200c\u200cker", "200C"),
        ("Bak\u200bker", "200B"),
        ("Bak\u200fker", "200F"),
        ("Bak\u2060ker", "2060"),
        ("Bak\x07ker", "0007"),
        ("Bak\nker", "000A"),
        ("Bak\u2028ker", "2028"),
    ],
)
def test_control_and_format_characters_in_a_cell_are_refused_with_their_code(cell, code):
    errors = messages(csv_bytes([pupil(1, voornaam=cell)]))
    assert errors == [
        f"Regel 2, kolom voornaam: de cel bevat een onzichtbaar teken of stuurteken (U+{code}); "
        "typ de waarde opnieuw zonder dat teken."
    ]


def messages(data: bytes) -> list[str]:
    return [str(error) for error in parse_csv(data).errors]


def test_phone_numbers_negative_numbers_and_plain_spaces_around_values_still_import():
    rows = [
        pupil(1, telefoon="+31 6 12345678"),
        pupil(2, telefoon="+31 (0)6-1234 5678"),
        pupil(3, telefoon="\u00a0+31612345678\u00a0", achternaam="\u3000Bakker "),
        pupil(4, huisnummer="12-3", voornaam="Zoë-Ann"),
    ]
    parsed = parse_csv(csv_bytes(rows))
    assert parsed.errors == []
    assert [p.last_name for p in parsed.pupils][:3] == ["Bakker", "Bakker", "Bakker"]


def test_a_joiner_between_letters_is_part_of_a_name_and_imports():
    rows = [
        pupil(1, voornaam="\u0641\u0627\u0637\u0645\u0647\u200c\u0632\u0647\u0631\u0627"),  # Persian, with ZWNJ
        pupil(2, voornaam="\u0645\u062d\u0645\u062f", achternaam="\u0627\u0644\u0639\u0644\u064a"),  # Arabic
        pupil(3, voornaam="\u0915\u094d\u200d\u0937", achternaam="Yılmaz"),  # Devanagari with ZWJ; Turkish
    ]
    parsed = parse_csv(csv_bytes(rows))
    assert parsed.errors == []
    assert "\u200c" in parsed.pupils[0].first_name
