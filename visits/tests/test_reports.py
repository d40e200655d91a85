"""Writing the report and reading the pupil file, as teachers, colleagues, directie and care see it."""

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huisbezoek.crypto import decrypt
from huisbezoek.kept_posts import KEEP_FOR
from huisbezoek.kept_posts import KEY as KEPT_KEY
from huisbezoek.testing.second_factor import pass_second_factor
from visits import services
from visits.models import Report, Visit
from visits.reports import services as services_reports
from visits.reports.services import Agreement, ReportContent
from visits.tests.factories import GroupTeacherFactory, ReportFactory, VisitFactory
from visits.tests.helpers import NOW, at

COMPLETE = {
    "pupil_present": "yes",
    "topics": "Kennismaken",
    "going_well": "Leest graag voor aan zijn zusje.",
    "key_points": "Vader werkt avonds; huiswerk aan de keukentafel.",
    "confidential_notes": "Moeder vertelde over schulden.",
    "minutes_visit": 55,
    "minutes_travel": 20,
    "minutes_report": 25,
}


@pytest.fixture
def visited(pupil, school_year, teacher, family, programme, women):
    visit = services.visit_open(pupil=pupil, school_year=school_year, by=teacher)
    Visit.objects.filter(pk=visit.pk).update(
        status=Visit.Status.SCHEDULED, starts_at=at(1, 19), duration_minutes=60, agenda="Kennismaken\nHuiswerk"
    )
    visit.refresh_from_db()
    return visit


def content(**values):
    return ReportContent(values={**COMPLETE, **values}, agreements=[Agreement("Leesclub", "leerkracht")])


def submitted(visit, teacher, **values):
    report = services_reports.report_open(visit=visit, by=teacher)
    return services_reports.report_submit(
        report=report, content=content(**values), by=teacher, expected_version=report.version
    )


def test_a_report_starts_once_the_visit_has_begun_with_the_agenda_as_topics(pupil, school_year, teacher, visited):
    report = services_reports.report_open(visit=visited, by=teacher)
    assert report.status == Report.Status.DRAFT
    assert report.topics == "Kennismaken\nHuiswerk"
    Visit.objects.filter(pk=visited.pk).update(starts_at=at(20, 19))
    Report.objects.all().delete()
    visited.refresh_from_db()
    with pytest.raises(ValidationError):
        services_reports.report_open(visit=visited, by=teacher)


def test_only_the_visitors_write_the_report(visited, colleague):
    with pytest.raises(ValidationError):
        services_reports.report_open(visit=visited, by=colleague)


def test_submitting_puts_it_in_the_file_and_marks_the_visit_reported(visited, teacher):
    report = submitted(visited, teacher)
    visited.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED and report.submitted_at
    assert visited.status == Visit.Status.REPORTED
    assert [t.to_status for t in visited.transitions.all()][-2:] == [Visit.Status.VISITED, Visit.Status.REPORTED]
    assert report.minutes_total == 100
    assert [a.what for a in report.agreements.all()] == ["Leesclub"]


def test_an_incomplete_submission_is_refused_but_the_text_is_kept(visited, teacher):
    report = services_reports.report_open(visit=visited, by=teacher)
    with pytest.raises(ValidationError) as excinfo:
        services_reports.report_submit(
            report=report, content=content(pupil_present="", key_points=""), by=teacher, expected_version=report.version
        )
    assert set(excinfo.value.message_dict) == {"pupil_present", "key_points"}
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert report.going_well == COMPLETE["going_well"]  # saved as a draft all the same


def test_worries_about_safety_need_a_flag_with_urgency_and_reason(visited, teacher):
    report = services_reports.report_open(visit=visited, by=teacher)
    with pytest.raises(ValidationError) as excinfo:
        services_reports.report_submit(
            report=report, content=content(signal_safety=True), by=teacher, expected_version=1
        )
    assert "flagged" in excinfo.value.message_dict
    report.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services_reports.report_submit(
            report=report,
            content=content(signal_safety=True, flagged=True),
            by=teacher,
            expected_version=report.version,
        )
    assert set(excinfo.value.message_dict) == {"flag_urgency", "flag_reason"}


def test_editing_a_submitted_report_keeps_the_earlier_version(visited, teacher):
    report = submitted(visited, teacher)
    services_reports.report_submit(
        report=report, content=content(key_points="Nieuw: oma woont in."), by=teacher, expected_version=report.version
    )
    report.refresh_from_db()
    assert report.key_points == "Nieuw: oma woont in."
    [earlier] = report.versions.all()
    assert json.loads(earlier.content)["key_points"] == COMPLETE["key_points"]
    assert earlier.saved_by == teacher


def test_confidential_text_is_encrypted_in_the_database(visited, teacher):
    submitted(visited, teacher, flagged=True, flag_urgency="normal", flag_reason="Blauwe plekken gezien")
    with connection.cursor() as cursor:
        cursor.execute("SELECT confidential_notes, flag_reason, key_points FROM visits_report")
        notes, reason, key_points = cursor.fetchone()
    assert "schulden" not in notes and "Blauwe" not in reason
    assert decrypt(notes) == COMPLETE["confidential_notes"]
    assert key_points == COMPLETE["key_points"]  # key points are for colleagues, not secret
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM visits_reportversion")
        assert cursor.fetchall() == []


# --- The form -----------------------------------------------------------------------------


def form_data(report, **values):
    data = {
        "version": report.version,
        "afspraak-TOTAL_FORMS": "2",
        "afspraak-INITIAL_FORMS": "0",
        "afspraak-MIN_NUM_FORMS": "0",
        "afspraak-MAX_NUM_FORMS": "20",
        "afspraak-0-what": "Leesclub",
        "afspraak-0-owner": "leerkracht",
        "afspraak-0-due": "2026-12-01",
    }
    data.update({k: v for k, v in COMPLETE.items()})
    data.update(values)
    return data


def test_writing_a_report_on_the_form(client, teacher, visited):
    client.force_login(teacher)
    url = reverse("visits:report_edit", args=[visited.pk])
    page = client.get(url)
    assert "Kennismaken" in page.content.decode()
    assert not Report.objects.filter(visit=visited).exists()  # opening the form writes nothing
    report = page.context["form"].instance
    draft = client.post(url, {**form_data(report, key_points=""), "concept": "1"})
    assert draft.status_code == 302
    report = Report.objects.get(visit=visited)
    assert report.status == Report.Status.DRAFT and report.going_well
    done = client.post(url, {**form_data(report), "indienen": "1"}, follow=True)
    assert "Het verslag is opgeslagen in het leerlingdossier." in done.content.decode()
    visited.refresh_from_db()
    assert visited.status == Visit.Status.REPORTED


def test_a_refused_submission_shows_what_is_missing_and_keeps_the_text(client, teacher, visited):
    client.force_login(teacher)
    url = reverse("visits:report_edit", args=[visited.pk])
    report = client.get(url).context["form"].instance
    response = client.post(url, {**form_data(report, minutes_visit="", pupil_present=""), "indienen": "1"})
    page = response.content.decode()
    assert "Vul in hoe lang het bezoek duurde." in page
    assert "Leest graag voor aan zijn zusje." in page


def test_two_people_editing_get_a_conflict_not_an_overwrite(client, teacher, colleague, visited):
    Visit.objects.filter(pk=visited.pk).update(colleague=colleague)
    url = reverse("visits:report_edit", args=[visited.pk])
    client.force_login(teacher)
    report = client.get(url).context["form"].instance
    other = Client()
    other.force_login(colleague)
    stale = form_data(report, going_well="Tekst van Pieter")
    assert client.post(url, {**form_data(report, going_well="Tekst van Fatima"), "concept": "1"}).status_code == 302
    response = other.post(url, {**stale, "concept": "1"})
    page = response.content.decode()
    assert "Iemand anders heeft dit verslag net opgeslagen" in page
    assert "Tekst van Pieter" in page  # the second writer's text is still in the form
    report = Report.objects.get(visit=visited)
    assert report.going_well == "Tekst van Fatima"


def test_a_post_after_the_session_expired_keeps_the_text(client, teacher, visited, password, settings):
    url = reverse("visits:report_edit", args=[visited.pk])
    client.force_login(teacher)
    report = client.get(url).context["form"].instance
    client.logout()  # the session ran out while the teacher typed
    data = form_data(report, going_well="Heel lang verhaal", confidential_notes="Alleen voor mij")
    response = client.post(url, {**data, "concept": "1"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Report.objects.filter(visit=visited).exists()  # nothing was written without a log-in
    assert client.session.get_expiry_age() <= KEEP_FOR  # the anonymous session is short-lived

    login = client.post(response.url, {"username": teacher.email, "password": password})
    assert login.url == url
    pass_second_factor(client, teacher)  # teachers use the app by default; the kept text waits for it
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE  # normal again once logged in
    page = client.get(url).content.decode()
    assert "Uw tekst van daarnet staat weer in het formulier" in page
    assert "Heel lang verhaal" in page and "Alleen voor mij" in page
    assert "Heel lang verhaal" not in client.get(url).content.decode()  # restored once


def kept_forms(client) -> list:
    """Every form kept in the client's session, whatever key it was kept under."""
    session = client.session
    return [session[key] for key in session.keys() if key.startswith(KEPT_KEY)]


def post_anonymously(client, visit_pk, **values):
    url = reverse("visits:report_edit", args=[visit_pk])
    return client.post(url, {**form_data(Report(), **values), "concept": "1"})


def log_in(client, user, password):
    response = client.post(reverse("login"), {"username": user.email, "password": password})
    assert response.status_code == 302
    pass_second_factor(client, user)


def session_size(client) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM django_session WHERE session_key = %s", [client.session.session_key])
        return len(cursor.fetchone()[0])


def test_nothing_is_kept_for_a_visit_that_does_not_exist_and_the_answer_is_the_same(client, visited):
    stranger = Client()
    missing = post_anonymously(stranger, 90000, going_well="x" * 60_000)
    existing = post_anonymously(client, visited.pk, going_well="x" * 60_000)
    for response in (missing, existing):
        assert response.status_code == 302 and response.url.startswith(f"{reverse('login')}?next=")
    assert sorted(missing.cookies) == sorted(existing.cookies)  # no hint of which visits exist
    assert kept_forms(stranger) == [] and session_size(stranger) < 1000
    assert session_size(client) > 60_000  # the real visit's form is kept


def test_a_form_larger_than_a_report_is_not_kept_and_the_user_is_told(client, visited):
    response = post_anonymously(client, visited.pk, going_well="x" * (64 * 1024))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert kept_forms(client) == []
    page = client.get(response.url).content.decode()
    assert "Uw tekst was te lang om te bewaren" in page


def test_only_the_last_form_of_a_session_is_kept(client, teacher, visited, password):
    other = VisitFactory(lead_visitor=teacher)
    post_anonymously(client, other.pk, going_well="Eerste tekst")
    post_anonymously(client, visited.pk, going_well="Tweede tekst")
    kept = kept_forms(client)
    assert len(kept) == 1 and kept[0]["path"] == reverse("visits:report_edit", args=[visited.pk])
    log_in(client, teacher, password)
    assert "Tweede tekst" in client.get(reverse("visits:report_edit", args=[visited.pk])).content.decode()


def test_a_kept_form_is_not_restored_after_two_hours(client, teacher, visited, password):
    post_anonymously(client, visited.pk, going_well="Oude tekst")
    with time_machine.travel(NOW + datetime.timedelta(hours=2, minutes=1), tick=True):
        log_in(client, teacher, password)
        page = client.get(reverse("visits:report_edit", args=[visited.pk])).content.decode()
    assert "Oude tekst" not in page and "staat weer in het formulier" not in page
    assert kept_forms(client) == []


def test_another_teacher_logging_in_in_the_same_browser_does_not_get_the_text(
    client, teacher, colleague, visited, password
):
    url = reverse("visits:report_edit", args=[visited.pk])
    post_anonymously(client, visited.pk, going_well="Tekst van Fatima")
    log_in(client, colleague, password)  # not one of the visit's visitors
    response = client.get(url)
    assert response.status_code in (403, 404)
    assert "Tekst van Fatima" not in response.content.decode()
    assert kept_forms(client) == []  # dropped, not waiting for the next person
    client.post(reverse("logout"))
    log_in(client, teacher, password)
    assert "Tekst van Fatima" not in client.get(url).content.decode()


def test_a_form_refused_for_its_security_token_after_all_cookies_were_cleared_keeps_the_text(
    teacher, visited, password
):
    """The teacher's browser lost every cookie (session and CSRF) while they typed: the refused form
    leads to the log-in page and back to the form with everything typed, confidential notes included,
    and nothing is submitted until they press the button again."""
    url = reverse("visits:report_edit", args=[visited.pk])
    browser = Client(enforce_csrf_checks=True)
    data = form_data(Report(), going_well="Lang verhaal over thuis", confidential_notes="Alleen voor mij")
    response = browser.post(url, {**data, "indienen": "1"})
    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={url}"
    assert not Report.objects.filter(visit=visited).exists()

    login_page = browser.get(response.url)
    token = login_page.cookies["csrftoken"].value
    login = browser.post(response.url, {"username": teacher.email, "password": password, "csrfmiddlewaretoken": token})
    assert login.status_code == 302 and login.url == url
    pass_second_factor(browser, teacher)
    page = browser.get(url).content.decode()
    assert "Uw tekst van daarnet staat weer in het formulier" in page
    assert "Lang verhaal over thuis" in page and "Alleen voor mij" in page
    assert not Report.objects.filter(visit=visited).exists()  # nothing submitted yet


def test_a_logged_in_teacher_whose_form_token_expired_gets_the_form_back_with_the_text(teacher, visited):
    url = reverse("visits:report_edit", args=[visited.pk])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(teacher)  # still logged in, but the form's token is gone (a phone that slept)
    data = form_data(Report(), going_well="Tekst van de avond", confidential_notes="Vertrouwelijk")
    response = browser.post(url, {**data, "indienen": "1"})
    assert response.status_code == 302 and response.url == url
    page = browser.get(url).content.decode()
    assert "Uw formulier was verlopen en is niet verstuurd" in page
    assert "Tekst van de avond" in page and "Vertrouwelijk" in page
    assert not Report.objects.filter(visit=visited, status=Report.Status.SUBMITTED).exists()


def test_a_form_that_does_not_keep_its_text_still_gets_the_friendly_refusal(teacher, visited):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(teacher)
    response = browser.post(reverse("visits:contact_create", args=[visited.pk]), {"outcome": "reached"})
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in response.content.decode()
    assert kept_forms(browser) == []


# --- The pupil file -----------------------------------------------------------------------


def file_page(client, user, pupil):
    client.force_login(user)
    return client.get(reverse("visits:pupil_file", args=[pupil.pk]))


def test_who_reads_what_in_the_pupil_file(client, teacher, colleague, directie, care_coordinator, pupil, visited):
    submitted(visited, teacher)
    key, secret = COMPLETE["key_points"], COMPLETE["confidential_notes"]

    author = file_page(client, teacher, pupil).content.decode()
    assert key in author and secret in author and "Leesclub" in author

    assert file_page(client, colleague, pupil).status_code == 404  # does not teach the pupil
    GroupTeacherFactory(group=pupil.group, teacher=colleague, kind="teacher")
    fellow = file_page(client, colleague, pupil).content.decode()
    assert key in fellow and secret not in fellow

    care = file_page(client, care_coordinator, pupil).content.decode()
    assert key in care and secret in care

    boss = file_page(client, directie, pupil).content.decode()
    assert "verslag aanwezig" in boss
    assert key not in boss and secret not in boss and "Leesclub" not in boss


def test_pupil_file_query_count_does_not_grow_with_years(
    client, teacher, pupil, visited, school, django_assert_max_num_queries
):
    from huisbezoek.tests.factories import SchoolYearFactory

    submitted(visited, teacher)
    client.force_login(teacher)
    url = reverse("visits:pupil_file", args=[pupil.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for start_year in (2021, 2022, 2023, 2024):
        import datetime

        year = SchoolYearFactory(
            school=school, start=datetime.date(start_year, 8, 20), end=datetime.date(start_year + 1, 7, 10)
        )
        old = VisitFactory(pupil=pupil, school_year=year, lead_visitor=teacher, status=Visit.Status.REPORTED)
        ReportFactory(visit=old, key_points=f"Jaar {start_year}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert "Jaar 2021" in page


def test_a_teacher_asks_the_care_coordinator(client, teacher, visited):
    client.force_login(teacher)
    response = client.post(
        reverse("visits:consult_create", args=[visited.pk]),
        {"moment": "before", "question": "Moet ik met een collega gaan?"},
        follow=True,
    )
    page = response.content.decode()
    assert "Uw vraag staat bij de zorgcoördinator." in page
    assert "Moet ik met een collega gaan?" in page
    assert visited.consults.get().asked_by == teacher


def test_directie_cannot_write_a_report(client, directie, visited):
    client.force_login(directie)
    assert client.get(reverse("visits:report_edit", args=[visited.pk])).status_code == 403


def test_an_urgent_flag_opens_a_case_and_tells_the_care_coordinator_without_details(
    visited, teacher, care_coordinator, pupil, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted(visited, teacher, flagged=True, flag_urgency="urgent", flag_reason="Blauwe plekken gezien")
    case = report.care_case
    assert case.urgency == "urgent" and case.pupil == pupil
    [mail] = mailoutbox
    assert mail.to == [care_coordinator.email]
    text = mail.subject + mail.body
    assert f"/zorg/melding/{case.pk}/" in text
    for secret in ("Blauwe plekken", pupil.first_name, pupil.last_name, COMPLETE["confidential_notes"]):
        assert secret not in text


def test_a_refused_first_save_leaves_no_report_behind(visited, teacher):
    with pytest.raises(ValidationError):
        services_reports.report_write(visit=visited, by=teacher, content=content(), submit=False, expected_version=99)
    assert not Report.objects.filter(visit=visited).exists()
    saved = services_reports.report_write(
        visit=visited, by=teacher, content=content(), submit=False, expected_version=1
    )
    assert Report.objects.get(visit=visited) == saved and saved.status == Report.Status.DRAFT
