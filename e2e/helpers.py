"""Helpers for the browser tests: logging in through the real form, and axe."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

_axe = Axe()


def url(live_server, name: str, *args: object) -> str:  # type: ignore[no-untyped-def]
    """The live server's absolute address of a named URL."""
    return live_server.url + reverse(name, args=args)


def login(page: Page, live_server, user, password: str) -> None:  # type: ignore[no-untyped-def]
    """Log ``user`` in through the login form and wait for the home page."""
    page.goto(url(live_server, "login"))
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(url(live_server, "home"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core's default rules (WCAG 2.x A/AA and best practices) on the page as it is now."""
    results = _axe.run(page)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} accessibility violation(s) on {page.url}\n{results.generate_report()}"
    )
