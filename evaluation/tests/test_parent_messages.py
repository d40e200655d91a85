"""The invitation as a parent gets it: never at night, and by SMS as short as the link allows.

The personal link is the long part. Its worst case in production: SITE_URL
``https://huisbezoek.example.org`` (30 characters) + ``/vragenlijst/`` + a 43-character token +
``/`` = 87 characters. That leaves 73 of a GSM-7 message's 160 for the school's name (cut to 20),
the date (10) and the words (43 at most). A UCS-2 text (Arabic, Ukrainian) has 70 characters in
one message and 67 per part in more: the link alone is longer, so those go as 2 parts (134),
with 27 left for the name and the words.
"""

import datetime
import json
import secrets
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.core import mail

from evaluation import content, services
from evaluation.tests.helpers import open_and_invite
from notifications import gsm
from notifications.models import Notification
from notifications.services import notifications_dispatch

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
PRODUCTION_SITE = "https://huisbezoek.example.org"
LONG_SCHOOL = "Openbare Basisschool De Wereldwijde Regenboog"
# Honest counts: one message wherever the script allows it; two where any text with the link must.
SEGMENTS = {"nl": 1, "en": 1, "tr": 1, "pl": 1, "ar": 2, "uk": 2}


@pytest.fixture(autouse=True)
def _sms_to_files(settings, tmp_path):
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")


@pytest.fixture
def _send_after_commit(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, robust=False: fn())


def sms_sent(settings):
    folder = Path(settings.SMS_FILE_PATH)
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


def worst_link(settings):
    settings.SITE_URL = PRODUCTION_SITE
    token = secrets.token_urlsafe(services.TOKEN_BYTES)
    assert len(token) == 43
    link = services.parent_link(token)
    assert len(link) == 87
    return link


def test_every_shipped_language_has_an_invitation_sms():
    assert set(SEGMENTS) == set(content.PARENT_LANGUAGES)


@pytest.mark.parametrize("language", content.PARENT_LANGUAGES)
@pytest.mark.parametrize("school", [LONG_SCHOOL, "De Regenboog"], ids=["long", "short"])
def test_the_invitation_sms_is_as_short_as_the_link_allows(settings, language, school):
    link = worst_link(settings)
    text = content.invitation_sms(language, school=school, link=link, date="28-12-2026")
    assert gsm.segments(text) == SEGMENTS[language], f"{language}: {gsm.units(text)} units: {text}"
    if SEGMENTS[language] == 1:
        assert gsm.fits_one_segment(text)
        assert "28-12-2026" in text  # the last day fits too
    assert link in text
    assert gsm.cut_at_word(school, content.SMS_SCHOOL_MAX) in text


def test_the_dutch_invitation_sms_reads_plainly(settings):
    text = content.invitation_sms("nl", school="De Regenboog", link=worst_link(settings), date="05-07-2027")
    assert text.startswith("De Regenboog: hoe was het huisbezoek? Vul in tot 05-07-2027: https://")


def test_an_sms_family_gets_the_short_text_and_an_email_family_the_whole_message(
    settings, evaluation, directie, families
):
    open_and_invite(evaluation, directie)
    messages = {n.family_id: n for n in Notification.objects.filter(kind="evaluation_invite")}
    by_sms, by_email = messages[families[0].pk], messages[families[2].pk]
    assert by_sms.channel == "sms" and gsm.segments(by_sms.body) == 1
    assert by_email.channel == "email" and "يستغرق 3 دقائق" in by_email.body  # the whole message: "takes 3 minutes"


@pytest.mark.usefixtures("_send_after_commit")
@pytest.mark.parametrize(
    "night",
    [
        datetime.datetime(2027, 6, 14, 23, 52, tzinfo=AMS),  # summer time
        datetime.datetime(2027, 3, 27, 23, 52, tzinfo=AMS),  # the clocks go forward that night
        datetime.datetime(2027, 10, 30, 23, 52, tzinfo=AMS),  # the clocks go back that night
    ],
    ids=["summer", "spring-forward", "fall-back"],
)
def test_invitations_queued_at_23_52_wait_for_8_oclock_and_then_go_once(
    settings, evaluation, directie, families, night
):
    with time_machine.travel(night, tick=False):
        open_and_invite(evaluation, directie)
    invitations = Notification.objects.filter(kind="evaluation_invite")
    assert invitations.count() == 3
    assert mail.outbox == [] and sms_sent(settings) == []
    morning = datetime.datetime.combine(night.date() + datetime.timedelta(days=1), datetime.time(8), tzinfo=AMS)
    assert {n.next_attempt_at for n in invitations} == {morning}
    for moment in (night + datetime.timedelta(minutes=8), morning - datetime.timedelta(minutes=1)):
        with time_machine.travel(moment, tick=False):
            notifications_dispatch()
    assert mail.outbox == [] and sms_sent(settings) == []
    for moment in (morning, morning + datetime.timedelta(minutes=1)):
        with time_machine.travel(moment, tick=False):
            notifications_dispatch()
    assert {n.status for n in invitations.all()} == {Notification.Status.SENT}
    assert len(mail.outbox) == 2 and len(sms_sent(settings)) == 1
