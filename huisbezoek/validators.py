"""One rule for characters that have no place in a name or an imported value.

Control characters (a line break, a bell), line and paragraph separators and invisible format
characters (right-to-left override, bidi isolates and marks, zero-width space, word joiner, a
byte-order mark) can make a name look like something it is not, or reorder the text around it.
They are refused. The zero-width non-joiner and joiner stay allowed between two letters: Persian,
Arabic and Indic scripts need them to spell a name correctly (for example "فاطمه‌زهرا").
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
# Zero-width non-joiner and joiner: part of the spelling in several scripts.
JOINERS = frozenset({"\u200c", "\u200d"})


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in ("L", "M")


def first_hidden_character(text: str) -> str | None:
    """The first character of ``text`` that is a control or format character, if there is one.

    A joiner counts only when it does not sit between two letters (at the start or end, doubled,
    or next to a space or a digit), where it can only hide something.
    """
    for index, char in enumerate(text):
        if unicodedata.category(char) not in HIDDEN_CATEGORIES:
            continue
        if char in JOINERS and 0 < index < len(text) - 1:
            if _is_letter(text[index - 1]) and _is_letter(text[index + 1]):
                continue
        return char
    return None


def character_code(char: str) -> str:
    """How a message names a character: its code point in hexadecimal, as in U+202E."""
    return f"{ord(char):04X}"


def no_hidden_characters(value: str) -> None:
    """Form and model field validator: refuse a value holding a control or format character."""
    char = first_hidden_character(value or "")
    if char is not None:
        raise ValidationError(
            _(
                "Dit veld bevat een onzichtbaar teken of stuurteken (U+%(code)s); "
                "typ de waarde opnieuw zonder dat teken."
            ),
            code="hidden_character",
            params={"code": character_code(char)},
        )
