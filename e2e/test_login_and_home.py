"""First journey: log in, land on the role-aware home page, switch language, log out."""

import pytest
from playwright.sync_api import expect

from .helpers import assert_no_axe_violations, login, url

PERSONAS = [
    ("teacher", "Leerkracht / mentor"),
    ("directie", "Directie"),
    ("care_coordinator", "Zorgcoördinator"),
    ("administrator", "Beheerder"),
    ("interpreter", "Tolk / oudercontactpersoon"),
]


@pytest.mark.parametrize("page_fixture", ["page", "phone_page"])
def test_login_page_is_accessible(request, live_server, page_fixture):
    page = request.getfixturevalue(page_fixture)
    page.goto(url(live_server, "login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert_no_axe_violations(page)


@pytest.mark.parametrize(("persona", "role_label"), PERSONAS, ids=[name for name, _ in PERSONAS])
def test_persona_logs_in_and_sees_their_home(live_server, page, personas, password, persona, role_label):
    user = personas[persona]
    login(page, live_server, user, password)

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {user.first_name}")
    expect(page.locator("main .lead")).to_contain_text(role_label)
    assert_no_axe_violations(page)


def test_home_fits_a_phone_and_the_menu_opens(live_server, phone_page, pupil, teacher, password):
    page = phone_page
    login(page, live_server, teacher, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Fatima")

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"the home page scrolls sideways on a 360px phone (scrollWidth {scroll_width}px)"

    log_out = page.get_by_role("button", name="Uitloggen")
    expect(log_out).to_be_hidden()
    page.get_by_role("button", name="Menu openen").click()  # Bootstrap's collapse: its script ran under the CSP
    expect(log_out).to_be_visible()
    assert_no_axe_violations(page)


def test_wrong_password_explains_and_keeps_the_email(live_server, page, teacher):
    page.goto(url(live_server, "login"))
    page.get_by_label("E-mailadres").fill(teacher.email)
    page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()

    expect(page.locator("main")).to_contain_text("horen niet bij elkaar")
    expect(page).to_have_url(url(live_server, "login"))
    expect(page.get_by_label("E-mailadres")).to_have_value(teacher.email)
    expect(page.get_by_label("Wachtwoord")).to_have_value("")
    assert_no_axe_violations(page)


def test_language_switch_to_english(live_server, page, teacher, password):
    login(page, live_server, teacher, password)
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Kies").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(url(live_server, "home"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {teacher.first_name}")
    expect(page.get_by_role("heading", name="My groups")).to_be_visible()
    expect(page.get_by_label("Language")).to_have_value("en")
    assert_no_axe_violations(page)


def test_logout_lands_on_the_login_page(live_server, page, teacher, password):
    login(page, live_server, teacher, password)
    page.get_by_role("button", name="Uitloggen").click()

    expect(page).to_have_url(url(live_server, "login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.goto(url(live_server, "home"))  # the session is gone: home sends us back to log in
    expect(page).to_have_url(url(live_server, "login") + "?next=/")
