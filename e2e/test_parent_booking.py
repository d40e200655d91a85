"""Journey: a Turkish-reading parent opens their link on a phone (360 px), picks a time and moves it;
the teacher's list and evening show the booked time. An Arabic-reading parent (right to left) asks for a talk at
school instead. axe on every parent page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from huisbezoek.models import User
from notifications.models import Notification
from visits import holidays
from visits.booking import services
from visits.models import AvailabilityWindow, BookingRequest, Family, Visit
from visits.tests.factories import FamilyLanguageFactory, ProgrammeFactory, PupilFactory, VisitFactory

from .helpers import assert_no_axe_violations, login


def _open_day(school) -> datetime.date:
    today = timezone.localdate()
    for n in range(2, 30):
        day = today + datetime.timedelta(days=n)
        if holidays.closed_on(school, day) is None and not holidays.day_warnings(day, keeps_ramadan=False):
            return day
    pytest.skip("no open school day in the next four weeks")


def _invited(monkeypatch, school, group, teacher, *, language: str, name: str) -> tuple[Visit, str]:
    """The family's visit and the path of the link in its invitation. The token is read where the
    invitation makes it: once the SMS has gone out (between 08:00 and 21:00, when this runs by day)
    the outbox keeps the link with its secret masked, as it should."""
    pupil = PupilFactory(school=school, group=group, family__name=name)
    Family.objects.filter(pk=pupil.family_id).update(preferred_channel=Family.Channel.SMS, phone="0612345678")
    FamilyLanguageFactory(family=pupil.family, language=language, is_main=True)
    visit = VisitFactory(pupil=pupil, lead_visitor=teacher)
    made: list[str] = []
    real_hash = services.token_hash
    monkeypatch.setattr(services, "token_hash", lambda token: made.append(token) or real_hash(token))
    services.invitations_send(school=school, visits=[visit], by=teacher)
    monkeypatch.setattr(services, "token_hash", real_hash)
    body = Notification.objects.filter(family_id=pupil.family_id, kind=services.INVITE_KIND).get().body
    [token] = made
    path = f"/kies-een-tijd/{token}/"
    assert path in body or "/kies-een-tijd/…/" in body  # waiting to be sent, or sent and masked
    return visit, path


@pytest.fixture
def evening(school, school_year, teacher):
    today = timezone.localdate()
    ProgrammeFactory(
        school=school, school_year=school_year, period_start=today, period_end=today + datetime.timedelta(days=30)
    )
    User.objects.filter(pk=teacher.pk).update(gender=User.Gender.FEMALE)
    day = _open_day(school)
    AvailabilityWindow.objects.create(
        school=school, user=teacher, date=day, start=datetime.time(18), end=datetime.time(20)
    )
    return day


def test_a_turkish_parent_picks_and_moves_a_time_on_a_phone(
    live_server, phone_page, page, school, group, teacher, password, evening, monkeypatch
):
    visit, path = _invited(monkeypatch, school, group, teacher, language="tr", name="Yılmaz")
    phone_page.goto(live_server.url + path)
    expect(phone_page.locator("html")).to_have_attribute("lang", "tr")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Ev ziyareti için bir saat seçin")
    assert_no_axe_violations(phone_page)
    phone_page.get_by_role("button", name="18:30").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Randevunuz")
    expect(phone_page.get_by_text(f"{evening.strftime('%d-%m-%Y')} 18:30")).to_be_visible()
    assert_no_axe_violations(phone_page)

    phone_page.get_by_role("link", name="Başka bir saat seç").click()
    phone_page.get_by_role("button", name="19:00").click()
    expect(phone_page.get_by_text(f"{evening.strftime('%d-%m-%Y')} 19:00")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone_page.context.cookies() == []
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SCHEDULED and timezone.localtime(visit.starts_at).hour == 19

    login(page, live_server, teacher, password)
    page.goto(live_server.url + reverse("visits:pupil_list"))
    expect(page.get_by_role("main")).to_contain_text("19:00")
    # The teacher's evening follows the parent's move: the family at 19:00, nothing left at 18:30.
    page.goto(live_server.url + reverse("visits:evening", args=[teacher.pk, evening.isoformat()]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mijn avond")
    expect(page.get_by_role("main")).to_contain_text("19:00")
    expect(page.get_by_role("main")).to_contain_text("Yılmaz")
    expect(page.get_by_role("main")).not_to_contain_text("18:30")
    assert_no_axe_violations(page)
    page.goto(live_server.url + reverse("visits:pupil_list"))
    page.get_by_role("link", name="Ouders zelf een tijd laten kiezen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ouders zelf een tijd laten kiezen")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Mijn beschikbare tijden").first.click()
    expect(page.get_by_role("main")).to_contain_text("18:00–20:00")
    assert_no_axe_violations(page)


def test_an_arabic_parent_asks_for_a_talk_at_school(
    live_server, phone_page, school, group, teacher, evening, monkeypatch
):
    visit, path = _invited(monkeypatch, school, group, teacher, language="ary", name="Amrani")
    phone_page.goto(live_server.url + path)
    expect(phone_page.locator("html")).to_have_attribute("dir", "rtl")
    assert_no_axe_violations(phone_page)
    phone_page.get_by_role("button", name="أفضل لقاء في المدرسة").click()
    expect(phone_page.get_by_role("alert")).to_contain_text("شكرا")
    assert_no_axe_violations(phone_page)
    assert BookingRequest.objects.get(visit=visit).kind == BookingRequest.Kind.SCHOOL_TALK
