"""Journey: the administrator reads the retention dry run, then produces a family's export for the
right of access — after the review step, with a third party's words left out. axe on every page."""

import datetime
import json

from django.utils import timezone
from playwright.sync_api import expect

from privacy.tests.factories import family_with_history

from .helpers import assert_no_axe_violations, login, url

try:  # the second factor (engineer D1): an administrator types a TOTP code after the password
    from huisbezoek.testing.second_factor import confirmed_device, current_code
except ImportError:  # pragma: no cover
    confirmed_device = current_code = None

THIRD_PARTY = "De buurvrouw hoorde 's avonds geschreeuw."


def log_in(page, live_server, user, password):
    """The log-in form, and the second factor's code where the administrator is asked for it."""
    if confirmed_device is None:
        login(page, live_server, user, password)
        return
    device = confirmed_device(user)
    page.goto(url(live_server, "login"))
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if "/tweestaps/" in page.url:
        page.get_by_label("Code").fill(current_code(device))
        page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(url(live_server, "home"))


def test_dry_run_and_a_reviewed_export(
    live_server, page, school, group, teacher, care_coordinator, administrator, password
):
    today = timezone.localdate()
    gone = family_with_history(
        group=group,
        teacher=teacher,
        care_coordinator=care_coordinator,
        left_on=today - datetime.timedelta(days=3 * 365),
    )
    asking = family_with_history(
        group=group,
        teacher=teacher,
        care_coordinator=care_coordinator,
        left_on=None,
        care="closed",
        third_party_text=THIRD_PARTY,
    )

    log_in(page, live_server, administrator, password)
    expect(page.get_by_text("Automatisch opschonen staat nog uit.")).to_be_visible()  # the home panel
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaartermijnen en opschonen")
    dry_run = page.get_by_role("table").first
    expect(dry_run).to_contain_text(gone.name)
    expect(dry_run).to_contain_text("Alles verwijderen")
    expect(page.get_by_text("Staat nog uit")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Inzage en correctie voor één gezin").click()
    page.get_by_label("Zoek op gezin of kind").fill(asking.name)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=asking.name).first.click()
    expect(page.get_by_text(THIRD_PARTY)).to_be_visible()
    assert_no_axe_violations(page)

    # Downloading without confirming the review is refused, with a clear message.
    page.get_by_role("button", name="Export downloaden").click()
    expect(page.get_by_text("Lees eerst de teksten van derden na en vink dit aan.")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Weglaten: stap 1").check()
    page.get_by_label("Ik heb de teksten van derden hierboven nagelezen.").check()
    page.get_by_label("JSON (voor een computer)").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export downloaden").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"inzage-gezin-{asking.pk}-")
    exported = json.loads(open(download.path(), encoding="utf-8").read())
    assert exported["family"]["name"] == asking.name
    assert len(exported["care_cases"][0]["entries"]) == 2
    assert THIRD_PARTY not in json.dumps(exported, ensure_ascii=False)

    page.reload()
    expect(page.get_by_text("Eerder gemaakt")).to_be_visible()


def test_a_parent_reads_the_privacy_notice_from_the_parent_page_in_arabic_on_a_phone(
    live_server, phone_page, school, directie
):
    from privacy.models import RetentionPolicy
    from protocol import services as protocol_services
    from protocol.tests.factories import published_protocol

    published_protocol(school, directie)
    RetentionPolicy.objects.create(school=school, family_years=3, care_years=7)
    code = protocol_services.protocol_settings_ensure(school=school).public_code
    page = phone_page
    page.goto(f"{live_server.url}/ouders/{code}/ar/")
    page.get_by_role("link", name="الخصوصية: ما تسجّله المدرسة").click()
    expect(page).to_have_url(f"{live_server.url}/ouders/{code}/privacy/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("الخصوصية: ما تسجّله المدرسة")
    expect(page.get_by_text("3 سنوات", exact=False)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy: wat de school vastlegt")
    expect(page.get_by_text("nog 3 jaar", exact=False)).to_be_visible()
    assert_no_axe_violations(page)
    assert page.context.cookies() == []
