"""The words of the parents' booking page, one module per parent language (defaults written fresh
for this page, plain B1, numbers as digits; not yet checked by native speakers)."""

from __future__ import annotations

from types import ModuleType

from ...selectors import PARENT_LANGUAGES as SHARED_PARENT_LANGUAGES
from . import ar, en, nl, pl, so, tr, uk, zgh

SOURCE_LANGUAGE = "nl"
_MODULES: dict[str, ModuleType] = {"nl": nl, "en": en, "ar": ar, "tr": tr, "pl": pl, "uk": uk, "so": so, "zgh": zgh}
PARENT_LANGUAGES: tuple[str, ...] = tuple(code for code in SHARED_PARENT_LANGUAGES if code in _MODULES)


def ui(language: str) -> dict[str, str]:
    return _MODULES.get(language, nl).UI


def weekday(language: str, number: int) -> str:
    """The name of the weekday (0 = Monday) in ``language``."""
    return _MODULES.get(language, nl).WEEKDAYS[number]
