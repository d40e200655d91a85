"""Journey: a teacher logs a failed phone call, plans a duo visit with an interpreter on an
evening, meets the double-booking message, and finds the visit in their calendar feed.
On a desktop and on a 360 px phone; axe checks every page on the way."""

import datetime
import re
import subprocess

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from huisbezoek.models import School, User
from visits import holidays, services
from visits.models import Programme, Visit
from visits.tests.factories import FamilyLanguageFactory, InterpreterFactory, PupilFactory

from .helpers import assert_no_axe_violations, login, url


def free_evening(school: School, first: datetime.date, last: datetime.date) -> datetime.date:
    """A Monday-Thursday when the school visits and no religious holiday warns (the planner would object)."""
    day = first
    while day <= last:
        if day.weekday() < 4 and not holidays.closed_on(school, day):
            if not holidays.day_warnings(day, keeps_ramadan=False):
                return day
        day += datetime.timedelta(days=1)
    raise AssertionError("no free evening in the period")


def assert_prints_on_a4(page, tmp_path) -> None:
    """The preparation sheet prints on at most 2 A4 pages, without the menu, with the tips."""
    pdf = tmp_path / "voorbereiding.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=False)
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert 1 <= pages <= 2
    width, height = float(size.group(1)), float(size.group(2))
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 in points
    assert "Werken met een tolk" in text
    assert "Uitloggen" not in text  # navigation is not printed


@pytest.fixture
def season(school, school_year, teacher, colleague, pupil):
    today = timezone.localdate()
    year = school_year
    if not year.start <= today <= year.end:  # keep the journey meaningful whatever today is
        year.start, year.end = today - datetime.timedelta(days=60), today + datetime.timedelta(days=200)
        year.label = f"{year.start.year}-{year.end.year}"
        year.save()
    Programme.objects.create(
        school=school, school_year=year, period_start=today, period_end=today + datetime.timedelta(days=90)
    )
    User.objects.filter(pk=teacher.pk).update(gender=User.Gender.FEMALE)
    User.objects.filter(pk=colleague.pk).update(gender=User.Gender.FEMALE)
    family = pupil.family
    FamilyLanguageFactory(family=family, language="rif", is_main=True)
    family.interpreter_needed, family.interpreter_language = True, "rif"
    family.save()
    InterpreterFactory(school=school, name="Hafsa Ouali", languages=["rif", "ary"])
    day = free_evening(school, today + datetime.timedelta(days=2), today + datetime.timedelta(days=90))
    # Another family the teacher already visits that evening, 18:00-19:00.
    other = services.visit_open(pupil=PupilFactory(school=school, group=pupil.group), school_year=year, by=teacher)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))
    Visit.objects.filter(pk=other.pk).update(status=Visit.Status.SCHEDULED, starts_at=starts, duration_minutes=60)
    return {"day": day, "family": family}


@pytest.mark.parametrize("page_fixture", ["page", "phone_page"])
def test_teacher_plans_a_duo_visit_with_an_interpreter(
    request, live_server, season, teacher, pupil, password, page_fixture, tmp_path
):
    page = request.getfixturevalue(page_fixture)
    family = season["family"]
    login(page, live_server, teacher, password)

    # My pupils -> family card -> start the visit.
    page.goto(url(live_server, "visits:pupil_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn leerlingen")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"{pupil.first_name} {pupil.last_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Gezin {family.name}")
    expect(page.get_by_text("Nodig, in het Tarifit")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=f"Bezoek voor {pupil.first_name} starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Huisbezoek gezin {family.name}")
    assert_no_axe_violations(page)

    # A phone call nobody answered.
    page.get_by_label("Hoe").select_option(label="Telefoon")
    page.get_by_label("Resultaat").select_option(label="Niet opgenomen")
    page.get_by_label("Korte notitie").fill("Na 19.00 uur opnieuw bellen")
    page.get_by_role("button", name="Contactpoging opslaan").click()
    expect(page.get_by_text("De contactpoging is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Na 19.00 uur opnieuw bellen")).to_be_visible()

    # Plan a duo visit with the interpreter, first on a time that clashes.
    page.get_by_role("link", name="Bezoek plannen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bezoek plannen")
    assert_no_axe_violations(page)
    page.get_by_label("Datum").fill(season["day"].isoformat())
    page.get_by_label("Begintijd").fill("18:30")
    page.get_by_label("Collega die meegaat (duobezoek)").select_option(label="Pieter de Vries")
    page.get_by_label("Tolk van school").select_option(
        label="Hafsa Ouali (Tarifit (Riffijns-Berbers), Marokkaans-Arabisch (Darija))"
    )
    page.get_by_label("Ontmoetingsplek met de tolk").fill("Bushalte op de hoek")
    page.get_by_role("button", name="Bezoek plannen").click()
    expect(page.get_by_text("Fatima Bakker heeft dan al een huisbezoek")).to_be_visible()
    expect(page.get_by_label("Ontmoetingsplek met de tolk")).to_have_value("Bushalte op de hoek")
    assert_no_axe_violations(page)

    page.get_by_label("Begintijd").fill("19:30")
    page.get_by_role("button", name="Bezoek plannen").click()
    expect(page.get_by_text("Het bezoek is gepland.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("met Pieter de Vries (duobezoek)")
    page.get_by_role("link", name="Voorbereiding").click()
    expect(page.get_by_text("Bushalte op de hoek")).to_be_visible()
    assert_no_axe_violations(page)
    if page_fixture == "page":
        assert_prints_on_a4(page, tmp_path)

    # The visit in the teacher's own calendar.
    page.goto(url(live_server, "visits:calendar_settings"))
    page.get_by_role("button", name="Link maken").click()
    feed_url = page.get_by_label("Uw agenda-link (alleen nu zichtbaar)").input_value()
    assert_no_axe_violations(page)
    response = page.request.get(feed_url)
    assert response.ok
    events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    ours = [e for e in events if str(e["summary"]) == f"Huisbezoek familie {family.name}"]
    assert len(ours) == 1
    start = ours[0].decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (season["day"], 19, 30)
    assert "Duobezoek met Pieter de Vries" in str(ours[0]["description"])

    if page_fixture == "phone_page":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
