"""How to reach a family, and in which language: each rule stated once, for every feature that
writes to parents (reminders, the evaluation, and whatever comes later).

* ``sms_number``: which phone number can take a text message (``phone_number``: any valid one,
  written the way the app stores it);
* ``family_contact``: the channel and address to message a family, respecting how the family
  wants to be reached (a family that prefers a call, a letter or a word at the gate gets no
  message: the teacher calls them);
* ``parent_language``: the language a parent reads, from the languages spoken at home, limited
  to the languages the asking feature ships;
* ``parent_message_window``: the hours in which a family may get a message (hand it to
  ``notification_queue``; the outbox holds the message until then).

Pure functions over a family and its prefetched rows: no queries of their own.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import NamedTuple

import phonenumbers
from django.conf import settings

from notifications import whatsapp
from notifications.models import Notification
from notifications.window import Window, window_from_hours

from ..models import Family

SOURCE_LANGUAGE = "nl"

# The languages a parent-facing feature may write in, in the order parents see them in a
# language menu. A feature offers those of these it ships texts for; Dutch always.
PARENT_LANGUAGES: tuple[str, ...] = ("nl", "en", "ar", "tr", "pl", "uk", "so", "zgh")

# Home language (huisbezoek/languages.py) -> the language a parent of that home reads. Moroccan
# Arabic (Darija) is spoken, not written: those families read Standard Arabic. Tarifit is
# written in Tamazight (Latin script). A home language missing here has no shipped language.
HOME_TO_PARENT_LANGUAGE: dict[str, str] = {
    "nl": "nl",
    "en": "en",
    "ar": "ar",
    "ary": "ar",
    "tr": "tr",
    "pl": "pl",
    "uk": "uk",
    "so": "so",
    "zgh": "zgh",
    "rif": "zgh",
}

SMS: str = Notification.Channel.SMS
EMAIL: str = Notification.Channel.EMAIL
WHATSAPP: str = Notification.Channel.WHATSAPP
# The channels that carry the short text (an SMS, or the same text over WhatsApp).
SHORT_TEXT_CHANNELS = frozenset({SMS, WHATSAPP})
# Preferred channels under which a family is messaged at all; the others (phone, letter, in
# person) are reached by the teacher in person.
MESSAGED_CHANNELS = frozenset({Family.Channel.SMS, Family.Channel.WHATSAPP, Family.Channel.EMAIL})


class FamilyContact(NamedTuple):
    """Where to send a family a message: ``channel`` is "sms", "whatsapp" or "email"."""

    channel: str
    address: str


@functools.lru_cache(maxsize=8192)
def phone_number(raw: str) -> str | None:
    """``raw`` as the app stores a phone number: Dutch ones national (``06 12345678``), others
    international (``+32 470 12 34 56``); None when it is not a valid number of any country.
    The import writes numbers the same way."""
    try:
        number = phonenumbers.parse(raw, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    style = phonenumbers.PhoneNumberFormat.NATIONAL
    if number.country_code != 31:
        style = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


@functools.lru_cache(maxsize=8192)
def sms_number(raw: str) -> str | None:
    """``raw`` as an international number that can take an SMS (``+31612345678``), or None.

    Numbers without a country code are read as Dutch (``06…``, ``0031 6…`` and ``+31 6…`` all
    work). Accepted: a valid mobile number of any country, or one whose country does not tell
    mobile from landline (e.g. the United States). Refused: landlines, service numbers and
    anything that is not a valid number."""
    if not raw:
        return None
    try:
        number = phonenumbers.parse(raw, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    kind = phonenumbers.number_type(number)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parent_message_window() -> Window:
    """The local hours in which a family may get any message (``PARENT_MESSAGE_HOURS``, 08:00 to
    21:00 Amsterdam time by default): a confirmation, a reminder, an invitation queued at night
    waits for the morning. The same for every feature that writes to parents."""
    start, end = settings.PARENT_MESSAGE_HOURS
    return window_from_hours(start, end)


def family_contact(family: Family) -> FamilyContact | None:
    """The channel and address to message ``family``'s parents, or None: then the teacher calls.

    Only a family that prefers SMS, WhatsApp or e-mail gets a message: its preferred channel
    first, the other one when the preferred one has no usable address. WhatsApp goes to the
    mobile number an SMS would use, and only while WhatsApp is configured
    (``notifications.whatsapp.is_configured``); otherwise that family gets an SMS. The family's own
    address comes first, then the guardians' (the main carer first). Families who prefer a
    call, a letter or a word at the gate get no message. Uses ``family.guardians.all()``
    (prefetch it)."""
    if family.preferred_channel not in MESSAGED_CHANNELS:
        return None
    guardians = sorted(family.guardians.all(), key=lambda g: (not g.is_main_carer, g.pk))

    def email() -> FamilyContact | None:
        found = next((e for e in (family.email, *(g.email for g in guardians)) if e), None)
        return FamilyContact(EMAIL, found) if found else None

    def sms() -> FamilyContact | None:
        phones = (family.phone, *(g.phone for g in guardians))
        found = next((m for p in phones if p and (m := sms_number(p))), None)
        return FamilyContact(SMS, found) if found else None

    if family.preferred_channel == Family.Channel.WHATSAPP:
        phone = sms()
        if phone is not None and whatsapp.is_configured():
            return FamilyContact(WHATSAPP, phone.address)
        return phone or email()
    if family.preferred_channel == Family.Channel.SMS:
        return sms() or email()
    return email() or sms()


def home_languages(family: Family) -> list[str]:
    """The family's home languages, the main one first. Uses ``family.home_languages.all()``
    (prefetch it)."""
    rows = sorted(family.home_languages.all(), key=lambda fl: (not fl.is_main, fl.pk))
    return [row.language for row in rows]


def parent_language(
    family_or_codes: Family | Iterable[str | None] | str | None, *, offered: Iterable[str] = PARENT_LANGUAGES
) -> str:
    """The language to write to a family in: of ``offered`` (the languages the feature ships).

    Each home language, the main one first, maps to the language a parent of that home reads
    (``HOME_TO_PARENT_LANGUAGE``); the first of those the feature offers wins. When none is
    offered, Dutch. Takes a family (its prefetched ``home_languages``), a list of home language
    codes (main first), or one code."""
    if isinstance(family_or_codes, Family):
        codes: Iterable[str | None] = home_languages(family_or_codes)
    elif family_or_codes is None or isinstance(family_or_codes, str):
        codes = [family_or_codes]
    else:
        codes = family_or_codes
    available = set(offered)
    for code in codes:
        read = HOME_TO_PARENT_LANGUAGE.get(code or "")
        if read in available:
            return read
    return SOURCE_LANGUAGE
