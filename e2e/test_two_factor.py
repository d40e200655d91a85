"""Journey: a care coordinator sets up the second log-in step with a QR code, logs out, and logs
in again with a code from the app and, having lost the phone, with a recovery code."""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from .helpers import assert_no_axe_violations, code_for, url

pytestmark = pytest.mark.real_second_factor


def password_step(page: Page, live_server, user, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url(live_server, "login"))
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Inloggen|Uitgelogd|uitgelogd"))


def test_care_coordinator_enrols_and_logs_in_with_a_code_and_a_recovery_code(
    live_server, page, care_coordinator, password
):
    # The password alone is not enough: set up the app first.
    password_step(page, live_server, care_coordinator, password)
    expect(page).to_have_url(re.compile(re.escape(url(live_server, "otp_enrol"))))
    qr = page.get_by_role("img", name=re.compile("QR-code"))
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.bounding_box()["width"] > 100
    assert_no_axe_violations(page)

    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.locator("#id_code").fill("000000" if code_for(secret) != "000000" else "111111")
    page.get_by_role("button", name="App koppelen").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    enrolled_step = int(time.time()) // 30
    page.locator("#id_code").fill(code_for(secret))
    page.get_by_role("button", name="App koppelen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    expect(page).to_have_url(url(live_server, "home"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {care_coordinator.first_name}")
    log_out(page)

    # Next time: password, then a fresh code from the app.
    password_step(page, live_server, care_coordinator, password)
    expect(page).to_have_url(re.compile(re.escape(url(live_server, "otp_verify"))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap: code")
    assert_no_axe_violations(page)
    page.locator("#id_code").fill(code_for(secret, step_after=enrolled_step))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(url(live_server, "home"))
    page.goto(url(live_server, "visits:care_queue"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    log_out(page)

    # Phone lost: a recovery code works, once.
    password_step(page, live_server, care_coordinator, password)
    page.locator("#id_code").fill(codes[0])
    page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(url(live_server, "home"))
    expect(page.get_by_text("U hebt een herstelcode gebruikt. U hebt er nog 9 over.")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_second_step_page_fits_a_phone(live_server, phone_page, directie, password):
    from huisbezoek.testing.second_factor import confirmed_device

    confirmed_device(directie)
    password_step(phone_page, live_server, directie, password)
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Tweede stap: code")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_no_axe_violations(phone_page)


def test_directie_switches_the_second_step_off_for_teachers_only_with_the_confirmation(
    live_server, page, directie, school, password
):
    from huisbezoek.models import AuditEvent

    from .helpers import login

    login(page, live_server, directie, password)
    page.goto(url(live_server, "security_settings"))
    required = page.get_by_label("Tweestapsverificatie verplicht voor leerkrachten en mentoren")
    expect(required).to_be_checked()  # the default
    expect(page.get_by_text("Let op bij uitzetten")).to_be_visible()
    assert_no_axe_violations(page)
    required.uncheck()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Vink aan dat u begrijpt")).to_be_visible()
    school.refresh_from_db()
    assert school.teachers_need_second_factor
    assert_no_axe_violations(page)
    expect(required).not_to_be_checked()  # what was chosen stays
    page.get_by_label("Ik begrijp dat leerkrachten dan verslagen lezen met alleen een wachtwoord").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De instelling is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("loggen nu in met alleen een wachtwoord")).to_be_visible()
    assert_no_axe_violations(page)
    school.refresh_from_db()
    assert not school.teachers_need_second_factor
    assert AuditEvent.objects.filter(object_type="school_security", user=directie).count() == 1
