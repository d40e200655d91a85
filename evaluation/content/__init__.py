"""The default questionnaires and the words around the parent questionnaire, per language.

Written fresh for this product around the four evaluation questions of the plan for school
leaders (shared/seeds/001): the seed gives the questions, not these sentences. Parent texts
are plain (B1): short sentences, one idea each, numbers as digits.

Teachers and pupils answer in Dutch (the school's language); parents in their own language.
A question the school edits or adds has only its Dutch text; parents then see that text in
Dutch, marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from notifications import gsm
from visits.selectors import PARENT_LANGUAGES as SHARED_PARENT_LANGUAGES

from . import ar, en, nl, pl, tr, uk

SOURCE_LANGUAGE = "nl"
SMS_SCHOOL_MAX = 20  # characters of the school's name in the invitation SMS, cut at a word
_MODULES: dict[str, ModuleType] = {"nl": nl, "en": en, "ar": ar, "tr": tr, "pl": pl, "uk": uk}
# The parent languages the questionnaire ships, in the order parents see languages everywhere.
# A family whose parents read another one gets it in Dutch (visits.selectors.parent_language).
PARENT_LANGUAGES: tuple[str, ...] = tuple(code for code in SHARED_PARENT_LANGUAGES if code in _MODULES)


@dataclass(frozen=True)
class DefaultQuestion:
    key: str
    audience: str  # Audience value
    theme: str  # Theme value
    kind: str  # Question.Kind value


# In the order they are asked. Dutch texts live in nl.QUESTIONS under the same key.
DEFAULT_QUESTIONS: tuple[DefaultQuestion, ...] = (
    DefaultQuestion("t_experience", "teacher", "experience", "scale"),
    DefaultQuestion("t_prepared", "teacher", "experience", "scale"),
    DefaultQuestion("t_experience_open", "teacher", "experience", "open"),
    DefaultQuestion("t_information", "teacher", "information", "scale"),
    DefaultQuestion("t_information_open", "teacher", "information", "open"),
    DefaultQuestion("t_relation_parents", "teacher", "relation", "scale"),
    DefaultQuestion("t_relation_pupils", "teacher", "relation", "scale"),
    DefaultQuestion("t_care", "teacher", "care", "scale"),
    DefaultQuestion("t_care_open", "teacher", "care", "open"),
    DefaultQuestion("p_experience", "parent", "experience", "scale"),
    DefaultQuestion("p_experience_open", "parent", "experience", "open"),
    DefaultQuestion("p_information", "parent", "information", "scale"),
    DefaultQuestion("p_relation", "parent", "relation", "scale"),
    DefaultQuestion("p_relation_ask", "parent", "relation", "scale"),
    DefaultQuestion("p_care", "parent", "care", "scale"),
    DefaultQuestion("l_experience", "pupil", "experience", "scale"),
    DefaultQuestion("l_information", "pupil", "information", "scale"),
    DefaultQuestion("l_relation", "pupil", "relation", "scale"),
    DefaultQuestion("l_open", "pupil", "experience", "open"),
)


def dutch_text(key: str) -> str:
    return str(nl.QUESTIONS[key])


def question_text(key: str, language: str) -> str | None:
    """The shipped translation of a default question, or None (then the Dutch text is shown)."""
    module = _MODULES.get(language)
    if module is None or not key:
        return None
    text = module.QUESTIONS.get(key)
    return str(text) if text else None


def ui(language: str) -> dict[str, str]:
    """The words around the parent questionnaire (title, scale, buttons, messages)."""
    return dict(_MODULES.get(language, nl).UI)


def scale_labels(language: str) -> list[str]:
    return list(_MODULES.get(language, nl).SCALE)


def invitation_sms(language: str, *, school: str, link: str, date: str) -> str:
    """The invitation as an SMS: the school (cut to ``SMS_SCHOOL_MAX``), the question, the personal
    link (and, room allowing, the last day), then each extra sentence only while the text needs
    no more SMS segments than without it. One segment in the Latin-script languages, two in
    Arabic and Ukrainian (any UCS-2 text with the link; see the language modules)."""
    module = _MODULES.get(language, nl)
    values = {"school": gsm.cut_at_word(school, SMS_SCHOOL_MAX), "link": link, "date": date}
    text = str(module.SMS).format(**values)
    parts = gsm.segments(text)
    for extra in module.SMS_EXTRAS:
        candidate = f"{text} {extra.format(**values)}"
        if gsm.segments(candidate) <= parts:
            text = candidate
    return text
