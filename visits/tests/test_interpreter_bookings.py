"""Interpreters say yes or no to a booking through their own link: what the message and the page
show (and keep back before a yes), that a link shows and changes its own booking only, once,
until the visit begins, and that a no takes the interpreter off the visit and tells the teacher.

The clock stands on Monday 2 November 2026, 10:00 (visits/tests/conftest.py)."""

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from visits.interpreting import services as interpreting
from visits.models import Family, InterpreterBooking, Visit
from visits.personal_data import family_dossier
from visits.reminders import rules as reminders
from visits.services import VisitPlan, visit_open, visit_schedule
from visits.tests.factories import InterpreterFactory, PupilFactory
from visits.tests.helpers import at

B = InterpreterBooking.Status
LINK = re.compile(r"http://[^\s]+/tolk/([A-Za-z0-9_-]+)/")


@pytest.fixture(autouse=True)
def _send_after_commit(monkeypatch, settings, tmp_path):
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, robust=False: fn())


@pytest.fixture
def visit(pupil, school_year, teacher, family, programme, women):
    family.name = "Amrani"
    family.street = "Lindenlaan"
    family.house_number = "12"
    family.postcode = "3521 AB"
    family.city = "Utrecht"
    family.save()
    return visit_open(pupil=pupil, school_year=school_year, by=teacher)


def book(visit, teacher, interpreter, starts_at=None):
    visit.refresh_from_db()
    plan = VisitPlan(
        starts_at=starts_at or at(4, 19),
        duration_minutes=45,
        lead_visitor=teacher,
        interpreter=interpreter,
        meeting_point="Hoek bij de bakker",
    )
    return visit_schedule(visit=visit, plan=plan, by=teacher)


@pytest.fixture
def hafsa(rif_interpreter):
    rif_interpreter.email = "hafsa@example.org"
    rif_interpreter.save()
    return rif_interpreter


def token_from(notification):
    """The link's secret, read from the message as it went out (the log keeps it masked)."""
    [sent] = [m for m in mail.outbox if m.subject == notification.subject]
    return LINK.search(sent.body).group(1)


@pytest.fixture
def token(visit, teacher, hafsa):
    book(visit, teacher, hafsa)
    return token_from(Notification.objects.get(kind="interpreter_request"))


def page(client, token, **post):
    url = reverse("visits:interpreter_booking", args=[token])
    return client.post(url, post) if post else client.get(url)


def test_setting_an_interpreter_sends_a_personal_link_that_keeps_the_family_back(visit, teacher, hafsa):
    book(visit, teacher, hafsa)
    booking = InterpreterBooking.objects.get()
    request = Notification.objects.get(kind="interpreter_request")
    assert request.address == "hafsa@example.org"
    assert request.status == Notification.Status.SENT
    token = token_from(request)
    assert len(token) >= 22  # at least 128 bits, URL-safe
    assert booking.token_hash == interpreting.token_hash(token) and token not in booking.token_hash
    assert booking.expires_at == booking.starts_at == at(4, 19)
    sent = mail.outbox[0].body
    assert "04-11-2026 om 19:00" in sent and "3521 Utrecht" in sent
    assert "Amrani" not in sent and "Lindenlaan" not in sent and "3521 AB" not in sent
    assert token not in request.body  # the log keeps the link masked


def test_the_page_shows_date_time_and_area_only_and_sets_no_cookie(client, token, visit):
    response = page(client, token)
    html = response.content.decode()
    assert response.status_code == 200
    assert "04-11-2026 om 19:00 uur" in html and "3521 Utrecht" in html
    assert "Amrani" not in html and "Lindenlaan" not in html and "Hoek bij de bakker" not in html
    assert "Ja, ik kom tolken" in html
    assert not response.cookies
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"


def test_a_yes_shows_the_address_and_cannot_be_flipped_silently(client, token, visit):
    response = page(client, token, answer="yes")
    html = response.content.decode()
    assert "U hebt ja gezegd" in html
    assert "Lindenlaan 12, 3521 AB Utrecht" in html and "Hoek bij de bakker" in html
    assert "Amrani" not in html
    # The link used again: the answer, no buttons; a "no" afterwards changes nothing.
    again = page(client, token).content.decode()
    assert "U hebt ja gezegd" in again and "Nee, ik kan niet" not in again
    refused = page(client, token, answer="no")
    assert refused.status_code == 410
    assert InterpreterBooking.objects.get().status == B.ACCEPTED
    visit.refresh_from_db()
    assert visit.interpreter is not None


def test_a_no_takes_the_interpreter_off_and_tells_the_teacher(client, token, visit, teacher):
    version = Visit.objects.get(pk=visit.pk).version
    response = page(client, token, answer="no")
    assert "U hebt nee gezegd" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SCHEDULED and visit.interpreter is None
    assert visit.version == version + 1  # a planning form opened before cannot put the interpreter back
    told = Notification.objects.get(kind="interpreter_declined")
    assert told.address == teacher.email and told.window_opens is None
    assert "Hafsa Ouali heeft afgezegd" in told.body and "Amrani" in told.subject
    # A second "no" (a double click) changes and sends nothing.
    assert page(client, token, answer="no").status_code == 410
    assert Notification.objects.filter(kind="interpreter_declined").count() == 1
    assert "Nee, ik kan niet" not in page(client, token).content.decode()


def test_the_teacher_sees_the_no_on_the_visit_and_in_the_list(client, token, visit, teacher):
    page(client, token, answer="no")
    client.force_login(teacher)
    detail = client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert "De tolk heeft afgezegd." in detail and "tolk heeft afgezegd" in detail
    listing = client.get(reverse("visits:pupil_list")).content.decode()
    assert "tolk heeft afgezegd" in listing


def test_a_new_interpreter_clears_the_no(client, token, visit, teacher, school):
    page(client, token, answer="no")
    other = InterpreterFactory(school=school, name="Samira", email="samira@example.org", languages=["rif"])
    book(visit, teacher, other)
    visit.refresh_from_db()
    assert not interpreting.interpreter_declined(visit)
    client.force_login(teacher)
    detail = client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert "tolk heeft afgezegd" not in detail and "Gevraagd, nog geen antwoord" in detail


def test_the_link_of_one_booking_never_shows_or_changes_another(client, token, visit, teacher, school, hafsa, family):
    sibling_family = Family.objects.create(
        school=school, name="Bakker", street="Kerkstraat", postcode="1011 AA", city="Amsterdam"
    )
    other_pupil = PupilFactory(school=school, group=visit.pupils.first().group, family=sibling_family)
    other_visit = visit_open(pupil=other_pupil, school_year=visit.school_year, by=teacher)
    book(other_visit, teacher, InterpreterFactory(school=school, email="b@example.org", languages=["rif"]), at(5, 19))
    html = page(client, token).content.decode()
    assert "04-11-2026" in html and "05-11-2026" not in html and "1011 Amsterdam" not in html
    page(client, token, answer="no")
    other = InterpreterBooking.objects.get(visit=other_visit)
    assert other.status == B.REQUESTED
    other_visit.refresh_from_db()
    assert other_visit.interpreter is not None


def test_an_unknown_link_answers_not_found(client, token):
    response = page(client, token[:-2] + "xx")
    assert response.status_code == 404
    assert "niet (meer) geldig" in response.content.decode()
    assert page(client, "x" * 43, answer="no").status_code == 404


def test_an_expired_link_says_so_and_takes_no_answer(client, token):
    with time_machine.travel(at(4, 19, 1), tick=False):
        response = page(client, token)
        assert response.status_code == 410
        assert "Het bezoek is al begonnen" in response.content.decode()
        assert page(client, token, answer="no").status_code == 410
    assert InterpreterBooking.objects.get().status == B.REQUESTED


def test_a_moved_visit_withdraws_the_old_link(client, token, visit, teacher, hafsa):
    book(visit, teacher, hafsa, at(5, 19))
    response = page(client, token)
    assert response.status_code == 410
    assert "De school heeft dit verzoek ingetrokken" in response.content.decode()
    assert page(client, token, answer="yes").status_code == 410


def test_no_answer_chosen_is_refused_without_a_change(client, token):
    assert page(client, token, answer="maybe").status_code == 400
    assert InterpreterBooking.objects.get().status == B.REQUESTED


def test_the_sweep_sends_the_address_only_after_a_yes(client, token, visit, school):
    reminders.reminders_queue_for_school(school=school, now=at(3, 18))  # the evening before
    assert not Notification.objects.filter(kind__in=["interpreter_booking", "interpreter_reminder"]).exists()
    page(client, token, answer="yes")
    reminders.reminders_queue_for_school(school=school, now=at(3, 18, 5))
    [reminder] = Notification.objects.filter(kind="interpreter_reminder")
    assert "Lindenlaan 12" in reminder.body
    assert not Notification.objects.filter(kind="interpreter_booking").exists()


def test_the_right_of_access_lists_the_bookings_without_the_link(token, visit, family):
    data = family_dossier(family=family)
    text = str(data)
    assert "interpreter_bookings" in text and "requested" in text
    assert InterpreterBooking.objects.get().token_hash not in text
