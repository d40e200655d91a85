"""The harness's own guard: console errors, script errors and CSP violations are caught.

A guard that never fires proves nothing, so this serves a probe page under the site's real
Content-Security-Policy and checks that each kind of problem is recorded.
"""

from playwright.sync_api import expect

from .helpers import url

PROBE_PAGE = """<!doctype html><html lang="nl"><head><title>Probe</title>
<script>window.inlineScriptRan = true;</script>
<script src="/e2e-probe.js"></script></head>
<body><p style="color: red">probe</p></body></html>"""
PROBE_SCRIPT = 'console.error("probe: console error"); throw new Error("probe: uncaught");'


def test_browser_problems_are_recorded(live_server, page, browser_errors):
    policy = page.request.get(url(live_server, "login")).headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy

    headers = {"Content-Security-Policy": policy}
    page.route(
        f"{live_server.url}/e2e-probe/",
        lambda route: route.fulfill(content_type="text/html", headers=headers, body=PROBE_PAGE),
    )
    page.route(
        f"{live_server.url}/e2e-probe.js",
        lambda route: route.fulfill(content_type="text/javascript", body=PROBE_SCRIPT),
    )
    page.goto(f"{live_server.url}/e2e-probe/")
    expect(page.get_by_text("probe")).to_be_visible()
    assert page.evaluate("window.inlineScriptRan") is None  # the CSP blocked the inline script

    found = "\n".join(browser_errors)
    assert "CSP violation" in found and "script-src" in found and "style-src" in found, found
    assert "console error" in found and "probe: console error" in found, found
    assert "uncaught error" in found and "probe: uncaught" in found, found
    browser_errors.clear()  # expected here; anywhere else they fail the test
