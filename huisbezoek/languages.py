"""The languages families speak at home, recorded exactly.

The seeds insist on precision: Tarifit is not Moroccan Arabic, Moroccan Arabic is not
Standard Arabic, Assyrian is not Turkish — the interpreter must match. Codes are
ISO 639 (639-3 where 639-1 is too coarse). Each language is named in Dutch for staff and
in its own script for parents.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Language:
    code: str
    name: Promise | str  # Dutch name (translatable) for staff
    native: str  # the language's own name, in its own script, for parents
    rtl: bool = False


LANGUAGES: tuple[Language, ...] = (
    Language("nl", _("Nederlands"), "Nederlands"),
    Language("en", _("Engels"), "English"),
    Language("ar", _("Standaard-Arabisch"), "العربية", rtl=True),
    Language("ary", _("Marokkaans-Arabisch (Darija)"), "الدارجة", rtl=True),
    Language("rif", _("Tarifit (Riffijns-Berbers)"), "Tarifit"),
    Language("zgh", _("Tamazight (Berbers)"), "Tamaziɣt"),
    Language("tr", _("Turks"), "Türkçe"),
    Language("pl", _("Pools"), "Polski"),
    Language("uk", _("Oekraïens"), "Українська"),
    Language("ru", _("Russisch"), "Русский"),
    Language("so", _("Somalisch"), "Soomaali"),
    Language("ti", _("Tigrinya"), "ትግርኛ"),
    Language("aii", _("Assyrisch (Neo-Aramees)"), "ܣܘܪܝܬ", rtl=True),
    Language("fa", _("Perzisch (Farsi)"), "فارسی", rtl=True),
    Language("prs", _("Dari"), "دری", rtl=True),
    Language("ps", _("Pasjtoe"), "پښتو", rtl=True),
    Language("kmr", _("Koerdisch (Kurmanji)"), "Kurmancî"),
    Language("bg", _("Bulgaars"), "Български"),
    Language("ro", _("Roemeens"), "Română"),
    Language("es", _("Spaans"), "Español"),
    Language("pt", _("Portugees"), "Português"),
    Language("fr", _("Frans"), "Français"),
    Language("pap", _("Papiaments"), "Papiamentu"),
    Language("srn", _("Sranantongo"), "Sranantongo"),
    Language("zh", _("Chinees"), "中文"),
    Language("ta", _("Tamil"), "தமிழ்"),
)

BY_CODE: dict[str, Language] = {lang.code: lang for lang in LANGUAGES}
CHOICES: list[tuple[str, Promise | str]] = [(lang.code, lang.name) for lang in LANGUAGES]
MAX_CODE_LENGTH = 8


def get(code: str) -> Language | None:
    return BY_CODE.get(code)
