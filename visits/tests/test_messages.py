"""Parent messages: one SMS in every shipped language, plain facts, and e-mails that say it all."""

import pytest

from notifications import gsm
from visits.reminders import messages

# The longest a real school's facts get: the name is cut to 20 characters, the phone number has 14.
LONG = messages.VisitFacts(
    school="Openbare Basisschool De Wereldwijde Regenboog",
    date="28-12-2026",
    time="19:45",
    address="Burgemeester van Roijensingel 128, 8011 CZ Zwolle",
    visitors="Fatima Bakker, Pieter de Vries, Hafsa Ouali",
    minutes=60,
    phone="+31 38 4211234",
)
SHORT = messages.VisitFacts(
    school="De Regenboog",
    date="05-11-2026",
    time="19:00",
    address="Lindenlaan 4, 3500 AB Utrecht",
    visitors="Fatima Bakker",
    minutes=45,
    phone="030-1234567",
)


def test_every_language_the_protocol_ships_has_parent_messages():
    from protocol import content

    assert set(messages.LANGUAGES) == set(content.ALL_LANGUAGES)


@pytest.mark.parametrize("language", messages.LANGUAGES)
@pytest.mark.parametrize("kind", [messages.CONFIRMATION, messages.REMINDER])
@pytest.mark.parametrize("facts", [LONG, SHORT], ids=["long", "short"])
def test_every_sms_fits_one_message(language, kind, facts):
    text = messages.sms_text(language=language, kind=kind, facts=facts)
    limit = gsm.single_segment_limit(text)
    assert gsm.units(text) <= limit, f"{language} {kind}: {gsm.units(text)} > {limit}: {text}"
    assert facts.date in text and facts.time in text  # date and time as digits
    assert messages.short_school_name(facts.school) in text


@pytest.mark.parametrize("language", messages.LANGUAGES)
def test_the_sms_core_of_latin_languages_stays_gsm7_or_the_script_needs_unicode(language):
    text = messages.sms_text(language=language, kind=messages.REMINDER, facts=SHORT)
    if language in ("nl", "en", "tr", "pl", "so"):
        assert gsm.is_gsm7(text), text
        assert SHORT.phone in text  # room left for the school's number
    else:
        assert not gsm.is_gsm7(text)


def test_a_long_school_name_is_cut_at_a_word():
    assert messages.short_school_name(LONG.school) == "Openbare Basisschool"
    assert messages.short_school_name("De Regenboog") == "De Regenboog"


@pytest.mark.parametrize("language", messages.LANGUAGES)
def test_the_email_says_when_where_who_and_whom_to_call(language):
    subject, body = messages.email_text(language=language, kind=messages.CONFIRMATION, facts=SHORT)
    assert SHORT.date in subject and SHORT.time in subject
    for fact in (SHORT.address, SHORT.visitors, SHORT.phone, SHORT.school, "45"):
        assert fact in body


def test_the_dutch_reminder_reads_plainly():
    text = messages.sms_text(language="nl", kind=messages.REMINDER, facts=SHORT)
    assert text == (
        "De Regenboog: morgen 05-11-2026 om 19:00 uur komen we op huisbezoek. Tot dan! Past het niet? Bel 030-1234567."
    )
