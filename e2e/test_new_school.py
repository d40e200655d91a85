"""Journey: a school that was never in the demo starts on its own and goes into its next year.

The technical operator runs one command (``start_school``); from there the school's administrator
does everything in the browser: sets a password from the e-mail, imports the pupils and the team,
adds next school year, imports next year's groups, and starts the new year when it comes. axe
on every page of the way, on a desktop and at 360 px wide, and nothing scrolls sideways on a phone.
"""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from huisbezoek.models import Membership, Role, SchoolYear, User
from visits.enrolments.services import year_start_sweep
from visits.models import Enrolment, Pupil

from .helpers import assert_no_axe_violations, login, url

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "import-voorbeeld.csv"
PASSWORD = "Vlinder-beheer-2026!"
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def first_year_start(day: datetime.date) -> int:
    return day.year if day.month >= 8 else day.year - 1


def check(page: Page) -> None:
    """axe, and at phone width no sideways scrolling."""
    assert_no_axe_violations(page)
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width}px)"


def invitation_path(email: str) -> str:
    sent = [m for m in mail.outbox if m.to == [email] and "/uitnodiging/" in m.body]
    assert len(sent) == 1, [m.to for m in mail.outbox]
    return re.search(re.escape(settings.SITE_URL) + r"(/uitnodiging/[A-Za-z0-9_-]+/)", sent[0].body).group(1)


def next_year_file(tmp_path: Path) -> Path:
    """The example export as the pupil administration gives it for next year: everyone one group
    up, and group 8 gone (they leave for secondary school)."""

    def up(match: re.Match[str]) -> str:
        return f"Groep {int(match.group(1)) + 1};{int(match.group(1)) + 1}"

    rows = EXAMPLE.read_text(encoding="utf-8").splitlines()
    moved = [rows[0]] + [re.sub(r"Groep (\d);\d", up, row) for row in rows[1:] if ";Groep 8;" not in row]
    path = tmp_path / "volgend-jaar.csv"
    path.write_text("\n".join(moved) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("page_fixture", ["page", "phone_page"])
def test_a_new_school_sets_itself_up_and_goes_into_next_year(request, live_server, settings, tmp_path, page_fixture):
    settings.MEDIA_ROOT = tmp_path
    page: Page = request.getfixturevalue(page_fixture)
    today = timezone.localdate()
    this_year = first_year_start(today)
    next_label = f"{this_year + 1}-{this_year + 2}"

    # The technical operator's one step on a new installation.
    call_command(
        "start_school",
        "--board=Stichting Nieuw Begin",
        "--name=Basisschool De Vlinder",
        "--brin=34XY",
        "--type=primary",
        "--region=middle",
        "--admin-email=beheer@vlinder.test",
        "--admin-first-name=Anouk",
        "--admin-last-name=de Wit",
    )
    admin = User.objects.get(email="beheer@vlinder.test")
    school = admin.memberships.get().school

    # 1. The administrator chooses a password from the e-mail and logs in (with the second step).
    page.goto(live_server.url + invitation_path(admin.email))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies uw wachtwoord")
    check(page)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_text("Uw wachtwoord is opgeslagen.")).to_be_visible()
    login(page, live_server, admin, PASSWORD)
    check(page)

    # 2. The pupils from the pupil administration.
    page.goto(url(live_server, "visits:import_upload"))
    check(page)
    page.get_by_label("CSV-bestand uit de leerlingadministratie").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Bekijk wat er verandert").click()
    expect(page.locator('[data-count="pupils-new"]')).to_have_text("11")
    check(page)
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import klaar")
    assert Pupil.objects.filter(school=school).count() == 11

    # 3. The team, from a CSV, invited in one go.
    team = tmp_path / "team.csv"
    team.write_text(
        "e-mail;voornaam;achternaam;rollen;groepen;geslacht\n"
        "fatima@vlinder.test;Fatima;Bakker;leerkracht;Groep 4;v\n"
        "joost@vlinder.test;Joost;Smit;leerkracht;Groep 5;m\n"
        "directie@vlinder.test;Dirk;Jansen;directie;;m\n",
        encoding="utf-8",
    )
    page.goto(url(live_server, "staff:staff_import"))
    check(page)
    page.get_by_label("CSV-bestand met medewerkers").set_input_files(str(team))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer de import van het team")
    check(page)
    page.get_by_role("button", name="Uitnodigingen versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")
    check(page)
    assert Membership.objects.filter(school=school, role=Role.TEACHER).count() == 2
    assert Membership.objects.filter(school=school, role=Role.DIRECTIE).count() == 1
    assert all(invitation_path(email) for email in ("fatima@vlinder.test", "joost@vlinder.test"))

    # 4. Next school year, prepared in good time.
    page.goto(url(live_server, "staff:school_year_add"))
    check(page)
    page.locator("#id_label").fill(next_label)
    page.locator("#id_start").fill(f"{this_year + 1}-08-01")
    page.locator("#id_end").fill(f"{this_year + 2}-07-31")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schooljaren")
    next_year = SchoolYear.objects.get(school=school, label=next_label)

    # 5. Next year's groups from the pupil administration; this year's stay as they are.
    groups_now = dict(Pupil.objects.filter(school=school).values_list("external_id", "group__name"))
    page.goto(url(live_server, "visits:import_upload"))
    page.locator("#id_school_year").select_option(label=f"{next_label} (volgend jaar)")
    page.get_by_label("CSV-bestand uit de leerlingadministratie").set_input_files(str(next_year_file(tmp_path)))
    page.get_by_role("button", name="Bekijk wat er verandert").click()
    check(page)
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import klaar")
    assert dict(Pupil.objects.filter(school=school).values_list("external_id", "group__name")) == groups_now
    assert Enrolment.objects.filter(school_year=next_year).count() == 9

    # 6. The nights pass (the nightly task starts the year the school began in), and a week before
    # the first day of the new year the administrator starts it.
    year_start_sweep()
    a_week_before = datetime.datetime(this_year + 1, 7, 25, 10, 0, tzinfo=AMS)
    with time_machine.travel(a_week_before, tick=True):
        login(page, live_server, admin, PASSWORD)
        page.goto(url(live_server, "visits:year_start"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw schooljaar starten")
        expect(page.get_by_text("9 leerlingen gaan naar een nieuwe groep.")).to_be_visible()
        expect(page.get_by_text("2 leerlingen hebben volgend schooljaar geen groep.")).to_be_visible()
        check(page)
        page.get_by_role("button", name="Nieuw schooljaar nu starten").click()
        expect(page.get_by_text(f"Schooljaar {next_label} is gestart")).to_be_visible()

    moved = dict(Pupil.objects.filter(school=school).values_list("external_id", "group__name"))
    assert moved == {
        pupil: None if group == "Groep 8" else f"Groep {int(group.split()[1]) + 1}"
        for pupil, group in groups_now.items()
    }
    in_groups = Pupil.objects.filter(school=school, group__isnull=False)
    assert set(in_groups.values_list("group__school_year", flat=True)) == {next_year.pk}
