"""Journey: at the end of the trial year a Turkish parent answers the questionnaire on a cheap phone
through their personal link; the directie closes the questionnaires, reads the anonymous results,
records a bottleneck, the decision and an improvement action, and downloads the report. axe on
every page."""

import datetime
import json
import re

import pytest
from playwright.sync_api import expect

from evaluation import services
from evaluation.services import Given
from evaluation.tasks import send_parent_invitations
from notifications.models import Notification
from visits.models import Programme
from visits.tests.factories import FamilyLanguageFactory, PupilFactory

from .helpers import assert_no_axe_violations, login, url


@pytest.fixture
def open_evaluation(school, school_year, group, directie, settings, tmp_path):
    settings.SMS_BACKEND = "file"  # the links as the parents' phones received them
    settings.PARENT_MESSAGE_HOURS = (0, 24)  # the journey runs at any hour; quiet hours have tests of their own
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    Programme.objects.create(
        school=school,
        school_year=school_year,
        period_start=datetime.date(2026, 10, 26),
        period_end=datetime.date(2026, 12, 18),
    )
    for i in range(5):
        pupil = PupilFactory(school=school, group=group)
        pupil.family.phone = f"06 5555555{i}"
        pupil.family.preferred_channel = "sms"
        pupil.family.save()
        FamilyLanguageFactory(family=pupil.family, language="tr", is_main=True)
    evaluation = services.evaluation_start(school=school, school_year=school_year, by=directie)
    services.evaluation_open(evaluation=evaluation, by=directie)
    send_parent_invitations(evaluation.pk)
    received = [json.loads(f.read_text())["body"] for f in sorted((tmp_path / "sms").glob("*.json"))]
    assert len(received) == 5 and Notification.objects.filter(status="sent").count() == 5
    tokens = [re.search(r"/vragenlijst/([^/]+)/", body).group(1) for body in received]
    parent_questions = evaluation.questions.filter(audience="parent")
    for token in tokens[1:]:  # four other families answered already
        services.parent_answer_submit(
            token=token,
            given={q.pk: Given(scale=4) if q.kind == "scale" else Given(text="Fijn") for q in parent_questions},
        )
    return evaluation, tokens[0]


def test_parent_answers_in_turkish_and_directie_closes_the_year(
    live_server, page, phone_page, open_evaluation, directie, teacher, password, tmp_path
):
    evaluation, token = open_evaluation

    # A parent on a 360px phone, in Turkish, no account.
    phone_page.goto(url(live_server, "evaluation:parent_answer", token))
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Ev ziyareti hakkında sorular")
    expect(phone_page.locator("html")).to_have_attribute("lang", "tr")
    assert_no_axe_violations(phone_page)
    phone_page.get_by_role("group", name="Ev ziyareti bizim için hoştu.").get_by_label("5 - Çok doğru").check()
    phone_page.get_by_role("group", name="Artık çocuğumun öğretmeniyle").get_by_label("4 - Doğru").check()
    phone_page.get_by_label("Ziyarette neyi iyi buldunuz?").fill("Öğretmen çok nazikti.")
    phone_page.get_by_role("button", name="Gönder").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Teşekkür ederiz!")
    assert_no_axe_violations(phone_page)
    assert phone_page.context.cookies() == []
    # (The same link again answers 410 Gone with a clear message: see evaluation/tests/test_views.py.)

    # The directie closes the questionnaires and reads the results.
    login(page, live_server, directie, password)
    page.get_by_role("link", name="Evaluatie").first.click()
    page.get_by_role("link", name=evaluation.school_year.label).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluatie van het proefjaar")
    assert_no_axe_violations(page)
    page.locator('form[action$="/sluiten/"] input[type=checkbox]').check()
    page.get_by_role("button", name="Sluit de vragenlijsten").click()
    expect(page.locator(".messages")).to_contain_text("De vragenlijsten zijn gesloten")
    page.get_by_role("link", name="Uitkomsten vragenlijsten").click()
    parents = page.locator("section", has=page.get_by_role("heading", name=re.compile("^Ouders")))
    expect(parents).to_contain_text("5 ingevulde lijsten")
    expect(parents).to_contain_text("Het huisbezoek was prettig voor ons.")
    expect(parents).to_contain_text("Öğretmen çok nazikti.")
    expect(page.locator("section", has=page.get_by_role("heading", name=re.compile("^Leerkrachten")))).to_contain_text(
        "Minder dan 5 antwoorden"
    )
    assert_no_axe_violations(page)

    # Findings, decision and an action for the teacher.
    page.get_by_role("link", name=evaluation.school_year.label).click()
    page.get_by_text("Knelpunt toevoegen").click()
    page.get_by_role("textbox", name=re.compile("^Knelpunt")).fill("Te weinig avonden voor de mentoren van groep 8")
    page.get_by_label("In de organisatie").check()
    page.get_by_role("textbox", name="Oplossing").fill("Twee avonden extra in de taakuren")
    page.get_by_role("button", name="Knelpunt vastleggen").click()
    expect(page.locator("#bevindingen").locator("..")).to_contain_text("Te weinig avonden")
    page.get_by_label("Doorgaan met aanpassingen", exact=True).check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Schrijf op welke aanpassingen er komen.")).to_be_visible()
    page.get_by_role("textbox", name="Toelichting").fill("Duo-bezoeken bij nieuwe gezinnen.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator(".lead")).to_contain_text("Doorgaan met aanpassingen")
    page.get_by_text("Verbeterpunt toevoegen", exact=True).first.click()
    page.get_by_role("textbox", name=re.compile("^Verbeterpunt")).fill("Tolkenlijst bijwerken voor september")
    page.get_by_label("Wie pakt het op").select_option(label=teacher.get_full_name())
    page.get_by_label("Klaar op").fill("2027-09-01")
    page.get_by_role("button", name="Verbeterpunt toevoegen").click()
    expect(page.locator("table").filter(has_text="Tolkenlijst bijwerken")).to_be_visible()
    assert_no_axe_violations(page)

    # The report for the team and the MR.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Verslag downloaden (PDF)").click()
    path = tmp_path / "verslag.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
