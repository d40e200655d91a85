"""Journey: a teacher plans a visit with a school interpreter; the interpreter opens the link from
their message on a 360 px phone and says no; the teacher sees "tolk heeft afgezegd" on the visit.
axe checks the interpreter's page, before and after the answer."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from huisbezoek.models import User
from notifications.models import Notification
from visits import holidays, services
from visits.models import Programme
from visits.tests.factories import FamilyLanguageFactory, InterpreterFactory

from .helpers import assert_no_axe_violations, login, url

LINK = re.compile(r"https?://\S+/tolk/[A-Za-z0-9_-]{32,}/")


def free_evening(school, first: datetime.date, last: datetime.date) -> datetime.date:
    day = first
    while day <= last:
        if (
            day.weekday() < 4
            and not holidays.closed_on(school, day)
            and not holidays.day_warnings(day, keeps_ramadan=False)
        ):
            return day
        day += datetime.timedelta(days=1)
    raise AssertionError("no free evening in the period")


def link_from_outbox() -> str:
    """The interpreter's link as their message carries it: in the e-mail once it went out, else in
    the waiting message (outside the sending hours it waits for the morning)."""
    request = Notification.objects.get(kind="interpreter_request")
    for message in mail.outbox:
        if message.subject == request.subject and (found := LINK.search(message.body)):
            return found.group(0)
    found = LINK.search(request.body)
    assert found, "the interpreter's message carries no link"
    return found.group(0)


@pytest.fixture
def season(school, school_year, teacher, pupil):
    today = timezone.localdate()
    year = school_year
    if not year.start <= today <= year.end:
        year.start, year.end = today - datetime.timedelta(days=60), today + datetime.timedelta(days=200)
        year.label = f"{year.start.year}-{year.end.year}"
        year.save()
    Programme.objects.create(
        school=school, school_year=year, period_start=today, period_end=today + datetime.timedelta(days=90)
    )
    User.objects.filter(pk=teacher.pk).update(gender=User.Gender.FEMALE)
    family = pupil.family
    FamilyLanguageFactory(family=family, language="rif", is_main=True)
    family.interpreter_needed, family.interpreter_language = True, "rif"
    family.street, family.house_number, family.postcode, family.city = "Lindenlaan", "12", "3521 AB", "Utrecht"
    family.save()
    InterpreterFactory(school=school, name="Hafsa Ouali", email="hafsa@example.org", languages=["rif", "ary"])
    visit = services.visit_open(pupil=pupil, school_year=year, by=teacher)
    day = free_evening(school, today + datetime.timedelta(days=2), today + datetime.timedelta(days=90))
    return {"day": day, "family": family, "visit": visit}


def test_the_interpreter_declines_and_the_teacher_sees_it(live_server, season, teacher, password, page, phone_page):
    family, visit = season["family"], season["visit"]

    # The teacher plans the visit with the school's interpreter.
    login(page, live_server, teacher, password)
    page.goto(url(live_server, "visits:visit_plan", visit.pk))
    page.get_by_label("Datum").fill(season["day"].isoformat())
    page.get_by_label("Begintijd").fill("19:30")
    page.get_by_label("Tolk van school").select_option(
        label="Hafsa Ouali (Tarifit (Riffijns-Berbers), Marokkaans-Arabisch (Darija))"
    )
    page.get_by_label("Ontmoetingsplek met de tolk").fill("Bushalte op de hoek")
    page.get_by_role("button", name="Bezoek plannen").click()
    expect(page.get_by_text("Het bezoek is gepland.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Gevraagd, nog geen antwoord")

    # The interpreter opens their own link on a phone: time and area, not the family.
    phone_page.goto(live_server.url + urlsplit(link_from_outbox()).path)  # the link's path, on the test server
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Tolk bij een huisbezoek")
    main = phone_page.locator("main")
    expect(main).to_contain_text("19:30")
    expect(main).to_contain_text("3521 Utrecht")
    expect(main).not_to_contain_text(family.name)
    expect(main).not_to_contain_text("Lindenlaan")
    assert_no_axe_violations(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone_page.context.cookies() == []
    phone_page.get_by_role("button", name="Nee, ik kan niet").click()
    expect(phone_page.get_by_text("U hebt nee gezegd.")).to_be_visible()
    expect(phone_page.get_by_role("button", name="Ja, ik kom tolken")).to_have_count(0)
    assert_no_axe_violations(phone_page)

    # The teacher sees it on the visit and in the list, and got an e-mail.
    page.goto(url(live_server, "visits:visit_detail", visit.pk))
    expect(page.get_by_role("alert")).to_contain_text("De tolk heeft afgezegd.")
    expect(page.locator("main")).to_contain_text("tolk heeft afgezegd")
    assert_no_axe_violations(page)
    page.goto(url(live_server, "visits:pupil_list"))
    expect(page.locator("main")).to_contain_text("tolk heeft afgezegd")
    assert Notification.objects.filter(kind="interpreter_declined", address=teacher.email).count() == 1
