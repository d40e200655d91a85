"""The administrator imports the example export: upload, preview, confirm, result — on a desktop and a phone."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from huisbezoek.models import SchoolYear
from visits.models import Family, Pupil

from .helpers import assert_no_axe_violations, login, url

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "import-voorbeeld.csv"


@pytest.fixture
def current_year(school):
    """A school year around today's date (the live server runs on the real clock)."""
    today = timezone.localdate()
    first = today.year if today.month >= 8 else today.year - 1
    start, end = datetime.date(first, 8, 1), datetime.date(first + 1, 7, 31)
    return SchoolYear.objects.create(school=school, label=f"{start.year}-{end.year}", start=start, end=end)


def assert_fits(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width}px)"


@pytest.mark.parametrize("page_fixture", ["page", "phone_page"])
def test_administrator_imports_the_example_file(
    request, live_server, settings, tmp_path, administrator, teacher, password, current_year, page_fixture
):
    settings.MEDIA_ROOT = tmp_path
    page = request.getfixturevalue(page_fixture)
    width = page.viewport_size["width"]
    login(page, live_server, administrator, password)

    page.goto(url(live_server, "visits:import_upload"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Leerlingen importeren")
    assert_no_axe_violations(page)
    assert_fits(page, width)

    page.get_by_label("CSV-bestand uit de leerlingadministratie").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Bekijk wat er verandert").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer de import")
    expect(page.locator('[data-count="pupils-new"]')).to_have_text("11")
    expect(page.locator('[data-count="families-new"]')).to_have_text("8")
    assert Pupil.objects.count() == 0  # nothing written before the confirm
    assert_no_axe_violations(page)
    assert_fits(page, width)

    page.get_by_role("button", name="Importeren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import klaar")
    expect(page.locator('[data-count="pupils-new"]')).to_have_text("11")
    assert Pupil.objects.filter(school=administrator.memberships.get().school).count() == 11
    assert Family.objects.count() == 8
    assert_no_axe_violations(page)
    assert_fits(page, width)

    page.get_by_role("link", name="Leerkrachten aan groepen koppelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Groepen en leerkrachten")
    group = page.locator("section.card", has=page.get_by_role("heading", name="Groep 4"))
    group.get_by_label("Leerkracht").select_option(label="Fatima Bakker")
    group.get_by_role("button", name="Koppel").click()
    expect(page.locator(".alert-success")).to_contain_text("Fatima Bakker is gekoppeld aan Groep 4")
    assert_no_axe_violations(page)
    assert_fits(page, width)
