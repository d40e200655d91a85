"""The parents' message when the school moves or cancels their home visit, in their language:
a short text (SMS, WhatsApp) that fits one SMS, or an e-mail. Names, dates and times only."""

from __future__ import annotations

from dataclasses import dataclass

from notifications.gsm import fits_one_segment

from ..reminders.messages import short_school_name
from ..selectors import PARENT_LANGUAGES
from .texts import TEXTS

SOURCE_LANGUAGE = "nl"
LANGUAGES: tuple[str, ...] = tuple(code for code in PARENT_LANGUAGES if code in TEXTS)
MOVED = "moved"
CANCELLED = "cancelled"


@dataclass(frozen=True)
class ChangeFacts:
    school: str
    date: str  # the new time (moved) or the cancelled one
    time: str
    old_date: str  # the time it was (moved only)
    old_time: str
    phone: str


def _values(facts: ChangeFacts, school: str) -> dict[str, str]:
    return {
        "school": school,
        "date": facts.date,
        "time": facts.time,
        "old_date": facts.old_date,
        "old_time": facts.old_time,
        "phone": facts.phone,
    }


def short_text(*, language: str, kind: str, facts: ChangeFacts) -> str:
    """The SMS (and WhatsApp) text: the core, then each extra while it still fits one SMS."""
    texts = TEXTS.get(language, TEXTS[SOURCE_LANGUAGE])
    values = _values(facts, short_school_name(facts.school))
    text = texts[f"sms_{kind}"].format(**values)
    for extra in texts[f"sms_extras_{kind}"]:
        if "{phone}" in extra and not facts.phone:
            continue
        candidate = f"{text} {extra.format(**values)}"
        if fits_one_segment(candidate):
            text = candidate
    return text


def email_text(*, language: str, kind: str, facts: ChangeFacts) -> tuple[str, str]:
    """(subject, body) of the e-mail to the parents."""
    t = TEXTS.get(language, TEXTS[SOURCE_LANGUAGE])
    values = _values(facts, facts.school)
    lines = [t["dear"], "", t[f"intro_{kind}"].format(**values), ""]
    if kind == MOVED:
        lines += [t["when"].format(**values), t["was"].format(**values)]
    else:
        lines += [t["next_cancelled"]]
    if facts.phone:
        lines += ["", t["call"].format(**values)]
    lines += ["", t["regards"], facts.school]
    return t[f"subject_{kind}"].format(**values), "\n".join(lines)
