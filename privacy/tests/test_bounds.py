"""The right-of-access export of a family whose every text is at the largest size the forms and
services allow: the JSON and the PDF are made within a generous bound of time and memory."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from huisbezoek.limits import CARE_TEXT_MAX, CONSULT_QUESTION_MAX, NOTE_MAX, REPORT_TEXT_MAX
from huisbezoek.testing.bounds import bounded
from privacy.tests.factories import family_with_history
from visits.models import CareCase, CaseEntry, Consult, Report


def text_of(limit: int, *, words: bool = True) -> str:
    if not words:  # one unbreakable run, the hardest case for line breaking
        return "x" * limit
    return ("Zorgen over thuis, besproken met de ouders. " * (limit // 40 + 1))[:limit]


@pytest.fixture
def family_at_the_limits(group, teacher, care_coordinator):
    family = family_with_history(  # the only family of the test, so every row below is its own
        group=group, teacher=teacher, care_coordinator=care_coordinator, left_on=None, care="closed"
    )
    Report.objects.all().update(
        topics=text_of(REPORT_TEXT_MAX), going_well=text_of(REPORT_TEXT_MAX), key_points=text_of(REPORT_TEXT_MAX)
    )
    for report in Report.objects.all():
        report.confidential_notes = text_of(REPORT_TEXT_MAX, words=False)
        report.flag_reason = text_of(REPORT_TEXT_MAX)
        report.save()
    for consult in Consult.objects.all():
        consult.question = text_of(CONSULT_QUESTION_MAX)
        consult.answer = text_of(CARE_TEXT_MAX)
        consult.save()
    case = CareCase.objects.get()
    case.outcome_note = text_of(CARE_TEXT_MAX)
    case.save()
    for step in CaseEntry.Step.values:
        CaseEntry.objects.create(
            case=case,
            step=step,
            happened_on=datetime.date(2024, 3, 3),
            by=care_coordinator,
            text=text_of(CARE_TEXT_MAX, words=step != CaseEntry.Step.SIGNALS),
            agreed=text_of(CARE_TEXT_MAX),
            source="own" if step == CaseEntry.Step.SIGNALS else "",
        )
    return family


@pytest.mark.parametrize(("export_format", "seconds"), [("json", 20), ("pdf", 60)])
def test_the_export_of_a_family_at_the_largest_sizes_is_bounded(
    client, administrator, family_at_the_limits, export_format, seconds
):
    client.force_login(administrator)
    url = reverse("privacy:family_export", args=[family_at_the_limits.pk])
    # A PDF render is bounded by time only: tracing its allocations would slow it many times over.
    with bounded(seconds=seconds, megabytes=64 if export_format == "json" else None):
        response = client.post(url, {"format": export_format, "reviewed": "on"})
    assert response.status_code == 200
    assert text_of(CARE_TEXT_MAX)[:200].encode() in response.content or export_format == "pdf"


def test_a_correction_request_and_its_decision_above_the_limit_are_refused(client, administrator, school):
    from privacy import services
    from privacy.tests.factories import CorrectionRequestFactory
    from visits.tests.factories import PupilFactory

    family = PupilFactory(school=school).family
    with pytest.raises(ValidationError) as refused:
        services.correction_record(
            school=school,
            family=family,
            received_on=datetime.date(2026, 10, 1),
            requested_by="moeder",
            request="x" * (NOTE_MAX + 1),
            by=administrator,
        )
    assert "hooguit 5.000 tekens" in refused.value.message_dict["request"][0]
    client.force_login(administrator)
    with bounded(seconds=10, megabytes=64):
        page = client.post(
            reverse("privacy:correction_create", args=[family.pk]),
            {"received_on": "2026-10-01", "requested_by": "moeder", "request": "Klopt niet. " * 200_000},
        )
    assert page.status_code == 200 and "hooguit 5.000 tekens" in page.content.decode()
    correction = CorrectionRequestFactory(school=school, family=family)
    with pytest.raises(ValidationError) as refused:
        services.correction_decide(
            correction=correction, decision="refused", note="x" * (NOTE_MAX + 1), by=administrator
        )
    assert "hooguit 5.000 tekens" in refused.value.message_dict["note"][0]
