"""On a 360px phone the directie's protocol page and the dashboard fit the screen, tables scroll
inside their own box instead of pushing the page sideways, and no table cell breaks a word in the
middle ("Aa/ng/e/m/aa/kt"); on a desktop the chart labels are not cut off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from demo.builder import DEMO_PASSWORD
from protocol import services as protocol_services

from .helpers import ARTIFACTS_DIR, assert_no_axe_violations, login, url

# Words of table cells drawn over more than one line although they would fit on one line of the
# cell: broken mid-word. (Breaking after a hyphen, or a word wider than the cell, is allowed.)
BROKEN_WORDS = """
() => {
  const broken = [];
  const ruler = document.createElement("canvas").getContext("2d");
  for (const cell of document.querySelectorAll("main table th, main table td")) {
    const text = cell.innerText.trim();
    if (!text || cell.getBoundingClientRect().width === 0) continue;
    const style = getComputedStyle(cell);
    ruler.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of text.split(/[\\s\\-]+/)) {
      if (!word || ruler.measureText(word).width > room) continue;
      const range = document.createRange();
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode())) {
        const at = node.textContent.indexOf(word);
        if (at < 0) continue;
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(word);
        break;
      }
    }
  }
  return broken;
}
"""


def shoot(page: Page, name: str) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)


def assert_fits(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px ({scroll_width}px wide)"
    assert page.evaluate(BROKEN_WORDS) == [], f"{page.url}: table cells break words"


@pytest.fixture
def directie(demo):
    protocol_services.protocol_create_default(school=demo.memberships.first().school, user=demo)
    return demo


def test_no_table_rule_breaks_words_anywhere():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "huisbezoek.css").read_text()
    assert "overflow-wrap: anywhere" not in css


def test_protocol_page_and_dashboard_fit_a_360px_phone(live_server, phone_page, directie):
    login(phone_page, live_server, directie, DEMO_PASSWORD)

    phone_page.goto(url(live_server, "protocol:manage"))
    expect(phone_page.get_by_role("table", name="Vertalingen")).to_be_visible()
    shoot(phone_page, "narrow-protocol-360")
    assert_fits(phone_page, 360)

    phone_page.goto(url(live_server, "dashboard:dashboard"))
    expect(phone_page.locator("svg#chart-groups")).to_be_visible()
    shoot(phone_page, "narrow-dashboard-360")
    assert_fits(phone_page, 360)
    # The chart keeps a readable size (letters of at least 10px) and scrolls in its own box.
    chart_width = phone_page.locator("svg#chart-groups").bounding_box()["width"]
    assert chart_width * 13 / 640 >= 10, f"the chart is drawn {chart_width}px wide: its letters are too small"
    assert_no_axe_violations(phone_page)  # a box that scrolls can be reached with the keyboard


def test_the_message_log_keeps_its_headers_whole_on_a_phone(live_server, phone_page, demo):
    from huisbezoek.models import User
    from notifications.services import notification_queue

    administrator = User.objects.get(email__startswith="beheer@")
    notification_queue(
        school=administrator.memberships.first().school,
        key="narrow-screens:1",
        kind="evaluation_invite",
        channel="email",
        address="ouder.met.een.lang.adres@voorbeeld.example.org",
        subject="Vragen over het huisbezoek",
        body="Beste ouder, ...",
    )
    login(phone_page, live_server, administrator, DEMO_PASSWORD)
    phone_page.goto(url(live_server, "notifications:log"))
    header = phone_page.get_by_role("columnheader", name="Aangemaakt")
    expect(header).to_be_visible()
    shoot(phone_page, "narrow-messages-360")
    # One line: no taller than the header of a one-letter-wide column would be with one line.
    one_line = header.evaluate("(el) => parseFloat(getComputedStyle(el).lineHeight)")
    assert header.evaluate("(el) => el.getBoundingClientRect().height") < 2 * one_line
    assert_fits(phone_page, 360)


def test_chart_labels_are_not_cut_off_on_a_desktop(live_server, page, directie):
    login(page, live_server, directie, DEMO_PASSWORD)
    page.goto(url(live_server, "dashboard:dashboard"))
    chart = page.locator("svg#chart-groups")
    expect(chart).to_be_visible()
    shoot(page, "narrow-dashboard-1280")
    # Every label of every chart starts inside its drawing.
    outside = page.evaluate(
        """() => Array.from(document.querySelectorAll("svg.chart")).flatMap((svg) => {
             const box = svg.getBoundingClientRect();
             return Array.from(svg.querySelectorAll("text"))
               .filter((t) => t.getBoundingClientRect().left < box.left - 0.5)
               .map((t) => t.textContent);
           })"""
    )
    assert outside == []


def test_the_preparation_sheet_prints_with_one_button(live_server, phone_page, demo):
    from django.db.models import Q

    from huisbezoek.models import User
    from visits.models import Visit

    teacher = User.objects.get(email__startswith="leerkracht@")
    visit = Visit.objects.filter(Q(lead_visitor=teacher) | Q(colleague=teacher), status=Visit.Status.SCHEDULED).first()
    assert visit is not None
    login(phone_page, live_server, teacher, DEMO_PASSWORD)
    phone_page.goto(url(live_server, "visits:visit_prepare", visit.pk))
    phone_page.evaluate("window.print = () => { window.__printed = true; }")  # no real dialog in a test
    button = phone_page.get_by_role("button", name="Afdrukken")
    expect(button).to_be_visible()  # shown by the static script (hidden without JavaScript)
    button.click()
    assert phone_page.evaluate("window.__printed === true")
    shoot(phone_page, "narrow-prepare-360")
    assert_fits(phone_page, 360)
