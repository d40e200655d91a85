"""When the school moves or cancels a planned home visit, the family and the interpreter hear of it:
in the family's language and channel, within its sending hours, once per change (a double click
sends nothing twice), and never for a talk at school.

The clock stands on Monday 2 November 2026, 10:00 (visits/tests/conftest.py)."""

import pytest
import time_machine
from django.core import mail

from notifications.gsm import fits_one_segment
from notifications.models import Notification
from visits.changes import messages
from visits.changes.texts import TEXTS
from visits.models import ContactAttempt, Family, InterpreterBooking, ReminderSettings, Visit
from visits.reminders import rules as reminders
from visits.selectors import PARENT_LANGUAGES
from visits.services import Reason, VisitPlan, contact_log, visit_open, visit_schedule, visit_transition
from visits.tests.factories import FamilyLanguageFactory, InterpreterFactory
from visits.tests.helpers import at

S = Visit.Status


@pytest.fixture(autouse=True)
def _send_after_commit(monkeypatch, settings, tmp_path):
    """Tests run inside one transaction; run the after-commit sends at once, as a commit would."""
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, robust=False: fn())


@pytest.fixture
def visit(pupil, school_year, teacher, family, programme, women):
    family.preferred_channel = Family.Channel.SMS
    family.phone = "06 12345678"
    family.save()
    return visit_open(pupil=pupil, school_year=school_year, by=teacher)


def plan(teacher, **changes):
    values = {
        "starts_at": at(4, 19),
        "duration_minutes": 60,
        "lead_visitor": teacher,
        "family_interpreter": "Oom Karim",
    }
    values.update(changes)
    return VisitPlan(**values)


def schedule(visit, teacher, **changes):
    visit.refresh_from_db()
    return visit_schedule(visit=visit, plan=plan(teacher, **changes), by=teacher)


def of_kind(kind):
    return list(Notification.objects.filter(kind=kind).order_by("pk"))


def test_moving_a_planned_visit_tells_the_family_once_in_its_language(visit, teacher, school):
    schedule(visit, teacher)
    assert of_kind("parent_moved") == []  # planning itself is confirmed by the reminder sweep
    schedule(visit, teacher, starts_at=at(5, 18))
    [moved] = of_kind("parent_moved")
    assert moved.channel == "sms" and moved.address == "+31612345678"
    assert moved.language == "zgh"  # Tarifit at home: Tamazight
    assert "05-11-2026" in moved.body and "18:00" in moved.body
    assert fits_one_segment(moved.body)
    assert moved.window_opens is not None  # within the family's hours
    # The same plan sent again (a double click) and an edit without a new time: no new message.
    schedule(visit, teacher, starts_at=at(5, 18))
    schedule(visit, teacher, starts_at=at(5, 18), agenda="Kennismaken")
    assert len(of_kind("parent_moved")) == 1
    # Moved once more (and back): each change is told.
    schedule(visit, teacher, starts_at=at(4, 19))
    assert len(of_kind("parent_moved")) == 2


def test_a_family_preferring_email_gets_an_email_with_the_old_and_new_time(visit, teacher, family):
    family.preferred_channel = Family.Channel.EMAIL
    family.email = "ouders@example.org"
    family.save()
    family.home_languages.all().delete()
    FamilyLanguageFactory(family=family, language="nl", is_main=True)
    schedule(visit, teacher)
    schedule(visit, teacher, starts_at=at(5, 18))
    [moved] = of_kind("parent_moved")
    assert moved.channel == "email"
    assert moved.subject == "Huisbezoek verzet naar 05-11-2026 om 18:00 uur"
    assert "Eerst was het: 04-11-2026 om 19:00 uur." in moved.body
    assert [m.subject for m in mail.outbox] == [moved.subject]


def test_a_whatsapp_family_gets_the_short_text_over_whatsapp(visit, teacher, family, settings):
    settings.WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WHATSAPP_TOKEN = "token"
    family.preferred_channel = Family.Channel.WHATSAPP
    family.save()
    schedule(visit, teacher)
    Notification.objects.all().delete()
    with pytest.MonkeyPatch.context() as mp:  # no real WhatsApp here: the fake server tests are in notifications
        mp.setattr("notifications.whatsapp.send", lambda **kwargs: "wamid.test")
        schedule(visit, teacher, starts_at=at(5, 18))
    [moved] = of_kind("parent_moved")
    assert moved.channel == "whatsapp" and moved.address == "+31612345678"
    assert moved.subject == "" and fits_one_segment(moved.body)
    assert moved.status == Notification.Status.SENT and moved.provider_id == "wamid.test"


def test_a_cancellation_by_the_school_tells_the_family_once(visit, teacher):
    visit = schedule(visit, teacher)
    visit_transition(
        visit=visit,
        by=teacher,
        to_status=S.CANCELLED,
        reason=Reason("school_cancelled"),
        expected_version=visit.version,
    )
    [cancelled] = of_kind("parent_cancelled")
    assert "04-11-2026" in cancelled.body and "19:00" in cancelled.body
    assert cancelled.key == f"parent_cancelled:{visit.pk}:v{visit.version + 1}"


@pytest.mark.parametrize("reason", ["family_cancelled", "moved", "wrong_contact", "unreachable"])
def test_no_cancellation_message_when_the_family_cancelled_or_cannot_be_reached(visit, teacher, reason):
    visit = schedule(visit, teacher)
    visit_transition(visit=visit, by=teacher, to_status=S.CANCELLED, reason=Reason(reason))
    assert of_kind("parent_cancelled") == []


def test_parents_saying_no_get_no_message(visit, teacher):
    visit = schedule(visit, teacher)
    visit_transition(visit=visit, by=teacher, to_status=S.DECLINED, reason=Reason("no_time"))
    assert Notification.objects.filter(family_id=visit.family_id).count() == 0


def test_a_talk_at_school_gets_no_change_message(visit, teacher):
    visit = schedule(visit, teacher)
    visit_transition(visit=visit, by=teacher, to_status=S.DECLINED, reason=Reason("no_time"))
    visit_transition(visit=visit, by=teacher, to_status=S.INVITED_AT_SCHOOL, reason=Reason("no_time"))
    schedule(visit, teacher, starts_at=at(4, 14))
    schedule(visit, teacher, starts_at=at(5, 14))
    visit.refresh_from_db()
    assert visit.kind == Visit.Kind.SCHOOL_TALK
    assert Notification.objects.count() == 0


def test_a_school_that_sends_parents_no_messages_sends_none_on_a_change(visit, teacher, school):
    ReminderSettings.objects.create(school=school, parent_confirmation=False, parent_reminder=False)
    schedule(visit, teacher)
    schedule(visit, teacher, starts_at=at(5, 18))
    assert of_kind("parent_moved") == []


def test_a_visit_whose_time_has_passed_is_not_told(visit, teacher):
    visit = schedule(visit, teacher)
    with time_machine.travel(at(4, 20), tick=False):
        visit_transition(visit=visit, by=teacher, to_status=S.CANCELLED, reason=Reason("school_cancelled"))
    assert of_kind("parent_cancelled") == []


def test_the_sweep_sends_no_second_confirmation_of_a_time_the_moved_message_gave(visit, teacher, school):
    schedule(visit, teacher)
    reminders.reminders_queue_for_school(school=school, now=at(2, 10))
    schedule(visit, teacher, starts_at=at(6, 18))
    reminders.reminders_queue_for_school(school=school, now=at(2, 10, 5))
    kinds = list(Notification.objects.filter(family_id=visit.family_id).values_list("kind", flat=True).order_by("pk"))
    assert kinds == ["parent_confirmation", "parent_moved"]


# --- The interpreter -----------------------------------------------------------------------------


@pytest.fixture
def booked(visit, teacher, rif_interpreter):
    rif_interpreter.email = "hafsa@example.org"
    rif_interpreter.save()
    return schedule(visit, teacher, interpreter=rif_interpreter, family_interpreter="", meeting_point="Hoek")


def test_a_moved_visit_asks_the_interpreter_again_with_a_new_link(booked, teacher, rif_interpreter):
    [first] = InterpreterBooking.objects.all()
    schedule(
        booked, teacher, starts_at=at(5, 18), interpreter=rif_interpreter, family_interpreter="", meeting_point="Hoek"
    )
    first.refresh_from_db()
    assert first.status == InterpreterBooking.Status.WITHDRAWN
    second = InterpreterBooking.objects.exclude(pk=first.pk).get()
    assert second.starts_at == at(5, 18) and second.expires_at == at(5, 18)
    request = Notification.objects.get(key=f"interpreter_request:{second.pk}")
    assert "is verzet" in request.body and "05-11-2026" in request.body
    assert of_kind("interpreter_cancelled") == []  # asked again, not sent away


def test_a_cancelled_visit_tells_the_interpreter_not_to_come(booked, teacher):
    visit_transition(visit=booked, by=teacher, to_status=S.CANCELLED, reason=Reason("family_cancelled"))
    [told] = of_kind("interpreter_cancelled")
    assert told.address == "hafsa@example.org"
    assert "gaat niet door" in told.body and "1234 Utrecht" in told.body
    assert InterpreterBooking.objects.get().status == InterpreterBooking.Status.WITHDRAWN


def test_another_interpreter_asked_and_the_first_one_told(booked, teacher, school):
    other = InterpreterFactory(school=school, name="Samira", email="samira@example.org", languages=["rif"])
    schedule(booked, teacher, interpreter=other, family_interpreter="", meeting_point="Hoek")
    [told] = of_kind("interpreter_cancelled")
    assert told.address == "hafsa@example.org" and "geen tolk meer nodig" in told.body
    asked = InterpreterBooking.objects.get(status=InterpreterBooking.Status.REQUESTED)
    assert asked.interpreter == other


# --- The texts ----------------------------------------------------------------------------------


def test_every_parent_language_has_every_text():
    assert set(TEXTS) == set(PARENT_LANGUAGES)
    for language, texts in TEXTS.items():
        assert set(texts) == set(TEXTS["nl"]), language


@pytest.mark.parametrize("language", PARENT_LANGUAGES)
@pytest.mark.parametrize("kind", [messages.MOVED, messages.CANCELLED])
def test_each_short_text_fits_one_sms_with_a_long_school_name(language, kind):
    facts = messages.ChangeFacts(
        school="Basisschool De Regenboog Noord",
        date="05-11-2026",
        time="18:00",
        old_date="04-11-2026",
        old_time="19:00",
        phone="030 1234567",
    )
    text = messages.short_text(language=language, kind=kind, facts=facts)
    assert fits_one_segment(text)
    assert "05-11-2026" in text and "18:00" in text
    subject, body = messages.email_text(language=language, kind=kind, facts=facts)
    assert "05-11-2026" in subject + body and "030 1234567" in body


def test_parents_declining_on_the_phone_tell_the_interpreter_not_to_come(booked, teacher):
    contact_log(
        visit=booked,
        by=teacher,
        at=at(2, 9),
        channel="phone",
        outcome=ContactAttempt.Outcome.DECLINED,
        decline_reason=Reason("no_time"),
    )
    [told] = of_kind("interpreter_cancelled")
    assert told.address == "hafsa@example.org"
    assert of_kind("parent_cancelled") == []


def test_the_sweep_writes_to_a_whatsapp_family_over_whatsapp_with_the_short_text(
    visit, teacher, family, school, settings
):
    settings.WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WHATSAPP_TOKEN = "token"
    family.preferred_channel = Family.Channel.WHATSAPP
    family.save()
    schedule(visit, teacher)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("notifications.whatsapp.send", lambda **kwargs: "wamid.sweep")
        reminders.reminders_queue_for_school(school=school, now=at(2, 10))
    [confirmation] = of_kind("parent_confirmation")
    assert confirmation.channel == "whatsapp" and confirmation.subject == ""
    assert fits_one_segment(confirmation.body) and "04-11-2026" in confirmation.body
    assert confirmation.provider_id == "wamid.sweep"
