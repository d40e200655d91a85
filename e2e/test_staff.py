"""Journey: the administrator invites a teacher; the teacher opens the link from the e-mail,
chooses a password, logs in, sets up the second step (on by default for teachers) and lands on
the home page. axe on the team list, the invite form
and the password page, on a desktop and at 360 px wide."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from huisbezoek.models import SchoolYear, User
from notifications.models import Notification
from visits.models import Group, GroupTeacher

from .helpers import assert_no_axe_violations, code_for, login, url

NEW_PASSWORD = "Huisbezoek-journey-2026"


@pytest.fixture
def current_year(school):
    """A school year around today's date (the live server runs on the real clock)."""
    today = timezone.localdate()
    first = today.year if today.month >= 8 else today.year - 1
    start, end = datetime.date(first, 8, 1), datetime.date(first + 1, 7, 31)
    return SchoolYear.objects.create(school=school, label=f"{start.year}-{end.year}", start=start, end=end)


def assert_fits(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width}px)"


def invitation_link(email: str) -> str:
    """The link in the invitation e-mail as it was sent (the test e-mail backend keeps it; the
    message log itself shows the link's secret as "…" once the message has gone)."""
    sent = [m for m in mail.outbox if m.to == [email]]
    assert len(sent) == 1, [m.to for m in mail.outbox]
    match = re.search(re.escape(settings.SITE_URL) + r"(/uitnodiging/[A-Za-z0-9_-]+/)", sent[0].body)
    assert match, sent[0].body
    assert "/uitnodiging/…/" in Notification.objects.get(kind="staff_invitation", address=email).body
    return match.group(1)


@pytest.mark.parametrize("page_fixture", ["page", "phone_page"])
def test_administrator_invites_a_teacher_who_sets_a_password_and_logs_in(
    request, browser, live_server, administrator, teacher, password, current_year, page_fixture
):
    Group.objects.create(school=current_year.school, school_year=current_year, name="Groep 5b", grade=5)
    page = request.getfixturevalue(page_fixture)
    width = page.viewport_size["width"]
    login(page, live_server, administrator, password)

    page.get_by_role("link", name="Naar het team").click()  # the home panel (the menu folds away on a phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")
    expect(page.get_by_role("table")).to_contain_text(teacher.email)
    assert_no_axe_violations(page)
    assert_fits(page, width)

    page.get_by_role("link", name="Medewerker uitnodigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medewerker uitnodigen")
    expect(page.get_by_text("alleen een vrouw").first).to_be_visible()
    assert_no_axe_violations(page)
    assert_fits(page, width)

    page.get_by_label("E-mailadres").fill("sanne.nieuw@school.test")
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("Achternaam").fill("Nieuwenhuis")
    page.get_by_label("Leerkracht / mentor").check()
    page.get_by_label("Groep 5b").check()
    page.get_by_label("Vrouw", exact=True).check()
    page.get_by_role("button", name="Uitnodigen").click()

    expect(page.get_by_text("Sanne Nieuwenhuis is uitgenodigd")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Uitgenodigd")
    sanne = User.objects.get(email="sanne.nieuw@school.test")
    assert GroupTeacher.objects.filter(teacher=sanne, group__name="Groep 5b").exists()

    # The teacher opens the link from the e-mail in a browser of her own.
    context = browser.new_context(locale="nl-NL", viewport=page.viewport_size)
    try:
        teacher_page = context.new_page()
        teacher_page.goto(live_server.url + invitation_link(sanne.email))
        expect(teacher_page.get_by_role("heading", level=1)).to_have_text("Kies uw wachtwoord")
        assert_no_axe_violations(teacher_page)
        assert_fits(teacher_page, width)
        teacher_page.locator("#id_new_password1").fill(NEW_PASSWORD)
        teacher_page.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
        teacher_page.get_by_role("button", name="Wachtwoord opslaan").click()
        expect(teacher_page.get_by_text("Uw wachtwoord is opgeslagen.")).to_be_visible()

        teacher_page.get_by_label("E-mailadres").fill(sanne.email)
        teacher_page.get_by_label("Wachtwoord").fill(NEW_PASSWORD)
        teacher_page.get_by_role("button", name="Inloggen").click()
        # Teachers read reports, so the school asks them for a second step (the default): she
        # sets up the app before she sees any page.
        expect(teacher_page).to_have_url(re.compile(re.escape(url(live_server, "otp_enrol"))))
        assert_no_axe_violations(teacher_page)
        secret = teacher_page.locator("#otp-secret").inner_text().replace(" ", "")
        teacher_page.locator("#id_code").fill(code_for(secret))
        teacher_page.get_by_role("button", name="App koppelen").click()
        expect(teacher_page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
        teacher_page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
        expect(teacher_page).to_have_url(url(live_server, "home"))
        expect(teacher_page.get_by_role("heading", level=1)).to_be_visible()
        expect(teacher_page.get_by_text("Groep 5b").first).to_be_visible()  # her group, on the home page

        # The link worked once.
        teacher_page.goto(live_server.url + invitation_link(sanne.email))
        expect(teacher_page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet")
    finally:
        context.close()


def test_the_other_staff_pages_pass_axe(
    page, live_server, tmp_path, administrator, teacher, colleague, password, current_year
):
    login(page, live_server, administrator, password)
    pages = [
        ("staff:staff_edit", [teacher.pk]),
        ("staff:staff_deactivate", [teacher.pk]),
        ("staff:interpreter_list", []),
        ("staff:interpreter_add", []),
        ("staff:school_year_list", []),
        ("staff:school_year_add", []),
        ("staff:school_add", []),
        ("staff:staff_import", []),
    ]
    for name, args in pages:
        page.goto(url(live_server, name, *args))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)

    page.goto(url(live_server, "staff:hand_over") + f"?van={teacher.pk}")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Open bezoeken van")
    assert_no_axe_violations(page)

    team = tmp_path / "team.csv"
    team.write_text(
        "e-mail;voornaam;achternaam;rollen;groepen;geslacht\n"
        "nieuw@school.test;Nina;Nieuw;leerkracht;;v\n"
        "=1+1;Foute;Regel;leerkracht;;\n",
        encoding="utf-8",
    )
    page.goto(url(live_server, "staff:staff_import"))
    page.get_by_label("CSV-bestand met medewerkers").set_input_files(str(team))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer de import van het team")
    expect(page.locator('[data-count="error"]')).to_have_text("1")
    assert_no_axe_violations(page)
