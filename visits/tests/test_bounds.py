"""What a script could send and a person never would: texts of megabytes, thousands of repeated
filter parameters. Each is refused with a Dutch message, quickly and in little memory."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from huisbezoek.limits import CARE_TEXT_MAX, CONSULT_QUESTION_MAX, REPORT_TEXT_MAX
from huisbezoek.testing.bounds import bounded
from visits.care import services as services_care
from visits.models import CareCase, CaseEntry, Consult, Report
from visits.reports import services as services_reports
from visits.reports.services import ReportContent
from visits.tests.care_cases import add, flagged_report
from visits.tests.factories import PupilFactory

HUGE = "Zorgen over thuis. " * 110_000  # about 2 MB, what a script sends
TOO_LONG = "hooguit 10.000 tekens"


@pytest.fixture
def case(pupil, teacher):
    report = flagged_report(pupil, teacher)
    return services_care.case_open_from_report(report=report, by=teacher)


def test_a_care_step_of_two_megabytes_is_refused_on_the_page(client, case, care_coordinator):
    client.force_login(care_coordinator)
    url = reverse("visits:care_entry_add", args=[case.pk, CaseEntry.Step.SIGNALS])
    data = {"stap1-happened_on": "2026-11-01", "stap1-source": "own", "stap1-text": HUGE}
    with bounded(seconds=10, megabytes=64):
        response = client.post(url, data)
    assert response.status_code == 200
    assert TOO_LONG in response.content.decode()
    assert 'maxlength="10000"' in response.content.decode()
    assert not CaseEntry.objects.filter(case=case).exists()


def test_a_care_step_at_the_limit_is_kept(client, case, care_coordinator):
    client.force_login(care_coordinator)
    url = reverse("visits:care_entry_add", args=[case.pk, CaseEntry.Step.SIGNALS])
    text = "x" * CARE_TEXT_MAX
    response = client.post(url, {"stap1-happened_on": "2026-11-01", "stap1-source": "own", "stap1-text": text})
    assert response.status_code == 302
    assert CaseEntry.objects.get(case=case).text == text


def test_the_care_services_refuse_texts_above_the_limit(case, care_coordinator, teacher, school, school_year):
    over = "x" * (CARE_TEXT_MAX + 1)
    with pytest.raises(ValidationError) as refused:
        add(case, care_coordinator, text=over)
    assert TOO_LONG in refused.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as refused:
        add(case, care_coordinator, agreed=over)
    assert TOO_LONG in refused.value.message_dict["agreed"][0]
    add(case, care_coordinator)
    with pytest.raises(ValidationError) as refused:
        services_care.case_close(case=case, by=care_coordinator, outcome="no_concern", note=over)
    assert TOO_LONG in refused.value.message_dict["note"][0]
    case.refresh_from_db()
    assert case.status == CareCase.Status.OPEN
    consult = Consult.objects.create(
        school=school, school_year=school_year, asked_by=teacher, moment="before", question="Alleen gaan?"
    )
    with pytest.raises(ValidationError) as refused:
        services_care.consult_answer(consult=consult, by=care_coordinator, answer=over)
    assert TOO_LONG in refused.value.message_dict["answer"][0]


def test_the_close_note_and_the_consult_answer_are_refused_on_the_page(
    client, case, care_coordinator, school, school_year, teacher
):
    add(case, care_coordinator)
    client.force_login(care_coordinator)
    url = reverse("visits:care_case_close", args=[case.pk])
    with bounded(seconds=10, megabytes=64):
        page = client.post(url, {"afsluiten-outcome": "no_concern", "afsluiten-note": HUGE})
    assert page.status_code == 200 and TOO_LONG in page.content.decode()
    case.refresh_from_db()
    assert case.status == CareCase.Status.OPEN
    consult = Consult.objects.create(
        school=school, school_year=school_year, asked_by=teacher, moment="before", question="Alleen gaan?"
    )
    with bounded(seconds=10, megabytes=64):
        page = client.post(reverse("visits:care_consult", args=[consult.pk]), {"answer": HUGE})
    assert page.status_code == 200 and TOO_LONG in page.content.decode()
    consult.refresh_from_db()
    assert consult.answer == ""


def test_a_consult_question_and_report_texts_above_the_limit_are_refused(pupil, teacher):
    report = flagged_report(pupil, teacher)
    with pytest.raises(ValidationError) as refused:
        services_reports.consult_ask(
            visit=report.visit, by=teacher, moment="before", question="x" * (CONSULT_QUESTION_MAX + 1)
        )
    assert "hooguit 2.000 tekens" in refused.value.message_dict["question"][0]
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
    report.refresh_from_db()
    content = ReportContent(values={"key_points": "x" * (REPORT_TEXT_MAX + 1)}, agreements=[])
    with pytest.raises(ValidationError) as refused:
        services_reports.report_save_draft(report=report, content=content, by=teacher, expected_version=None)
    assert "hooguit 5.000 tekens" in refused.value.message_dict["key_points"][0]


# The pupil list's filters ------------------------------------------------------------------------

LIST = reverse("visits:pupil_list")


def test_thousands_of_repeated_filter_parameters_are_refused_quickly(client, teacher, group, school, programme):
    for _ in range(30):
        PupilFactory(school=school, group=group)
    client.force_login(teacher)
    query = "&".join(f"group={group.pk}&status=to_plan" for _ in range(490))
    with bounded(seconds=5, megabytes=32):
        response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert "te veel filters" in response.content.decode()
    assert "hooguit 30 filters" in response.content.decode()


def test_a_few_repeated_filter_parameters_still_filter(client, teacher, group, school, programme):
    PupilFactory(school=school, group=group, first_name="Anna")
    client.force_login(teacher)
    response = client.get(f"{LIST}?interpreter=false&interpreter=false&group={group.pk}")
    assert response.status_code == 200
    assert "Anna" in response.content.decode()


def test_the_agenda_template_is_held_to_the_agenda_limit(programme):
    from visits.forms import ProgrammeForm

    form = ProgrammeForm(instance=programme)
    assert form.fields["agenda_template"].widget.attrs["maxlength"] == "3000"
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    data["agenda_template"] = "x" * 3001
    bound = ProgrammeForm(data, instance=programme)
    assert not bound.is_valid()
    assert "hooguit 3.000 tekens" in bound.errors["agenda_template"][0]
