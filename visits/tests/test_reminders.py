"""Reminders as the people who get them notice them: the right message, to the right person, in
their language and channel, at the right Amsterdam hour — and exactly once.

The clock stands on Monday 2 November 2026, 10:00 (visits/tests/conftest.py); the school's
send hour is 17:00 unless a test says otherwise.
"""

import datetime
import json
import logging
import threading
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from huisbezoek.models import Membership, Role
from huisbezoek.tests.factories import MembershipFactory, SchoolYearFactory, UserFactory
from notifications.models import Notification
from notifications.services import notifications_forget_family
from visits import selectors, services
from visits.care import services as services_care
from visits.models import (
    CareCase,
    CaseEntry,
    ContactAttempt,
    Family,
    Guardian,
    ReminderSettings,
    Report,
    Visit,
)
from visits.reminders import rules as reminders
from visits.tests.factories import FamilyLanguageFactory, GroupTeacherFactory, ProgrammeFactory, PupilFactory
from visits.tests.helpers import AMS, at

CONFIDENTIAL = "GEHEIM-7f3a"  # planted in every confidential field; must never show up in a message


@pytest.fixture(autouse=True)
def _sms_to_files(settings, tmp_path):
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")


def sms_sent(settings):
    folder = Path(settings.SMS_FILE_PATH)
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


def sweep(now, school=None):
    """Run the sweep at ``now`` (Amsterdam) with the clock there, and send what it queued."""
    with time_machine.travel(now, tick=False):
        if school is None:
            return reminders.reminders_sweep(now=now)
        return reminders.reminders_queue_for_school(school=school, now=now)


@pytest.fixture(autouse=True)
def _send_after_commit(monkeypatch):
    """Tests run inside one transaction; run the after-commit sends at once, as a commit would."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, robust=False: fn())


def schedule(visit, starts_at, **fields):
    Visit.objects.filter(pk=visit.pk).update(
        status=Visit.Status.SCHEDULED, starts_at=starts_at, duration_minutes=45, **fields
    )
    visit.refresh_from_db()
    return visit


@pytest.fixture
def visit(programme, family, pupil, teacher):
    return services.visit_open(pupil=pupil, school_year=programme.school_year, by=teacher)


def by_kind(kind):
    return list(Notification.objects.filter(kind=kind).order_by("pk"))


# --- Parents ---------------------------------------------------------------------------------------


def test_a_parent_gets_one_sms_confirmation_in_tamazight_when_the_visit_is_planned(school, settings, family, visit):
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.SMS, phone="06 12345678")
    schedule(visit, at(5, 19))
    sweep(at(2, 10, 5))
    sweep(at(2, 10, 10))
    sent = sms_sent(settings)
    assert len(sent) == 1
    assert sent[0]["to"] == "+31612345678"
    assert "05-11-2026" in sent[0]["body"] and "19:00" in sent[0]["body"]
    assert "tirza ɣer uxxam" in sent[0]["body"]  # Tarifit at home: the Tamazight text
    [notification] = by_kind("parent_confirmation")
    assert notification.status == Notification.Status.SENT
    assert (notification.language, notification.family_id) == ("zgh", family.pk)


def test_a_parent_gets_the_reminder_in_arabic_by_email_from_the_send_hour_the_day_before(family, visit):
    family.home_languages.all().delete()
    FamilyLanguageFactory(family=family, language="ary", is_main=True)
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.EMAIL, email="ouders@example.org")
    schedule(visit, at(5, 19, 30))
    sweep(at(2, 11))  # the confirmation
    sweep(at(4, 16, 59))
    assert by_kind("parent_reminder") == []
    sweep(at(4, 17))
    sweep(at(4, 21))
    [reminder] = by_kind("parent_reminder")
    assert reminder.language == "ar"
    message = next(m for m in mail.outbox if m.subject == reminder.subject)
    assert message.to == ["ouders@example.org"]
    assert "غدا" in message.subject and "19:30" in message.subject
    assert len([m for m in mail.outbox if m.to == ["ouders@example.org"]]) == 2  # confirmation, reminder


def test_a_rescheduled_visit_gets_a_new_confirmation_with_the_new_time(school, settings, family, visit):
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.SMS, phone="0612345678")
    schedule(visit, at(5, 19))
    sweep(at(2, 10))
    schedule(visit, at(12, 18))
    sweep(at(2, 15))
    bodies = [m["body"] for m in sms_sent(settings)]  # files are named by reference, not in sending order
    assert len(bodies) == 2
    assert sum("05-11-2026" in body and "19:00" in body for body in bodies) == 1
    assert sum("12-11-2026" in body and "18:00" in body for body in bodies) == 1


def test_a_visit_planned_for_tomorrow_in_the_evening_gets_only_the_reminder(settings, family, visit):
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.SMS, phone="0612345678")
    schedule(visit, at(3, 19))
    sweep(at(2, 18))
    assert by_kind("parent_confirmation") == []
    assert len(by_kind("parent_reminder")) == 1


def test_no_confirmation_is_sent_at_night(settings, family, visit):
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.SMS, phone="0612345678")
    schedule(visit, at(9, 19))
    sweep(at(2, 22, 30))
    assert sms_sent(settings) == []
    sweep(at(3, 8))
    assert len(sms_sent(settings)) == 1


def test_a_reminder_due_before_the_parents_window_waits_for_it(settings, school, family, visit):
    """A send hour of 07:00 is allowed for staff; a parent's reminder still waits for 08:00."""
    ReminderSettings.objects.create(school=school, send_hour=7)
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.SMS, phone="0612345678")
    schedule(visit, at(5, 19))
    sweep(at(2, 11))  # the confirmation
    assert len(sms_sent(settings)) == 1
    sweep(at(4, 7, 0))
    sweep(at(4, 7, 59))
    assert by_kind("parent_reminder") == [] and len(sms_sent(settings)) == 1
    sweep(at(4, 8, 0))
    [reminder] = by_kind("parent_reminder")
    assert reminder.status == Notification.Status.SENT
    assert len(sms_sent(settings)) == 2


def test_a_visit_planned_late_at_night_for_tomorrow_is_confirmed_in_the_morning_and_staff_hear_at_once(
    settings, family, visit, teacher
):
    """At 22:30 the parents get nothing (not a "tomorrow" reminder that would arrive on the day
    itself); at 08:00 they get the confirmation with date and time. The teacher's own e-mail
    about tomorrow's visit is not held back: only parent messages keep quiet hours."""
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.SMS, phone="0612345678")
    schedule(visit, at(3, 19))
    sweep(at(2, 22, 30))
    assert sms_sent(settings) == []
    assert by_kind("parent_reminder") == [] and by_kind("parent_confirmation") == []
    [staff] = by_kind("teacher_visit_tomorrow")
    assert staff.status == Notification.Status.SENT
    assert [m.to for m in mail.outbox] == [[teacher.email]]
    sweep(at(3, 7, 55))
    assert sms_sent(settings) == []
    sweep(at(3, 8, 0))
    [sent] = sms_sent(settings)
    assert "03-11-2026" in sent["body"] and "19:00" in sent["body"]
    assert len(by_kind("parent_confirmation")) == 1 and by_kind("parent_reminder") == []


def test_parent_messages_carry_the_parents_window_and_staff_messages_none(family, visit):
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.SMS, phone="0612345678")
    schedule(visit, at(3, 19))
    sweep(at(2, 18))
    [parent] = by_kind("parent_reminder")
    assert (parent.window_opens, parent.window_closes) == (datetime.time(8), datetime.time(21))
    for staff in by_kind("teacher_visit_tomorrow"):
        assert staff.window is None


def test_the_family_falls_back_to_the_other_channel_or_is_listed_to_call(client, teacher, family, visit):
    Guardian.objects.create(
        family=family, first_name="Naima", last_name="X", relation="mother", email="naima@example.org"
    )
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.SMS, phone="030 1234567")
    family.refresh_from_db()
    assert selectors.family_contact(family) == ("email", "naima@example.org")  # a landline takes no SMS

    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.PHONE)
    schedule(visit, at(5, 19))
    sweep(at(2, 11))
    assert by_kind("parent_confirmation") == []
    assert [v.pk for v in reminders.families_to_call(user=teacher, school=visit.school)] == [visit.pk]
    client.force_login(teacher)
    page = client.get(reverse("home")).content.decode()
    assert "Zelf bellen" in page
    assert escape(family.name) in page


@pytest.mark.parametrize("channel", [Family.Channel.LETTER, Family.Channel.IN_PERSON])
def test_a_family_preferring_a_letter_or_the_gate_gets_no_message_and_is_listed_to_call(
    client, settings, teacher, family, visit, channel
):
    Family.objects.filter(pk=family.pk).update(preferred_channel=channel, phone="06 12345678", email="o@example.org")
    schedule(visit, at(5, 19))
    sweep(at(2, 11))
    sweep(at(4, 18))
    assert by_kind("parent_confirmation") == [] and by_kind("parent_reminder") == []
    assert sms_sent(settings) == []
    assert [m for m in mail.outbox if "o@example.org" in m.to] == []  # only the teacher is e-mailed
    assert [v.pk for v in reminders.families_to_call(user=teacher, school=visit.school)] == [visit.pk]
    client.force_login(teacher)
    page = client.get(reverse("home")).content.decode()
    assert "Zelf bellen" in page and escape(family.name) in page


def test_the_parent_message_follows_the_shared_family_rules(settings, family, visit):
    """Channel, address and language come from visits.selectors, as for the evaluation: a
    Belgian mobile of the main carer, and English for a Tigrinya family who also speaks English."""
    family.home_languages.all().delete()
    FamilyLanguageFactory(family=family, language="ti", is_main=True)
    FamilyLanguageFactory(family=family, language="en", is_main=False)
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.SMS, phone="030 1234567")
    Guardian.objects.create(
        family=family, first_name="Amal", last_name="X", relation="mother", phone="0032 470 123456", is_main_carer=True
    )
    schedule(visit, at(5, 19))
    sweep(at(2, 11))
    [notification] = by_kind("parent_confirmation")
    assert (notification.channel, notification.address, notification.language) == ("sms", "+32470123456", "en")
    family = Family.objects.prefetch_related("guardians", "home_languages").get(pk=family.pk)
    assert (notification.channel, notification.address) == selectors.family_contact(family)
    assert notification.language == selectors.parent_language(family)
    assert "home visit on 05-11-2026 at 19:00" in sms_sent(settings)[0]["body"]


def test_the_home_page_lists_no_family_to_call_when_all_get_a_message(client, teacher, family, visit):
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.SMS, phone="0612345678")
    schedule(visit, at(5, 19))
    client.force_login(teacher)
    assert "Zelf bellen" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("home_language", "expected"),
    [("ary", "ar"), ("ar", "ar"), ("rif", "zgh"), ("tr", "tr"), ("uk", "uk"), ("so", "so"), ("ti", "nl"), (None, "nl")],
)
def test_home_languages_map_to_the_shipped_message_languages(home_language, expected):
    from visits.reminders import messages

    assert selectors.parent_language(home_language, offered=messages.LANGUAGES) == expected


# --- Teachers ---------------------------------------------------------------------------------------


def test_both_visitors_get_the_visit_tomorrow_with_a_link_to_the_preparation_sheet(
    teacher, colleague, family, visit, rif_interpreter
):
    schedule(visit, at(3, 19), colleague=colleague, interpreter=rif_interpreter, meeting_point="Bij de bakker")
    sweep(at(2, 16))
    assert by_kind("teacher_visit_tomorrow") == []
    sweep(at(2, 17))
    sweep(at(2, 17, 5))
    messages_ = by_kind("teacher_visit_tomorrow")
    assert sorted(n.address for n in messages_) == sorted([teacher.email, colleague.email])
    body = messages_[0].body
    assert f"{django_settings.SITE_URL}/bezoeken/{visit.pk}/voorbereiding/" in body
    assert "03-11-2026 om 19:00" in body
    assert "Hafsa Ouali" in body and "Bij de bakker" in body


def test_the_report_is_overdue_five_days_after_the_visit_once(teacher, family, visit):
    schedule(visit, at(2, 19))
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.VISITED)
    sweep(at(6, 18))
    assert by_kind("teacher_report_overdue") == []
    sweep(at(7, 17))
    sweep(at(8, 17))
    [overdue] = by_kind("teacher_report_overdue")
    assert overdue.address == teacher.email
    assert "02-11-2026" in overdue.body
    assert f"/bezoeken/{visit.pk}/" in overdue.body


def test_teacher_messages_about_a_visit_carry_the_family_and_are_forgotten_with_it(school, teacher, family, visit):
    schedule(visit, at(3, 19))
    sweep(at(2, 17))
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.VISITED)
    sweep(at(8, 17))
    about_visit = by_kind("teacher_visit_tomorrow") + by_kind("teacher_report_overdue")
    assert {n.kind for n in about_visit} == {"teacher_visit_tomorrow", "teacher_report_overdue"}
    assert {n.family_id for n in about_visit} == {family.pk}

    notifications_forget_family(school=school, family_id=family.pk)
    for notification in about_visit:
        notification.refresh_from_db()
        assert notification.family_id is None
        assert family.name not in notification.body and family.name not in notification.subject


def test_an_unreported_visit_of_last_school_year_gets_no_report_reminder(school, teacher, visit):
    last_year = SchoolYearFactory(school=school, start=datetime.date(2025, 8, 18), end=datetime.date(2026, 7, 17))
    old = services.visit_open(pupil=PupilFactory(school=school, group=None), school_year=last_year, by=teacher)
    schedule(old, datetime.datetime(2026, 6, 10, 19, 0, tzinfo=AMS))
    Visit.objects.filter(pk=old.pk).update(status=Visit.Status.VISITED)
    schedule(visit, at(2, 19))
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.VISITED)
    sweep(at(8, 17))
    [overdue] = by_kind("teacher_report_overdue")
    assert overdue.key == f"teacher_report_overdue:{visit.pk}"


def test_mentors_hear_which_families_nobody_has_contacted_when_30_percent_of_the_period_is_gone(
    school, programme, group, pupil, teacher, colleague
):
    # Period 26 October - 18 December: 53 days; 30% is 16 days, from 11 November.
    contacted = PupilFactory(school=school, group=group, first_name="Daan")
    visit = services.visit_open(pupil=contacted, school_year=programme.school_year, by=teacher)
    ContactAttempt.objects.create(visit=visit, at=at(2, 9), channel="phone", outcome="no_answer", by=teacher)
    GroupTeacherFactory(group=group, teacher=colleague, kind="teacher")  # not the mentor
    sweep(at(10, 18))
    assert by_kind("teacher_not_contacted") == []
    sweep(at(11, 9))
    sweep(at(12, 9))
    [message] = by_kind("teacher_not_contacted")
    assert message.address == teacher.email
    assert pupil.first_name in message.body
    assert "Daan" not in message.body
    assert "30% van de bezoekperiode" in message.body


# --- Interpreter, care coordinator, directie -------------------------------------------------------------


def test_the_interpreter_gets_the_booking_and_the_reminder_with_address_and_meeting_point(
    family, visit, rif_interpreter
):
    rif_interpreter.email = "hafsa@example.org"
    rif_interpreter.save()
    schedule(visit, at(5, 19), interpreter=rif_interpreter, meeting_point="Hoek Lindenlaan")
    sweep(at(2, 11))
    sweep(at(4, 17, 30))
    booking, reminder = by_kind("interpreter_booking") + by_kind("interpreter_reminder")
    for message in (booking, reminder):
        assert message.address == "hafsa@example.org"
        assert "Hoek Lindenlaan" in message.body
        assert family.street in message.body and "19:00" in message.body
        assert message.family_id == family.pk  # forgotten with the family (retention)
    assert "05-11-2026" in booking.subject


def test_an_acute_flag_reaches_the_care_coordinator_at_once_through_the_log(pupil, teacher, care_coordinator):
    from visits.tests.care_cases import flagged_report

    report = flagged_report(pupil, teacher, urgency=Report.Urgency.ACUTE)
    case = services_care.case_open_from_report(report=report, by=teacher)
    services_care.case_open_from_report(report=report, by=teacher)
    [notification] = by_kind("care_flag")
    assert notification.status == Notification.Status.SENT
    assert notification.recipient == care_coordinator
    assert f"/zorg/melding/{case.pk}/" in notification.body


def test_an_unreviewed_flag_reminds_the_care_coordinator_after_three_days(pupil, teacher, care_coordinator):
    from visits.tests.care_cases import flagged_report

    report = flagged_report(pupil, teacher, urgency=Report.Urgency.NORMAL)
    with time_machine.travel(at(2, 9), tick=False):
        case = services_care.case_open_from_report(report=report, by=teacher)
    picked_up = services_care.case_open_from_report(
        report=flagged_report(PupilFactory(school=pupil.school, group=pupil.group), teacher), by=teacher
    )
    CareCase.objects.filter(pk=picked_up.pk).update(opened_at=at(1, 9))
    CaseEntry.objects.create(
        case=picked_up, step=1, happened_on=datetime.date(2026, 11, 2), by=care_coordinator, text="x"
    )
    sweep(at(4, 18))
    assert by_kind("care_unreviewed") == []
    sweep(at(5, 17))
    sweep(at(6, 17))
    [message] = by_kind("care_unreviewed")
    assert message.recipient == care_coordinator
    assert f"/zorg/melding/{case.pk}/" in message.body
    assert "3 dagen" in message.subject


def test_the_directie_gets_a_weekly_digest_with_counts_only(school, programme, pupil, directie, visit):
    schedule(visit, at(20, 19))
    sweep(at(2, 16))
    assert by_kind("directie_digest") == []
    sweep(at(2, 17))
    sweep(at(4, 17))  # Wednesday: not the digest day
    sweep(at(9, 17, 30))  # next Monday
    digests = by_kind("directie_digest")
    assert len(digests) == 2
    assert "Leerlingen in het programma: 1" in digests[0].body
    assert "Gepland: 1" in digests[0].body
    assert pupil.first_name not in digests[0].body


def test_the_digest_rows_are_disjoint_add_up_to_the_total_and_match_the_dashboard_cohort(
    school, programme, group, teacher, pupil, visit
):
    schedule(visit, at(20, 19))  # scheduled
    PupilFactory(school=school, group=group)  # not contacted
    PupilFactory(school=school, group=group, left_on=datetime.date(2026, 11, 1))  # left during the period: counts
    PupilFactory(school=school, group=group, left_on=datetime.date(2026, 10, 1))  # left before: not in the cohort
    tried = services.visit_open(
        pupil=PupilFactory(school=school, group=group), school_year=programme.school_year, by=teacher
    )
    ContactAttempt.objects.create(visit=tried, at=at(2, 9), channel="phone", outcome="no_answer", by=teacher)
    contacted = services.visit_open(
        pupil=PupilFactory(school=school, group=group), school_year=programme.school_year, by=teacher
    )
    cancelled = services.visit_open(
        pupil=PupilFactory(school=school, group=group), school_year=programme.school_year, by=teacher
    )
    Visit.objects.filter(pk=contacted.pk).update(status=Visit.Status.CONTACTED)
    Visit.objects.filter(pk=cancelled.pk).update(status=Visit.Status.CANCELLED)

    counts = reminders.digest_counts(school, programme)
    assert counts["total"] == 6
    assert sum(counts[key] for key, _label in reminders.DIGEST_ROWS) == counts["total"]
    assert (counts["not_contacted"], counts["to_plan"], counts["scheduled"], counts["cancelled"]) == (2, 2, 1, 1)


def test_reminders_the_school_switched_off_are_not_sent(school, settings, family, visit, directie):
    ReminderSettings.objects.create(
        school=school, parent_confirmation=False, parent_reminder=False, directie_digest=False, send_hour=19
    )
    Family.objects.filter(pk=family.pk).update(preferred_channel=Family.Channel.SMS, phone="0612345678")
    schedule(visit, at(3, 19))
    sweep(at(2, 18))
    assert sms_sent(settings) == []
    assert by_kind("teacher_visit_tomorrow") == []  # before the school's send hour (19:00)
    sweep(at(2, 19))
    assert len(by_kind("teacher_visit_tomorrow")) == 1
    assert by_kind("directie_digest") == []


# --- Never anything confidential --------------------------------------------------------------------


def test_no_message_or_log_line_ever_contains_confidential_content(
    caplog, school, settings, programme, family, visit, pupil, teacher, care_coordinator, directie, rif_interpreter
):
    from visits.tests.care_cases import flagged_report

    caplog.set_level(logging.DEBUG)
    Family.objects.filter(pk=family.pk).update(
        preferred_channel=Family.Channel.EMAIL, email="o@example.org", sensitivities=CONFIDENTIAL
    )
    schedule(visit, at(3, 19), interpreter=rif_interpreter, meeting_point="Bij de kerk", agenda=CONFIDENTIAL)
    second = PupilFactory(school=school, group=pupil.group)
    report = flagged_report(
        second,
        teacher,
        urgency=Report.Urgency.URGENT,
        reason=CONFIDENTIAL,
        confidential_notes=CONFIDENTIAL,
        key_points=CONFIDENTIAL,
    )
    services_care.case_open_from_report(report=report, by=teacher)
    for day in range(2, 20):
        sweep(at(day, 18))
    assert Notification.objects.count() >= 6
    for n in Notification.objects.all():
        assert CONFIDENTIAL not in n.subject + n.body + n.last_error
    for message in mail.outbox:
        assert CONFIDENTIAL not in message.subject + message.body
    assert CONFIDENTIAL not in caplog.text


# --- Exactly once ---------------------------------------------------------------------------------


@pytest.fixture
def busy_school(school, programme, group, teacher, care_coordinator, directie):
    """Ten families, each with a visit tomorrow evening, half by SMS and half by e-mail."""
    for i in range(10):
        pupil = PupilFactory(school=school, group=group)
        channel = Family.Channel.SMS if i % 2 else Family.Channel.EMAIL
        Family.objects.filter(pk=pupil.family_id).update(
            preferred_channel=channel, phone=f"06123456{i:02d}", email=f"ouder{i}@example.org"
        )
        visit = services.visit_open(pupil=pupil, school_year=programme.school_year, by=teacher)
        schedule(visit, at(3, 18) + datetime.timedelta(minutes=15 * i))
    return school


def test_two_sweeps_send_every_message_once(settings, busy_school):
    first = sweep(at(2, 17, 30))
    second = sweep(at(2, 17, 35))
    assert first == 10 + 10 + 1  # parents, the teacher for each visit, the directie's digest
    assert second == 0
    assert len(sms_sent(settings)) == 5
    assert len(mail.outbox) == 16
    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.Status.SENT}


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_every_message_once(settings, busy_school, monkeypatch):
    """Four workers sweep at the same moment: threads on PostgreSQL (real concurrency, row locks on
    the unique key); SQLite serialises writers, so there the sweeps run one after the other."""
    now = at(2, 17, 30)
    results: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            results.append(reminders.reminders_sweep(now=now))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    with time_machine.travel(now, tick=True):
        if connection.vendor == "postgresql":
            threads = [threading.Thread(target=worker) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        else:
            for _ in range(4):
                worker()
    assert errors == []
    assert sum(results) == 21
    assert Notification.objects.count() == 21
    assert len(sms_sent(settings)) == 5
    assert len(mail.outbox) == 16


# --- Amsterdam time across the clock changes ------------------------------------------------------------


@pytest.fixture
def spring_year(school, group, teacher):
    year = SchoolYearFactory(school=school, start=datetime.date(2025, 8, 18), end=datetime.date(2026, 7, 17))
    ProgrammeFactory(
        school=school, school_year=year, period_start=datetime.date(2026, 3, 2), period_end=datetime.date(2026, 4, 24)
    )
    return year


def _dst_visit(school, year, teacher, starts_at):
    pupil = PupilFactory(school=school, group=None)
    visit = services.visit_open(pupil=pupil, school_year=year, by=teacher)
    Family.objects.filter(pk=pupil.family_id).update(preferred_channel=Family.Channel.EMAIL, email="o@example.org")
    return schedule(visit, starts_at)


def _hourly(first_utc, hours):
    return [first_utc + datetime.timedelta(minutes=30 * i) for i in range(hours * 2)]


@pytest.mark.parametrize(
    ("day", "offset_before", "offset_after"),
    [
        # 29 March 2026: clocks go from 02:00 to 03:00 (UTC+1 -> UTC+2).
        (datetime.date(2026, 3, 29), 1, 2),
        # 25 October 2026: clocks go from 03:00 back to 02:00 (UTC+2 -> UTC+1).
        (datetime.date(2026, 10, 25), 2, 1),
    ],
)
def test_reminders_follow_amsterdam_wall_clock_time_across_the_clock_change(
    school, school_year, spring_year, teacher, day, offset_before, offset_after
):
    year = spring_year if day.month == 3 else school_year
    if day.month == 10:
        ProgrammeFactory(
            school=school, school_year=year, period_start=datetime.date(2026, 10, 1), period_end=day.replace(day=30)
        )
    eve = day - datetime.timedelta(days=1)
    next_day = day + datetime.timedelta(days=1)
    on_the_day = _dst_visit(school, year, teacher, datetime.datetime.combine(day, datetime.time(19), tzinfo=AMS))
    day_after = _dst_visit(school, year, teacher, datetime.datetime.combine(next_day, datetime.time(19), tzinfo=AMS))
    start = datetime.datetime.combine(eve, datetime.time(0), tzinfo=datetime.UTC)
    first_seen: dict[int, datetime.datetime] = {}
    for moment in _hourly(start, 48):
        sweep(moment, school=school)
        for n in Notification.objects.filter(kind="parent_reminder"):
            visit_id = int(n.key.split(":")[1])
            first_seen.setdefault(visit_id, moment)
    # Each reminder once, first at 17:00 Amsterdam time on the day before its visit.
    assert Notification.objects.filter(kind="parent_reminder").count() == 2
    assert Notification.objects.filter(kind="teacher_visit_tomorrow").count() == 2
    utc = datetime.UTC
    assert first_seen[on_the_day.pk] == datetime.datetime.combine(eve, datetime.time(17 - offset_before), tzinfo=utc)
    assert first_seen[day_after.pk] == datetime.datetime.combine(day, datetime.time(17 - offset_after), tzinfo=utc)
    # The message tells the wall-clock time of the visit, on both sides of the change.
    for n in Notification.objects.filter(kind="parent_reminder"):
        assert "19:00" in n.body


def test_a_day_is_23_or_25_hours_long_on_the_clock_change():
    def hours(day):
        start, end = reminders._day_bounds(day)
        return (end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC)) / datetime.timedelta(hours=1)

    assert hours(datetime.date(2026, 3, 29)) == 23
    assert hours(datetime.date(2026, 10, 25)) == 25
    assert hours(datetime.date(2026, 11, 2)) == 24


def test_inactive_or_removed_staff_get_nothing(school, family, visit, teacher, directie):
    Membership.objects.filter(user=directie).delete()
    gone = UserFactory(email="weg@school.test", is_active=False)
    MembershipFactory(user=gone, school=school, role=Role.DIRECTIE)
    schedule(visit, at(5, 19))
    sweep(at(2, 17))
    assert by_kind("directie_digest") == []


@pytest.mark.parametrize("n", [1, 12])
def test_the_families_to_call_take_two_queries_however_many_visits(
    school, programme, group, teacher, django_assert_max_num_queries, n
):
    for _ in range(n):
        pupil = PupilFactory(school=school, group=group)
        Guardian.objects.create(family=pupil.family, first_name="A", last_name="B", relation="mother", phone="0612")
        schedule(services.visit_open(pupil=pupil, school_year=programme.school_year, by=teacher), at(5, 19))
    with django_assert_max_num_queries(2):
        to_call = reminders.families_to_call(user=teacher, school=school)
    assert len(to_call) == n  # they prefer a phone call (the default)


def test_a_flag_unreviewed_for_one_day_says_one_day_not_one_days(school, pupil, teacher, care_coordinator):
    from visits.tests.care_cases import flagged_report

    ReminderSettings.objects.create(school=school, care_unreviewed_days=1)
    report = flagged_report(pupil, teacher, urgency=Report.Urgency.NORMAL)
    with time_machine.travel(at(2, 9), tick=False):
        services_care.case_open_from_report(report=report, by=teacher)
    sweep(at(3, 17))
    sweep(at(3, 20))
    [message] = by_kind("care_unreviewed")
    assert "wacht al 1 dag" in message.subject and "1 dagen" not in message.subject
    assert "wacht al 1 dag zonder vervolgstap" in message.body
