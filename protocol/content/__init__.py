"""The default texts Huisbezoek ships: the parent protocol in plain Dutch, its default
translations, the words around it (labels) per language, and the staff working document.

All written fresh for this product (see shared/seeds/README.md): the seeds give the facts,
not the sentences.
"""

from __future__ import annotations

from types import ModuleType

from visits.selectors import PARENT_LANGUAGES

from . import ar, en, nl, pl, so, tr, uk, zgh

SOURCE_LANGUAGE = "nl"

# Section keys in reading order, with the pictogram each shows (static/protocol/img/<name>.svg).
SECTION_ICONS: dict[str, str] = {
    "purpose": "home",
    "visitors": "people",
    "female_visitor": "woman",
    "appointment": "calendar",
    "duration": "clock",
    "frequency": "calendar",
    "interpreter": "interpreter",
    "information": "lock",
    "declining": "school",
    "confidant": "confidant",
    "questions": "question",
}
SECTION_KEYS: tuple[str, ...] = tuple(SECTION_ICONS)

_MODULES: dict[str, ModuleType] = {"nl": nl, "en": en, "ar": ar, "tr": tr, "pl": pl, "uk": uk, "so": so, "zgh": zgh}

# The parent languages (visits.selectors.PARENT_LANGUAGES: the same for messages and
# questionnaires) with a shipped default translation, in the order parents see them. Each is
# covered by the fonts in protocol/pdf.py (Latin, Cyrillic and Arabic script).
ALL_LANGUAGES: tuple[str, ...] = tuple(code for code in PARENT_LANGUAGES if code in _MODULES)
TRANSLATION_LANGUAGES: tuple[str, ...] = tuple(code for code in ALL_LANGUAGES if code != SOURCE_LANGUAGE)

PLACEHOLDERS: tuple[str, ...] = (
    "school_naam",
    "school_telefoon",
    "school_email",
    "duur_minuten",
    "frequentie",
    "vertrouwenspersoon_naam",
    "vertrouwenspersoon_telefoon",
    "vertrouwenspersoon_email",
    "contactpersoon_naam",
    "contactpersoon_telefoon",
    "contactpersoon_email",
)


def sections(language: str) -> dict[str, tuple[str, str]]:
    """The default (title, body) per section key in ``language``."""
    return _MODULES[language].SECTIONS


def labels(language: str) -> dict[str, str]:
    return _MODULES[language].LABELS


def frequency(language: str, value: str) -> str:
    texts = _MODULES[language].FREQUENCY
    return texts.get(value, texts["yearly"])


# --- The staff working document: internal, Dutch only ----------------------------------

WORKING_DOCUMENT = {
    "appointment": (
        "- De leerkracht of mentor maakt zelf de afspraak met het gezin.\n"
        "- Bel eerst. Zeg wie u bent, waarom u komt en hoe lang het duurt.\n"
        "- Bevestig de afspraak daarna kort en persoonlijk: een sms of appbericht werkt vaak beter dan een brief.\n"
        "- Vraag bij het bellen: welke taal spreekt u thuis? Is een tolk nodig? "
        "Mag een man alleen komen, of liever een vrouw?\n"
        "- Lukt bellen niet na 3 pogingen? Probeer een briefje mee naar huis of spreek de ouder aan bij school. "
        "Noteer elke poging.\n"
        "- Plan op late middagen of avonden, niet in vakanties of op feestdagen. Begin in september."
    ),
    "information": (
        "- Schrijf het verslag op de dag van het bezoek.\n"
        "- Zet in de kernpunten alleen wat collega's die het kind lesgeven moeten weten.\n"
        "- Wat de ouders in vertrouwen vertellen, hoort in de vertrouwelijke notitie. "
        "Die lezen alleen u en de zorgcoördinator.\n"
        "- Zet niets vertrouwelijks in e-mail, sms of app.\n"
        "- Zorgen over veiligheid, armoede of welzijn? Meld het dezelfde dag bij de zorgcoördinator. "
        "Die volgt de stappen van de meldcode."
    ),
    "tips": (
        "- Kom op tijd en houd u aan de afgesproken duur (hooguit 1 uur).\n"
        "- Begin met wat goed gaat. Vraag naar de interesses en wensen van het kind.\n"
        "- Het gesprek gaat twee kanten op: de ouders en het kind mogen ook onderwerpen kiezen.\n"
        "- U komt op bezoek, niet ter controle: vraag niet om kamers te zien.\n"
        "- Het kind is er liefst bij.\n"
        "- Voelt u zich niet veilig bij een gezin? Ga samen met een collega. "
        "Overleg voor en na het bezoek met de zorgcoördinator."
    ),
    "interpreters": (
        "- Vraag precies welke taal het gezin spreekt: Tarifit is geen Marokkaans-Arabisch, "
        "en Assyrisch is geen Turks.\n"
        "- Vraag de ouders of ze een tolk willen en wie: de oudercontactpersoon van school of iemand die zij kennen.\n"
        "- Het kind tolkt nooit.\n"
        "- Bespreek vooraf met de tolk wat u wilt vragen. Spreek buiten af en ga samen naar binnen.\n"
        "- Praat tegen de ouders, niet tegen de tolk. Gebruik korte zinnen."
    ),
}
