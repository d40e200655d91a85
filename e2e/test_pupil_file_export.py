"""Journey: on the demo school, the teacher opens the reports still to copy into the pupil
administration, downloads a pupil's PDF, ticks one report off and sees the tick in the pupil
file; the administrator downloads the CSV of the year. axe on every page."""

from playwright.sync_api import expect

from demo.builder import DEMO_PASSWORD
from huisbezoek.models import User
from visits.models import Report

from .helpers import assert_no_axe_violations, login, url


def test_the_teacher_copies_reports_and_the_administrator_downloads_the_year(live_server, page, demo):
    teacher = User.objects.get(email="leerkracht@demo.test")
    login(page, live_server, teacher, DEMO_PASSWORD)
    page.get_by_role("link", name="Leerlingdossiers").click()
    heading = "Verslagen over te nemen in het leerlingdossier"
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_have_text("3 verslagen nog over te nemen")
    assert_no_axe_violations(page)

    first_row = page.locator("tbody tr").first
    with page.expect_download() as download:
        first_row.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    first_row.get_by_role("button", name="Overgenomen in leerlingdossier").click()
    expect(page.get_by_text("Gemarkeerd als overgenomen in het leerlingdossier.")).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_have_text("2 verslagen nog over te nemen")
    copied = Report.objects.exclude(copied_to_pupil_file_on=None).get()
    assert copied.copied_to_pupil_file_by == teacher

    pupil = copied.visit.pupils.get()
    page.goto(url(live_server, "visits:pupil_file", pupil.pk))
    expect(page.get_by_text("Overgenomen in leerlingdossier op")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server, User.objects.get(email="beheer@demo.test"), DEMO_PASSWORD)
    page.goto(url(live_server, "visits:reports_to_copy"))
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV van schooljaar").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert text.startswith("leerlingnummer;naam;groep")
    assert len(text.strip().splitlines()) >= 4  # the header and the demo's three reports
