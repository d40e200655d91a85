"""Retention: what the nightly purge removes, keeps, anonymises and records (services and task)."""

import datetime
import json

import pytest
import time_machine
from django.db import connection

from huisbezoek import audit
from huisbezoek.models import AuditEvent
from privacy import selectors, services, tasks
from privacy.models import PurgeRun
from privacy.tests.factories import MARKER, CorrectionRequestFactory, family_with_history
from visits import personal_data
from visits.models import CareCase, CaseEntry, Consult, Family, Pupil
from visits.tests.factories import GroupFactory, PupilFactory
from visits.tests.helpers import AMS

LONG_AGO = datetime.date(2024, 7, 1)  # + 2 years = 1 July 2026: expired on 2 November 2026
RECENTLY = datetime.date(2025, 7, 1)  # + 2 years = 1 July 2027: not yet


@pytest.fixture
def history(group, teacher, care_coordinator):
    def make(**kwargs):
        return family_with_history(group=group, teacher=teacher, care_coordinator=care_coordinator, **kwargs)

    return make


@pytest.fixture
def purge_on(school, administrator):
    return services.policy_activate(school=school, by=administrator, active=True)


def no_rows_left(family_id):
    return all(n == 0 for n in personal_data.family_row_counts(family_id=family_id).values())


def test_an_expired_family_leaves_no_rows_at_all_history_included(school, history, purge_on):
    family = history(left_on=LONG_AGO)
    family_id = family.pk
    assert personal_data.family_row_counts(family_id=family_id)["reportversion"] == 1

    run = services.retention_purge(school=school)

    assert no_rows_left(family_id)
    assert not Consult.objects.filter(school=school).exists()
    assert not run.dry_run
    assert run.counts["family"] == 1
    assert run.counts["reportversion"] == 1
    assert run.counts["contactattempt"] == 1
    assert run.counts["consult"] == 1


def test_no_plaintext_or_ciphertext_of_the_family_remains_in_any_table(school, history, purge_on):
    family = history(left_on=LONG_AGO)
    name = family.name
    services.retention_purge(school=school)
    with connection.cursor() as cursor:
        for table in ("visits_report", "visits_reportversion", "visits_consult", "visits_family", "visits_guardian"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed table names
            assert cursor.fetchone()[0] == 0, table
    assert name not in json.dumps(list(PurgeRun.objects.values("counts")))


def test_a_family_with_a_sibling_still_at_school_is_kept_whole(school, group, history, purge_on):
    family = history(left_on=LONG_AGO)
    PupilFactory(school=school, group=group, family=family, left_on=None)  # the younger sister
    before = personal_data.family_row_counts(family_id=family.pk)

    services.retention_purge(school=school)

    assert personal_data.family_row_counts(family_id=family.pk) == before
    assert Family.objects.get(pk=family.pk).name == family.name


def test_a_family_that_left_recently_is_kept(school, history, purge_on):
    family = history(left_on=RECENTLY)
    before = personal_data.family_row_counts(family_id=family.pk)
    run = services.retention_purge(school=school)
    assert personal_data.family_row_counts(family_id=family.pk) == before
    assert run.counts == {}


def test_the_period_counts_from_the_last_child_that_left(school, group, history, purge_on):
    family = history(left_on=LONG_AGO)
    PupilFactory(school=school, group=group, family=family, left_on=RECENTLY)
    services.retention_purge(school=school)
    assert Family.objects.filter(pk=family.pk).exists()


def test_until_switched_on_the_purge_is_a_dry_run_that_counts_and_removes_nothing(school, history):
    family = history(left_on=LONG_AGO)
    before = personal_data.family_row_counts(family_id=family.pk)

    run = services.retention_purge(school=school)

    assert run.dry_run
    assert run.counts == {"families_delete": 1}
    assert personal_data.family_row_counts(family_id=family.pk) == before


def test_a_closed_care_case_keeps_its_own_period_and_the_family_is_anonymised(
    school, history, purge_on, care_coordinator
):
    family = history(left_on=LONG_AGO, care="closed")
    family.keeps_ramadan = True
    family.save()
    pupil = family.pupils.get()

    run = services.retention_purge(school=school)

    counts = personal_data.family_row_counts(family_id=family.pk)
    assert counts | {"carecase": 0, "caseentry": 0, "pupil": 0, "family": 0} == dict.fromkeys(counts, 0)
    assert (counts["carecase"], counts["caseentry"], counts["pupil"]) == (1, 2, 1)
    family.refresh_from_db()
    assert family.name == personal_data.ANONYMISED_NAME
    assert (family.street, family.phone, family.email, family.postcode) == ("", "", "", "")
    assert family.keeps_ramadan is False  # a religious practice is not kept
    kept = Pupil.objects.get(pk=pupil.pk)
    assert (kept.first_name, kept.last_name) == (pupil.first_name, pupil.last_name)
    assert kept.external_id == f"verwijderd-{pupil.pk}" and kept.group is None
    assert CareCase.objects.get(pupil=pupil).report is None  # the report itself is gone
    assert run.counts["family_anonymised"] == 1

    # A second night removes nothing more.
    again = services.retention_purge(school=school)
    assert again.counts == {}

    # Five years after leaving the care case goes too, and the family with it.
    with time_machine.travel(datetime.datetime(2029, 7, 2, 3, 0, tzinfo=AMS)):
        final = services.retention_purge(school=school)
    assert no_rows_left(family.pk)
    assert final.counts["carecase"] == 1 and final.counts["caseentry"] == 2


def test_an_open_care_case_holds_the_pupil_even_after_its_period(school, history, purge_on):
    family = history(left_on=datetime.date(2019, 7, 1), care="open")
    services.retention_purge(school=school)
    assert CareCase.objects.filter(pupil__family=family, status=CareCase.Status.OPEN).count() == 1
    assert CaseEntry.objects.filter(case__pupil__family=family).count() == 2
    assert Family.objects.get(pk=family.pk).name == personal_data.ANONYMISED_NAME


def test_a_shorter_care_period_removes_closed_cases_before_the_family(school, history, administrator, purge_on):
    services.policy_update(school=school, family_years=3, care_years=1, by=administrator)
    family = history(left_on=datetime.date(2025, 7, 1), care="closed")
    run = services.retention_purge(school=school)
    assert not CareCase.objects.filter(pupil__family=family).exists()
    assert Family.objects.get(pk=family.pk).guardians.count() == 1
    assert run.counts["carecase"] == 1


def test_correction_requests_go_with_the_family(school, history, purge_on, administrator):
    family = history(left_on=LONG_AGO)
    CorrectionRequestFactory(family=family, recorded_by=administrator)
    services.retention_purge(school=school)
    assert not family.__class__.objects.filter(pk=family.pk).exists()
    from privacy.models import CorrectionRequest

    assert not CorrectionRequest.objects.exists()


def test_the_audit_trail_keeps_its_rows_but_loses_the_link_to_the_purged_family(
    school, history, purge_on, administrator
):
    family = history(left_on=LONG_AGO)
    audit.record(
        user=administrator, school=school, object_type="family", object_id=family.pk, action="read", allowed=True
    )
    run = services.retention_purge(school=school)
    event = AuditEvent.objects.get()
    assert event.object_id is None
    assert run.counts["audit_detached"] == 1


def test_other_schools_are_left_alone(school, other_school, history, purge_on, teacher, care_coordinator):
    other_group = GroupFactory(school=other_school)
    other = family_with_history(group=other_group, teacher=teacher, care_coordinator=care_coordinator, left_on=LONG_AGO)
    services.retention_purge(school=school)
    assert Family.objects.filter(pk=other.pk).exists()


def test_the_nightly_task_purges_every_school_and_a_rerun_removes_nothing_more(
    school, other_school, history, purge_on, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    family = history(left_on=LONG_AGO)
    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction commits
        tasks.retention_purge_all.delay()
    assert no_rows_left(family.pk)
    assert PurgeRun.objects.filter(school=school).count() == 1
    assert PurgeRun.objects.filter(school=other_school, dry_run=True).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        tasks.retention_purge_school.delay(school.pk)
    assert PurgeRun.objects.filter(school=school).first().counts == {}


def test_the_purge_log_holds_counts_and_no_names_or_content(school, history, purge_on):
    family = history(left_on=LONG_AGO)
    names = [family.name, *(p.first_name for p in family.pupils.all())]
    run = services.retention_purge(school=school)
    stored = json.dumps(run.counts)
    assert all(name not in stored for name in names)
    assert MARKER not in stored
    assert all(isinstance(v, int) for v in run.counts.values())


def test_consults_without_a_visit_go_after_the_care_period(school, school_year, teacher, purge_on):
    old = Consult.objects.create(
        school=school, school_year=school_year, asked_by=teacher, moment="other", question="Algemene vraag"
    )
    Consult.objects.filter(pk=old.pk).update(asked_at=datetime.datetime(2021, 1, 1, tzinfo=AMS))
    recent = Consult.objects.create(
        school=school, school_year=school_year, asked_by=teacher, moment="other", question="Nieuwe vraag"
    )
    audit.record(user=teacher, school=school, object_type="consult", object_id=old.pk, action="read", allowed=True)
    services.retention_purge(school=school)
    assert list(Consult.objects.all()) == [recent]
    assert AuditEvent.objects.get(object_type="consult").object_id is None  # the row stays, unlinked


def test_the_plan_says_when_each_family_goes(school, history):
    history(left_on=RECENTLY, care="closed")
    [planned] = selectors.retention_plan(school=school)
    assert planned.family_due == datetime.date(2027, 7, 1)
    assert planned.care_due == datetime.date(2030, 7, 1)
    assert planned.action(datetime.date(2026, 11, 2)) == ""
    assert planned.action(datetime.date(2027, 7, 1)) == "anonymise"
    assert planned.action(datetime.date(2030, 7, 1)) == "delete"


def test_only_an_administrator_changes_the_periods(school, directie, administrator):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.policy_update(school=school, family_years=3, care_years=5, by=directie)
    with pytest.raises(ValidationError):
        services.policy_update(school=school, family_years=0, care_years=5, by=administrator)
    policy = services.policy_update(school=school, family_years=3, care_years=7, by=administrator)
    assert (policy.family_years, policy.care_years) == (3, 7)


def test_29_february_plus_two_years_is_28_february():
    assert selectors.add_years(datetime.date(2024, 2, 29), 2) == datetime.date(2026, 2, 28)


def test_the_familys_messages_are_forgotten_with_it(school, history, purge_on):
    from notifications.models import Notification
    from notifications.tests.factories import NotificationFactory

    family = history(left_on=LONG_AGO)
    sent = NotificationFactory(school=school, family_id=family.pk, status="sent", address="ouder@example.org")
    NotificationFactory(school=school, family_id=family.pk, status="pending")
    other = NotificationFactory(school=school, family_id=None, address="collega@school.test")

    run = services.retention_purge(school=school)

    assert run.counts["notification"] == 2
    assert not Notification.objects.filter(family_id=family.pk).exists()
    sent.refresh_from_db()
    assert (sent.address, sent.body, sent.family_id) == ("-", "-", None)
    other.refresh_from_db()
    assert other.address == "collega@school.test"


def test_the_familys_questionnaire_invitations_go_with_it(school, school_year, history, purge_on):
    from evaluation.models import ParentInvitation
    from evaluation.tests.factories import EvaluationFactory

    family = history(left_on=LONG_AGO)
    evaluation = EvaluationFactory(school=school, school_year=school_year)
    invitation = dict(school=school, evaluation=evaluation, language="tr", expires_at=datetime.datetime.now(AMS))
    ParentInvitation.objects.create(family_id=family.pk, token_hash="a" * 64, used=True, **invitation)
    kept = ParentInvitation.objects.create(family_id=family.pk + 1000, token_hash="b" * 64, **invitation)

    run = services.retention_purge(school=school)

    assert run.counts["parentinvitation"] == 1
    assert list(ParentInvitation.objects.all()) == [kept]


def test_a_closed_care_case_goes_after_its_period_even_while_a_siblings_case_is_open(
    school, history, purge_on, care_coordinator
):
    family = history(left_on=LONG_AGO, care="closed")
    closed = CareCase.objects.get(pupil__family=family)
    sibling = PupilFactory(school=school, family=family, group=None, left_on=LONG_AGO)
    still_open = CareCase.objects.create(
        school=school,
        school_year=closed.school_year,
        pupil=sibling,
        urgency=closed.urgency,
        opened_by=care_coordinator,
        status=CareCase.Status.OPEN,
    )
    services.retention_purge(school=school)  # 2026: the family is anonymised, both cases stay
    assert set(CareCase.objects.filter(pupil__family=family).values_list("pk", flat=True)) == {closed.pk, still_open.pk}

    with time_machine.travel(datetime.datetime(2029, 7, 2, 3, 0, tzinfo=AMS)):  # five years after leaving
        run = services.retention_purge(school=school)
    assert list(CareCase.objects.filter(pupil__family=family).values_list("pk", flat=True)) == [still_open.pk]
    assert run.counts["carecase"] == 1
