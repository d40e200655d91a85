"""Fixtures for the browser tests in this folder.

* ``browser`` (session): Debian's Chromium, started once. Playwright cannot download a
  browser here, so never run ``playwright install``; point ``CHROMIUM_PATH`` at another
  executable if yours lives elsewhere. A missing browser skips these tests locally and
  fails them when ``CI=true``.
* ``page`` (desktop, 1280x800) and ``phone_page`` (360x740, touch): a fresh browser context
  per test, Dutch locale.
* Every console error, uncaught script error and Content-Security-Policy violation on those
  pages fails the test, with the messages in the failure report.

Use ``live_server`` in the tests (a transactional database: the personas of the root
conftest are visible to the server thread). Helpers are in ``e2e/helpers.py``.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from demo.builder import build_demo
from huisbezoek.models import User

from .helpers import ARTIFACTS_DIR

E2E_DIR = Path(__file__).resolve().parent

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}

BROWSER_ERRORS = pytest.StashKey[list[str]]()
CALL_REPORT = pytest.StashKey[pytest.TestReport]()

# Reports a CSP violation to Python with its details (Chromium also logs it as a console
# error; this keeps the blocked resource and directive readable and does not depend on that).
# Init scripts and bindings are injected through the DevTools protocol, so the page's CSP
# does not block them.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__e2eCspViolation({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``e2e`` (``-m "not e2e"`` leaves the browser out)."""
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """After a test that passed, fail it if its pages logged errors or broke the CSP."""
    result = yield
    errors = item.stash.get(BROWSER_ERRORS, [])
    if errors:
        pytest.fail(
            f"The browser reported {len(errors)} error(s) during this test:\n  " + "\n  ".join(errors),
            pytrace=False,
        )
    return result


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        message = (
            f"Chromium not found at {executable!r}: install Debian's chromium package or set CHROMIUM_PATH "
            "to a Chromium executable (Playwright cannot download its own browser here)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

    # Playwright's sync API keeps an asyncio event loop running in this thread, and Django
    # then refuses ORM calls from it (SynchronousOnlyOperation) — in fixtures creating the
    # personas and in the database flush after each test. Allow them exactly as long as the
    # browser runs; the live server answers in its own thread and is not affected.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_errors(request: pytest.FixtureRequest) -> list[str]:
    """Errors the test's pages reported; a non-empty list fails the test when it ends."""
    errors: list[str] = []
    request.node.stash[BROWSER_ERRORS] = errors
    return errors


def _watch(context: BrowserContext, page: Page, errors: list[str]) -> None:
    def watch_page(watched: Page) -> None:
        def on_console(message):  # type: ignore[no-untyped-def]
            if message.type == "error":
                where = message.location or {}
                errors.append(
                    f"console error on {watched.url}: {message.text}"
                    f" [{where.get('url', '')}:{where.get('lineNumber', '')}]"
                )

        watched.on("console", on_console)
        watched.on("pageerror", lambda error: errors.append(f"uncaught error on {watched.url}: {error}"))

    def on_csp_violation(source, violation):  # type: ignore[no-untyped-def]
        errors.append(
            f"CSP violation on {source['page'].url}: {violation['directive']} blocked"
            f" {violation['blocked'] or '(inline)'} [{violation['source']}:{violation['line']}]"
            f" {violation['sample'] or ''}".rstrip()
        )

    watch_page(page)
    context.on("page", watch_page)  # pop-ups and new tabs too
    context.expose_binding("__e2eCspViolation", on_csp_violation)
    context.add_init_script(CSP_LISTENER)


def _open(browser: Browser, errors: list[str], request: pytest.FixtureRequest, options: dict) -> Iterator[Page]:
    context = browser.new_context(locale="nl-NL", **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    _watch(context, page, errors)
    yield page
    report = request.node.stash.get(CALL_REPORT, None)
    if report is not None and report.failed:
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        # A screenshot is a courtesy: if the page is gone, the test's own failure is what matters.
        with contextlib.suppress(PlaywrightError):
            page.screenshot(path=ARTIFACTS_DIR / f"{name}.png", full_page=True)
    context.close()


@pytest.fixture
def page(browser: Browser, browser_errors: list[str], request: pytest.FixtureRequest) -> Iterator[Page]:
    """A desktop page (1280x800), in a new browser context of its own."""
    yield from _open(browser, browser_errors, request, DESKTOP)


@pytest.fixture
def phone_page(browser: Browser, browser_errors: list[str], request: pytest.FixtureRequest) -> Iterator[Page]:
    """A phone page (360x740, touch), in a new browser context of its own."""
    yield from _open(browser, browser_errors, request, PHONE)


@pytest.fixture
def demo(db):
    """The demo board, built around today as ``make run`` builds it (its visit period is under way)."""
    build_demo()
    return User.objects.get(email="directie@demo.test")
