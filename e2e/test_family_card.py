"""Journeys: after the first phone call the mentor edits the family card (Tarifit at home, an
interpreter needed, only a female visitor), sees it on the card, and plans the visit herself;
and a later import asks the administrator before it overwrites what was edited on the card.
On a desktop and on a 360 px phone; axe checks the edit page (also with an error on it) and
the import preview with its conflict."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from huisbezoek.models import School, SchoolYear, User
from visits import holidays
from visits.models import Family, Programme
from visits.tests.factories import GuardianFactory, InterpreterFactory

from .helpers import assert_no_axe_violations, login, url


def free_evening(first: datetime.date, last: datetime.date) -> datetime.date:
    """A Monday-Thursday with no school or religious holiday (the planner would object)."""
    day = first
    while day <= last:
        if day.weekday() < 4 and not holidays.school_holiday(day, School.HolidayRegion.MIDDLE):
            if not holidays.religious_holidays(day):
                return day
        day += datetime.timedelta(days=1)
    raise AssertionError("no free evening in the period")


@pytest.fixture
def season(school, school_year, teacher, pupil):
    today = timezone.localdate()
    year = school_year
    if not year.start <= today <= year.end:  # keep the journey meaningful whatever today is
        year.start, year.end = today - datetime.timedelta(days=60), today + datetime.timedelta(days=200)
        year.label = f"{year.start.year}-{year.end.year}"
        year.save()
    Programme.objects.create(
        school=school, school_year=year, period_start=today, period_end=today + datetime.timedelta(days=90)
    )
    User.objects.filter(pk=teacher.pk).update(gender=User.Gender.FEMALE)  # Fatima visits alone
    GuardianFactory(family=pupil.family, first_name="Naima", relation="mother", phone="06 23456701")
    InterpreterFactory(school=school, name="Hafsa Ouali", languages=["rif"])
    return {"day": free_evening(today + datetime.timedelta(days=2), today + datetime.timedelta(days=90))}


@pytest.mark.parametrize("page_fixture", ["page", "phone_page"])
def test_mentor_edits_the_family_card_after_the_call(
    request, live_server, season, teacher, pupil, password, page_fixture
):
    page = request.getfixturevalue(page_fixture)
    family = pupil.family
    login(page, live_server, teacher, password)

    page.goto(url(live_server, "visits:family_detail", family.pk))
    page.get_by_role("link", name="Gezinskaart bewerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Gezinskaart {family.name} bewerken")
    assert_no_axe_violations(page)
    if page_fixture == "phone_page":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # What the mother said on the phone.
    page.get_by_label("Hoofdtaal thuis").select_option(label="Tarifit (Riffijns-Berbers)")
    page.get_by_role("checkbox", name="Nederlands").check()
    page.get_by_label("Nederlands van de ouders").select_option(label="Beperkt: tolk aan te raden")
    page.get_by_label("Er is een tolk nodig").check()
    page.get_by_label("Taal van de tolk").select_option(label="Tarifit (Riffijns-Berbers)")
    page.get_by_label("Wie regelt de tolk").select_option(label="School regelt de tolk")
    page.get_by_label("Toestemming van de ouders voor een tolk").select_option(
        label="Gevraagd: de ouders willen een tolk"
    )
    page.get_by_label("Alleen een vrouwelijke bezoeker").check()
    page.get_by_label("Toelichting bij wie mag komen").fill("Vader is overdag niet thuis.")
    page.get_by_label("Aandachtspunten").fill("Na 19.00 uur bellen.")
    page.get_by_label("Het gezin houdt de ramadan").check()
    page.get_by_label("Telefoonnummer van Naima").fill("06 123")  # mistyped
    page.get_by_role("button", name="Gezinskaart opslaan").click()

    # The mistake is named; everything typed is still there.
    expect(page.get_by_text("'06 123' is geen geldig telefoonnummer")).to_be_visible()
    expect(page.get_by_label("Aandachtspunten")).to_have_value("Na 19.00 uur bellen.")
    expect(page.get_by_label("Alleen een vrouwelijke bezoeker")).to_be_checked()
    assert_no_axe_violations(page)
    page.get_by_label("Telefoonnummer van Naima").fill("06 12345678")
    page.get_by_role("button", name="Gezinskaart opslaan").click()

    expect(page.get_by_text("De gezinskaart is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Gezin {family.name}")
    main = page.locator("main")
    expect(main).to_contain_text("Tarifit (Riffijns-Berbers) (hoofdtaal), Nederlands")
    expect(main).to_contain_text("Nodig, in het Tarifit (Riffijns-Berbers)")
    expect(main).to_contain_text("Alleen een vrouwelijke bezoeker")
    expect(main).to_contain_text("Vader is overdag niet thuis.")
    expect(main).to_contain_text("Na 19.00 uur bellen.")
    family.refresh_from_db()
    assert family.visitor_preference == Family.VisitorPreference.FEMALE_ONLY
    assert family.interpreter_language == "rif"
    assert family.keeps_ramadan
    if page_fixture == "phone_page":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The visit, made by the (female) mentor herself: the preference is met.
    page.get_by_role("button", name=f"Bezoek voor {pupil.first_name} starten").click()
    page.get_by_role("link", name="Bezoek plannen").click()
    expect(page.get_by_role("main")).to_contain_text("Alleen een vrouwelijke bezoeker")
    page.get_by_label("Datum").fill(season["day"].isoformat())
    page.get_by_label("Begintijd").fill("19:30")
    page.get_by_label("Tolk van school").select_option(label="Hafsa Ouali (Tarifit (Riffijns-Berbers))")
    page.get_by_label("Ontmoetingsplek met de tolk").fill("Bushalte op de hoek")
    page.get_by_role("button", name="Bezoek plannen").click()
    expect(page.get_by_text("Het bezoek is gepland.")).to_be_visible()


EXAMPLE = Path(settings.BASE_DIR) / "docs" / "import-voorbeeld.csv"


@pytest.mark.parametrize("page_fixture", ["page", "phone_page"])
def test_a_later_import_asks_before_overwriting_the_card(
    request, live_server, settings, tmp_path, school, administrator, password, page_fixture
):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    first = today.year if today.month >= 8 else today.year - 1
    SchoolYear.objects.create(
        school=school,
        label=f"{first}-{first + 1}",
        start=datetime.date(first, 8, 1),
        end=datetime.date(first + 1, 7, 31),
    )
    page = request.getfixturevalue(page_fixture)
    width = page.viewport_size["width"]
    login(page, live_server, administrator, password)

    def import_example():
        page.goto(url(live_server, "visits:import_upload"))
        page.get_by_label("CSV-bestand uit de leerlingadministratie").set_input_files(str(EXAMPLE))
        page.get_by_role("button", name="Bekijk wat er verandert").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Controleer de import")

    import_example()
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import klaar")

    # The administrator hears the family's new number and writes it on the card.
    family = Family.objects.get(name="Azzouzi")
    page.goto(url(live_server, "visits:family_edit", family.pk))
    page.get_by_label("Telefoonnummer van het gezin").fill("06 87654321")
    page.get_by_role("button", name="Gezinskaart opslaan").click()
    expect(page.get_by_text("De gezinskaart is opgeslagen.")).to_be_visible()

    # The same export again: the old number is a conflict, not a change.
    import_example()
    conflict = page.locator(f'[data-conflict="{family.pk}-phone"]')
    expect(conflict).to_contain_text("In de app: 06 87654321")
    expect(conflict).to_contain_text("In het bestand: 06 23456701")
    expect(conflict.get_by_label("Waarde uit de app houden")).to_be_checked()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name="Importeren").click()
    expect(page.locator('[data-count="conflicts-kept"]')).to_contain_text("1 gegeven")
    family.refresh_from_db()
    assert family.phone == "06 87654321"

    # Once more, now taking the file's number.
    import_example()
    page.locator(f'[data-conflict="{family.pk}-phone"]').get_by_label("Waarde uit het bestand nemen").check()
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import klaar")
    family.refresh_from_db()
    assert family.phone == "06 23456701"
