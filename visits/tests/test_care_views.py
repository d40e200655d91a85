"""The care pages as people see them: the care coordinator's queue and case page, the teacher's view
of a case (status only), and what directie and others get (nothing)."""

import datetime

import pytest
from django.urls import reverse

from huisbezoek.testing.responses import messages_of
from visits.care import services as services_care
from visits.models import CareCase, CaseEntry, Consult, Report
from visits.tests.care_cases import SAFE, UNSAFE, add, flagged_report
from visits.tests.factories import GroupTeacherFactory, PupilFactory
from visits.tests.helpers import NOW

QUEUE = reverse("visits:care_queue")
REASON = "Blauwe plekken op de armen."
ENTRY_TEXT = "Zusje vertelde over geschreeuw."


@pytest.fixture
def case(pupil, teacher):
    report = flagged_report(pupil, teacher, reason=REASON, confidential_notes="Moeder huilde.")
    return services_care.case_open_from_report(report=report, by=teacher)


def case_url(case):
    return reverse("visits:care_case", args=[case.pk])


def entry_url(case, step):
    return reverse("visits:care_entry_add", args=[case.pk, step])


def opened_days_ago(case, days):
    CareCase.objects.filter(pk=case.pk).update(opened_at=NOW - datetime.timedelta(days=days))


# The queue --------------------------------------------------------------------------------------


def test_the_queue_puts_acute_first_then_urgent_then_the_rest_oldest_first(
    client, school, school_year, group, teacher, colleague, care_coordinator
):
    def flag(name, urgency, days):
        pupil = PupilFactory(school=school, group=group, first_name=name)
        case = services_care.case_open_from_report(report=flagged_report(pupil, teacher, urgency=urgency), by=teacher)
        opened_days_ago(case, days)

    flag("Normaal-oud", Report.Urgency.NORMAL, 6)
    flag("Dringend", Report.Urgency.URGENT, 1)
    flag("Acuut", Report.Urgency.ACUTE, 0)
    flag("Normaal-nieuw", Report.Urgency.NORMAL, 2)
    consult = Consult.objects.create(
        school=school, school_year=school_year, asked_by=colleague, moment="before", question="Alleen gaan?"
    )
    Consult.objects.filter(pk=consult.pk).update(asked_at=NOW - datetime.timedelta(days=3))
    client.force_login(care_coordinator)
    page = client.get(QUEUE)
    items = page.context["items"]
    assert [i.pupil.split()[0] for i in items] == ["Acuut", "Dringend", "Normaal-oud", "-", "Normaal-nieuw"]
    assert [i.teacher for i in items][3] == "Pieter de Vries"
    html = page.content.decode()
    assert "6 dagen" in html and "vandaag" in html and "Fatima Bakker" in html
    assert "Vraag wacht op antwoord" in html
    assert REASON not in html


def test_the_queue_shows_the_step_a_case_is_at_and_closed_cases_apart(client, case, care_coordinator, teacher):
    add(case, care_coordinator, step=CaseEntry.Step.CONSULT)
    client.force_login(care_coordinator)
    assert "bij stap 2" in client.get(QUEUE).content.decode()
    add(case, care_coordinator)
    services_care.case_close(case=case, by=care_coordinator, outcome="unfounded", note="x")
    page = client.get(QUEUE)
    assert page.context["items"] == []
    assert list(page.context["closed"]) == [case]
    assert "Vermoeden ongegrond" in page.content.decode()


def fill_queue(school, group, teacher, care_coordinator, n):
    for i in range(n):
        pupil = PupilFactory(school=school, group=group)
        report = flagged_report(pupil, teacher, urgency=Report.Urgency.NORMAL)
        case = services_care.case_open_from_report(report=report, by=teacher)
        add(case, care_coordinator)
        if i % 3 == 0:
            services_care.case_close(case=case, by=care_coordinator, outcome="no_concern", note="x")
        Consult.objects.create(
            school=school,
            school_year=group.school_year,
            asked_by=teacher,
            visit=report.visit,
            moment="after",
            question="?",
        )


# session, user, second-factor device, memberships; open cases, unanswered consults, their pupils, closed cases
QUEUE_QUERIES = 8


@pytest.mark.parametrize("n", [3, 30])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, school, group, teacher, care_coordinator, n, django_assert_max_num_queries
):
    fill_queue(school, group, teacher, care_coordinator, n)
    client.force_login(care_coordinator)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        page = client.get(QUEUE)
    assert len(page.context["items"]) == n + n - len(range(0, n, 3))


@pytest.mark.parametrize("persona", ["teacher", "directie", "administrator", "outsider"])
def test_the_queue_is_for_the_care_coordinator(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(QUEUE).status_code == 403


def test_the_care_coordinator_finds_the_queue_in_the_menu(client, care_coordinator, teacher):
    client.force_login(care_coordinator)
    assert QUEUE in client.get(reverse("home")).content.decode()
    client.force_login(teacher)
    assert QUEUE not in client.get(reverse("home")).content.decode()


# The case page: care coordinator -----------------------------------------------------------------


def test_the_care_coordinator_sees_the_report_and_every_step(client, case, care_coordinator):
    add(case, care_coordinator, source="other", source_detail="het zusje", text=ENTRY_TEXT)
    client.force_login(care_coordinator)
    html = client.get(case_url(case)).content.decode()
    for shown in (REASON, "Moeder huilde.", ENTRY_TEXT, "het zusje", "Wat een ander vertelde"):
        assert shown in html
    for step in CaseEntry.Step:
        assert f'id="stap-{step.value}"' in html
        assert f'action="{entry_url(case, step.value)}"' in html
    # Step 4: the five questions, each a radio group with its own legend.
    assert html.count("<legend") >= 5 + 1 + 1  # five questions, the signal's source, the outcome
    assert "Is er volgens u sprake van acute of structurele onveiligheid?" in html
    assert reverse("visits:visit_detail", args=[case.report.visit_id]) in html


def test_the_care_coordinator_weighs_through_the_form(client, case, care_coordinator):
    client.force_login(care_coordinator)
    data = {"stap4-happened_on": "2026-11-02", "stap4-text": "Afgewogen met collega."}
    data |= {f"stap4-q_{key}": "yes" if value else "no" for key, value in UNSAFE.items()}
    response = client.post(entry_url(case, 4), data)
    assert response.status_code == 302
    assert response.url == case_url(case) + "#stap-4"
    assert messages_of(response) == [f"Opgeslagen bij {CaseEntry.Step.WEIGH.label}."]
    entry = case.entries.get()
    assert entry.step == 4 and entry.by == care_coordinator
    assert services_care.latest_weighing(case) == UNSAFE


def test_a_missing_answer_shows_the_form_again_with_what_was_typed(client, case, care_coordinator):
    client.force_login(care_coordinator)
    data = {"stap4-happened_on": "2026-11-02", "stap4-text": "Mijn afweging", "stap4-q_unsafe": "no"}
    page = client.post(entry_url(case, 4), data)
    assert page.status_code == 200
    assert "Mijn afweging" in page.content.decode()
    assert page.context["steps"][3].form.errors
    assert not case.entries.exists()


def test_a_correction_shows_both_versions_with_the_old_one_marked_replaced(client, case, care_coordinator):
    old = add(case, care_coordinator, step=CaseEntry.Step.CONVERSATION, text="Gesprek met moeder.")
    client.force_login(care_coordinator)
    form_page = client.get(case_url(case) + f"?corrigeer={old.pk}").content.decode()
    assert "Invoer corrigeren" in form_page
    assert f'name="stap3-supersedes" value="{old.pk}"' in form_page
    data = {"stap3-happened_on": "2026-11-01", "stap3-text": "Gesprek met moeder en vader.", "stap3-supersedes": old.pk}
    corrected = client.post(entry_url(case, 3), data)
    assert corrected.status_code == 302
    assert corrected.url == case_url(case) + "#stap-3"
    assert messages_of(corrected) == ["De correctie is opgeslagen. De eerdere versie blijft zichtbaar."]
    html = client.get(case_url(case)).content.decode()
    assert "Gesprek met moeder." in html and "Gesprek met moeder en vader." in html
    assert "vervangen" in html and "text-decoration-line-through" in html
    assert case.entries.count() == 2


def test_unsafety_refuses_another_outcome_on_the_page(client, case, care_coordinator):
    add(case, care_coordinator)
    add(case, care_coordinator, step=CaseEntry.Step.WEIGH, answers=UNSAFE)
    add(case, care_coordinator, step=CaseEntry.Step.DECIDE)
    client.force_login(care_coordinator)
    url = reverse("visits:care_case_close", args=[case.pk])
    page = client.post(url, {"afsluiten-outcome": "help_organised", "afsluiten-note": "Wijkteam."})
    assert page.status_code == 200
    assert "melden bij Veilig Thuis" in page.content.decode()
    case.refresh_from_db()
    assert case.status == CareCase.Status.OPEN
    closed = client.post(url, {"afsluiten-outcome": "reported", "afsluiten-note": "Gemeld."})
    assert closed.status_code == 302
    assert closed.url == case_url(case)
    assert messages_of(closed) == ["De melding is afgesloten."]
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CareCase.Status.CLOSED, "reported")
    html = client.get(case_url(case)).content.decode()
    assert "Gemeld bij Veilig Thuis" in html
    assert 'action="' + entry_url(case, 1) not in html  # closed: no more forms


def test_safe_weighing_still_allows_help(client, case, care_coordinator):
    add(case, care_coordinator)
    add(case, care_coordinator, step=CaseEntry.Step.WEIGH, answers=SAFE)
    add(case, care_coordinator, step=CaseEntry.Step.DECIDE)
    client.force_login(care_coordinator)
    url = reverse("visits:care_case_close", args=[case.pk])
    response = client.post(url, {"afsluiten-outcome": "help_organised", "afsluiten-note": "Wijkteam."})
    assert response.status_code == 302
    assert response.url == case_url(case)
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CareCase.Status.CLOSED, CareCase.Outcome.HELP_ORGANISED)


# The case page: teachers, directie, others -------------------------------------------------------


def test_the_teacher_sees_the_status_but_no_content(client, case, teacher, care_coordinator):
    add(case, care_coordinator, text=ENTRY_TEXT)
    add(case, care_coordinator, step=CaseEntry.Step.CONSULT, text="Overleg met Veilig Thuis.")
    client.force_login(teacher)
    page = client.get(case_url(case))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Open" in html and "1 signaal vastgelegd" in html
    for secret in (ENTRY_TEXT, "Overleg met Veilig Thuis.", REASON, "Moeder huilde.", "Samira"):
        assert secret not in html
    assert f'action="{entry_url(case, 1)}"' in html
    assert f'action="{entry_url(case, 4)}"' not in html
    assert "afsluiten" not in html


def test_the_teacher_sees_the_outcome_once_closed(client, case, teacher, care_coordinator):
    add(case, care_coordinator)
    services_care.case_close(case=case, by=care_coordinator, outcome="no_concern", note="Geheime toelichting")
    client.force_login(teacher)
    html = client.get(case_url(case)).content.decode()
    assert "Geen zorgen (meer)" in html
    assert "Geheime toelichting" not in html
    assert "Een signaal toevoegen" not in html


def test_the_teacher_adds_a_signal(client, case, teacher):
    client.force_login(teacher)
    data = {"stap1-happened_on": "2026-11-01", "stap1-source": "other", "stap1-source_detail": "", "stap1-text": "Hm."}
    page = client.post(entry_url(case, 1), data)
    assert page.status_code == 200
    assert "Schrijf op wie dit vertelde" in page.content.decode()
    data["stap1-source_detail"] = "de buurvrouw"
    assert client.post(entry_url(case, 1), data).status_code == 302
    entry = case.entries.get()
    assert (entry.by, entry.source_detail) == (teacher, "de buurvrouw")


@pytest.mark.parametrize("step", [4, 5])
def test_a_teacher_trying_to_weigh_or_decide_is_refused(client, case, teacher, step):
    client.force_login(teacher)
    data = {f"stap{step}-happened_on": "2026-11-02", f"stap{step}-text": "Ik besluit."}
    data |= {f"stap4-q_{key}": "no" for key in SAFE}
    response = client.post(entry_url(case, step), data)
    assert response.status_code == 403
    assert "Alleen de zorgcoördinator mag wegen (stap 4) en beslissen (stap 5)." in response.content.decode()
    assert not case.entries.exists()


def test_a_teacher_cannot_close(client, case, teacher, care_coordinator):
    add(case, care_coordinator)
    client.force_login(teacher)
    url = reverse("visits:care_case_close", args=[case.pk])
    response = client.post(url, {"afsluiten-outcome": "no_concern", "afsluiten-note": "Klaar."})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == CareCase.Status.OPEN


def test_a_colleague_teaching_the_pupil_sees_the_status_too(client, case, colleague, group):
    GroupTeacherFactory(group=group, teacher=colleague, kind="teacher")
    client.force_login(colleague)
    page = client.get(case_url(case))
    assert page.status_code == 200
    assert REASON not in page.content.decode()


@pytest.mark.parametrize("persona", ["colleague", "directie", "administrator", "interpreter", "outsider"])
def test_everyone_else_gets_not_found_and_no_content(client, case, care_coordinator, persona, request):
    add(case, care_coordinator, text=ENTRY_TEXT)
    client.force_login(request.getfixturevalue(persona))
    for url in (case_url(case), entry_url(case, 1)):
        response = client.get(url) if url == case_url(case) else client.post(url, {"stap1-text": "x"})
        assert response.status_code == 404
        html = response.content.decode()
        assert ENTRY_TEXT not in html and REASON not in html and case.pupil.first_name not in html


def test_an_unknown_step_is_not_found(client, case, care_coordinator):
    client.force_login(care_coordinator)
    assert client.post(entry_url(case, 6), {}).status_code == 404


# Consults ---------------------------------------------------------------------------------------


def test_the_care_coordinator_answers_a_consult_once(client, school, school_year, teacher, care_coordinator):
    consult = Consult.objects.create(
        school=school, school_year=school_year, asked_by=teacher, moment="before", question="Alleen gaan?"
    )
    url = reverse("visits:care_consult", args=[consult.pk])
    client.force_login(care_coordinator)
    assert "Alleen gaan?" in client.get(url).content.decode()
    assert client.post(url, {"answer": ""}).status_code == 200
    answered = client.post(url, {"answer": "Ga met een collega."})
    assert answered.status_code == 302
    assert answered.url == QUEUE
    assert messages_of(answered) == ["Uw antwoord is opgeslagen."]
    consult.refresh_from_db()
    assert consult.answer == "Ga met een collega."
    again = client.post(url, {"answer": "Toch niet."}, follow=True)
    assert "al beantwoord" in again.content.decode()
    consult.refresh_from_db()
    assert consult.answer == "Ga met een collega."
    assert url not in [i.url for i in client.get(QUEUE).context["items"]]
