"""Helpers for the browser tests: logging in through the real form, axe, and where screenshots go."""

from __future__ import annotations

import base64
import re
import time
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

_axe = Axe()

ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"  # screenshots (git-ignored)


def url(live_server, name: str, *args: object) -> str:  # type: ignore[no-untyped-def]
    """The live server's absolute address of a named URL."""
    return live_server.url + reverse(name, args=args)


def login(page: Page, live_server, user, password: str) -> None:  # type: ignore[no-untyped-def]
    """Log ``user`` in through the login form and wait for the home page.

    Users who must pass the second factor (directie, care coordinator, administrator) get a
    TOTP device with a known key, and the current code is typed on the verification page."""
    from huisbezoek.access import memberships_of
    from huisbezoek.otp import second_factor_required
    from huisbezoek.testing.second_factor import confirmed_device

    device = confirmed_device(user) if second_factor_required(user, memberships_of(user)) else None
    page.goto(url(live_server, "login"))
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if device is not None:
        expect(page).to_have_url(re.compile(re.escape(url(live_server, "otp_verify"))))
        page.locator("#id_code").fill(fresh_code(device))
        page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(url(live_server, "home"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def fresh_code(device) -> str:  # type: ignore[no-untyped-def]
    """The device's current code, waiting for the next one if this one was already used."""
    from huisbezoek.testing.second_factor import current_code

    device.refresh_from_db()
    while int(time.time()) // device.step <= device.last_t:
        time.sleep(0.5)
    return current_code(device)


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core's default rules (WCAG 2.x A/AA and best practices) on the page as it is now."""
    results = _axe.run(page)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} accessibility violation(s) on {page.url}\n{results.generate_report()}"
    )


def code_for(secret: str, step_after: int = -1) -> str:
    """The app's code for ``secret`` (base32, as shown on the page), from a later step than ``step_after``."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    while int(time.time()) // 30 <= step_after:
        time.sleep(0.5)
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"
