"""Journey: on the demo school, the directie opens the dashboard, filters on a group, opens the
team-meeting view and prints it (print media and a PDF of the page). axe on every page."""

import subprocess

from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from demo.builder import DEMO_PASSWORD
from huisbezoek.models import SchoolYear

from .helpers import assert_no_axe_violations, login, url


def test_directie_follows_progress_and_prints_the_team_meeting(live_server, page, demo, tmp_path):
    login(page, live_server, demo, DEMO_PASSWORD)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard huisbezoeken")).to_be_visible()
    expect(page.get_by_text(f"Bezoekperiode {date_format(demo_programme().period_start, 'j F Y')}")).to_be_visible()
    groups_chart = page.locator("svg#chart-groups")
    expect(groups_chart).to_be_visible()
    expect(groups_chart).to_have_attribute("role", "img")
    assert groups_chart.bounding_box()["width"] > 300  # drawn at a readable size
    expect(page.get_by_role("table", name="Leerlingen per groep en stand van het huisbezoek")).to_contain_text(
        "Groep 8"
    )
    declines = page.get_by_role("table", name="Gezinnen per reden om geen huisbezoek te willen")
    expect(declines).to_contain_text("Anders")  # reasons from the list; a typed reason stays on its visit
    expect(declines).not_to_contain_text("verbouwd")
    assert_no_axe_violations(page)

    page.get_by_label("Groep", exact=True).select_option(label="Groep 3")
    page.get_by_role("button", name="Toon").click()
    expect(page).to_have_url(f"{url(live_server, 'dashboard:dashboard')}?jaar={demo_year_id()}&groep={group3_id()}")
    table = page.get_by_role("table", name="Leerlingen per groep en stand van het huisbezoek")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Groep 3")
    expect(page.get_by_role("table", name="Leerlingen per mentor en stand van het huisbezoek")).to_contain_text(
        "Fatima Bakker"
    )
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Teamoverleg").first.click()
    expect(page.get_by_role("heading", level=1, name="Teamoverleg huisbezoeken")).to_be_visible()
    for heading in ("Waar staan we", "Wat is gelukt", "Wat loopt vast"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()
    assert_no_axe_violations(page)

    # On paper: no menu, no buttons, no filter; the chart and the tables stay.
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    expect(page.get_by_role("button", name="Toon")).to_be_hidden()
    expect(page.locator("svg#chart-groups")).to_be_visible()
    pdf_path = tmp_path / "teamoverleg.pdf"
    page.pdf(path=str(pdf_path), format="A4", print_background=True)
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Teamoverleg huisbezoeken" in text and "Wat loopt vast" in text
    assert "Groep 3" in text and "Uitloggen" not in text
    page.emulate_media(media="screen")


def demo_year_id() -> int:
    return SchoolYear.objects.containing(timezone.localdate()).get(school__brin="12AB").pk


def demo_programme():
    from visits.models import Programme

    return Programme.objects.get(school_year_id=demo_year_id())


def group3_id() -> int:
    from visits.models import Group

    return Group.objects.get(school__brin="12AB", name="Groep 3").pk
