"""Messages to parents about their home visit, in every parent language (``PARENT_LANGUAGES`` in
visits/selectors/families.py, the languages the protocol ships too).

Short and plain (B1), numbers as digits, no confidential content: the school, the date and
time, the address, who comes, and the school's phone number. The translations are defaults,
not yet checked by native speakers (like the protocol's), and are written so an SMS fits one
message in every language: a GSM-7 text in 160 characters, any other in 70.

Each SMS is a fixed core (school, date, time) plus optional sentences that are added, in
order, only while the text still fits one message — so a long school name or a non-Latin
script drops the "see you" and the phone number rather than splitting the SMS.
"""

from __future__ import annotations

from dataclasses import dataclass

from notifications.gsm import cut_at_word, fits_one_segment

from ..selectors import PARENT_LANGUAGES
from .texts import TEXTS

SOURCE_LANGUAGE = "nl"
# The parent languages these texts exist for, in the order parents see languages everywhere.
LANGUAGES: tuple[str, ...] = tuple(code for code in PARENT_LANGUAGES if code in TEXTS)

CONFIRMATION = "confirmation"
REMINDER = "reminder"
SMS_SCHOOL_MAX = 20  # characters of the school's name in an SMS, cut at a word


def short_school_name(name: str) -> str:
    """The school's name cut to SMS_SCHOOL_MAX characters at a word boundary."""
    return cut_at_word(name, SMS_SCHOOL_MAX)


@dataclass(frozen=True)
class VisitFacts:
    """What a parent message may say: never more than this."""

    school: str
    date: str  # 12-11-2026
    time: str  # 19:00
    address: str
    visitors: str
    minutes: int
    phone: str  # the school's phone number, may be empty


def sms_text(*, language: str, kind: str, facts: VisitFacts) -> str:
    texts = TEXTS.get(language, TEXTS[SOURCE_LANGUAGE])
    values = {"school": short_school_name(facts.school), "date": facts.date, "time": facts.time, "phone": facts.phone}
    text = texts[f"sms_{kind}"].format(**values)
    for extra in texts["sms_extras"]:
        if "{phone}" in extra and not facts.phone:
            continue
        candidate = f"{text} {extra.format(**values)}"
        if fits_one_segment(candidate):
            text = candidate
    return text


def email_text(*, language: str, kind: str, facts: VisitFacts) -> tuple[str, str]:
    """(subject, body) of the e-mail to the parents."""
    t = TEXTS.get(language, TEXTS[SOURCE_LANGUAGE])
    values = {
        "school": facts.school,
        "date": facts.date,
        "time": facts.time,
        "phone": facts.phone,
        "minutes": facts.minutes,
    }
    lines = [
        t["dear"],
        "",
        t[f"intro_{kind}"],
        "",
        t["when"].format(**values),
        f"{t['address']}: {facts.address}",
        f"{t['visitors']}: {facts.visitors}",
        t["minutes"].format(**values),
    ]
    if facts.phone:
        lines += ["", t["call"].format(**values)]
    lines += ["", t["regards"], facts.school]
    return t[f"subject_{kind}"].format(**values), "\n".join(lines)
