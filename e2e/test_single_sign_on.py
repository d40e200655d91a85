"""Journeys: a teacher logs in with the school's account through a real browser (the fake OpenID
provider the test starts stands in for Microsoft), and still passes the second step; an unknown
account is sent back with the message. axe on the log-in page with the button."""

import re

import pytest
from playwright.sync_api import expect

from huisbezoek.testing.oidc_provider import running_provider
from huisbezoek.testing.second_factor import confirmed_device, current_code

from .helpers import assert_no_axe_violations, url

pytestmark = pytest.mark.real_second_factor


@pytest.fixture
def provider(settings):
    with running_provider() as fake:
        for name, value in fake.settings().items():
            setattr(settings, name, value)
        yield fake


def test_a_teacher_logs_in_with_the_school_account_and_types_the_code(live_server, page, provider, teacher, pupil):
    device = confirmed_device(teacher)  # the school requires the second step of teachers (the default)
    provider.person = {"email": teacher.email.upper(), "email_verified": True}
    page.goto(url(live_server, "login"))
    button = page.get_by_role("link", name="Inloggen met Microsoft")
    expect(button).to_be_visible()
    expect(page.get_by_label("Wachtwoord")).to_be_visible()  # the password stays
    assert_no_axe_violations(page)
    button.click()
    expect(page).to_have_url(re.compile(re.escape(url(live_server, "otp_verify"))))
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(url(live_server, "home"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fatima")


def test_an_unknown_account_is_sent_back_with_the_message(live_server, page, provider, teacher):
    provider.person = {"email": "onbekend@school.test", "email_verified": True}
    page.goto(url(live_server, "login"))
    page.get_by_role("link", name="Inloggen met Microsoft").click()
    expect(page).to_have_url(url(live_server, "login"))
    expect(page.get_by_text("Dit account is niet bekend bij Huisbezoek")).to_be_visible()
    assert_no_axe_violations(page)
