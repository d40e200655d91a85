"""The privacy notice for parents, "Privacy: wat de school vastlegt", one module per language.

Written fresh for this product in plain language (B1): short sentences, one idea per line,
numbers as digits. Each module gives ``TITLE``, ``INTRO``, ``SECTIONS`` (key -> heading, body),
labels and ``years(n)``, the number of years in its own grammar. In a body a line starting with
"- " is an item of a list; ``{school}``, ``{family_years}`` and ``{care_years}`` are filled in with
the school's name and its own retention periods.
"""

from __future__ import annotations

from types import ModuleType

from visits.selectors import PARENT_LANGUAGES as SHARED_PARENT_LANGUAGES

from . import ar, en, nl, pl, so, tr, uk, zgh

SOURCE_LANGUAGE = "nl"
_MODULES: dict[str, ModuleType] = {"nl": nl, "en": en, "ar": ar, "tr": tr, "pl": pl, "uk": uk, "so": so, "zgh": zgh}
# Every parent language, in the order parents see languages everywhere.
LANGUAGES: tuple[str, ...] = tuple(code for code in SHARED_PARENT_LANGUAGES if code in _MODULES)
SECTION_KEYS: tuple[str, ...] = ("what", "why", "how_long", "who", "rights", "ask")


def module(language: str) -> ModuleType:
    return _MODULES[language]
