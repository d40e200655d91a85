"""The audit trail: every read and change of reports, family cards, care cases and consults,
allowed or refused, without content; readable by the administrator and care coordinator only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse

from huisbezoek import audit
from huisbezoek.models import AuditEvent
from huisbezoek.tests.factories import MembershipFactory, UserFactory
from visits import audit_types
from visits.care import services as services_care
from visits.models import CaseEntry, Consult
from visits.reports import services as services_reports
from visits.tests.care_cases import flagged_report

A = AuditEvent.Action
T = audit_types
KEY_POINTS = "Oma woont in en helpt met huiswerk."
CONFIDENTIAL = "Vader is zijn baan kwijt."
REASON = "Blauwe plekken op de armen."
TRAIL = reverse("audit_trail")


@pytest.fixture
def report(pupil, teacher):
    return flagged_report(pupil, teacher, reason=REASON, key_points=KEY_POINTS, confidential_notes=CONFIDENTIAL)


@pytest.fixture
def case(report, teacher):
    return services_care.case_open_from_report(report=report, by=teacher)


def all_audit_text():
    """Every value of every audit row, as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuditEvent._meta.db_table}")  # noqa: S608 - fixed table name
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def only_event(**filters):
    events = list(AuditEvent.objects.filter(**filters))
    assert len(events) == 1, events
    return events[0]


# Reads, allowed and refused -----------------------------------------------------------------


def test_an_allowed_read_of_a_report_is_recorded_with_who_what_where_and_no_content(client, teacher, report, school):
    client.force_login(teacher)
    page = client.get(reverse("visits:visit_detail", args=[report.visit_id]), REMOTE_ADDR="192.0.2.7")
    assert page.status_code == 200
    event = only_event(object_type=T.VISIT, action=A.READ)
    assert (event.user, event.school, event.object_id, event.allowed) == (teacher, school, report.visit_id, True)
    assert event.ip_address == "192.0.2.7"
    text = all_audit_text()
    for secret in (KEY_POINTS, CONFIDENTIAL, REASON, report.visit.family.name):
        assert secret not in text


def test_a_refused_read_of_another_schools_report_is_recorded_as_denied(client, outsider, report):
    client.force_login(outsider)
    assert client.get(reverse("visits:visit_detail", args=[report.visit_id])).status_code == 404
    event = only_event(user=outsider)
    assert (event.object_type, event.object_id, event.action, event.allowed) == (
        T.VISIT,
        report.visit_id,
        A.READ,
        False,
    )
    assert KEY_POINTS not in all_audit_text()


def test_the_pupil_file_records_each_report_it_shows(client, teacher, report, pupil):
    client.force_login(teacher)
    page = client.get(reverse("visits:pupil_file", args=[pupil.pk]))
    assert KEY_POINTS in page.content.decode()
    assert only_event(object_type=T.PUPIL_FILE).object_id == pupil.pk
    assert only_event(object_type=T.REPORT, action=A.READ).object_id == report.pk


def test_directie_sees_that_a_visit_happened_but_no_report_read_is_recorded(client, directie, report, pupil):
    client.force_login(directie)
    client.get(reverse("visits:pupil_file", args=[pupil.pk]))
    assert not AuditEvent.objects.filter(object_type=T.REPORT).exists()
    assert only_event(object_type=T.PUPIL_FILE).allowed


def test_reading_a_family_card_is_recorded_and_a_colleague_without_relation_is_refused(
    client, teacher, colleague, pupil
):
    family = pupil.family
    client.force_login(teacher)
    assert client.get(reverse("visits:family_detail", args=[family.pk])).status_code == 200
    client.force_login(colleague)
    assert client.get(reverse("visits:family_detail", args=[family.pk])).status_code == 404
    assert only_event(user=teacher, object_type=T.FAMILY).allowed
    refused = only_event(user=colleague, object_type=T.FAMILY)
    assert (refused.allowed, refused.object_id) == (False, family.pk)


def test_care_case_reads_are_recorded_for_the_coordinator_and_refusals_for_directie(
    client, care_coordinator, directie, case
):
    url = reverse("visits:care_case", args=[case.pk])
    client.force_login(care_coordinator)
    assert client.get(url).status_code == 200
    client.force_login(directie)
    assert client.get(url).status_code == 404
    assert only_event(user=care_coordinator, object_type=T.CARE_CASE, action=A.READ).allowed
    refused = only_event(user=directie)
    assert (refused.object_type, refused.object_id, refused.allowed) == (T.CARE_CASE, case.pk, False)
    assert REASON not in all_audit_text()


def test_a_refused_change_is_recorded(client, colleague, report):
    client.force_login(colleague)
    url = reverse("visits:contact_create", args=[report.visit_id])
    assert client.post(url, {"channel": "phone", "outcome": "reached"}).status_code == 404  # not the colleague's pupil
    event = only_event(user=colleague)
    assert (event.action, event.allowed) == (A.CHANGE, False)


def test_nonexistent_objects_are_recorded_as_refused_with_the_number_tried(client, teacher, db):
    client.force_login(teacher)
    assert client.get(reverse("visits:family_detail", args=[987654])).status_code == 404
    assert only_event(user=teacher).object_id == 987654


# Changes ------------------------------------------------------------------------------------


def test_writing_a_report_records_create_and_change_without_content(teacher, pupil):
    from visits import services
    from visits.models import Visit

    visit = services.visit_open(pupil=pupil, school_year=pupil.group.school_year, by=teacher)
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.VISITED)
    visit.refresh_from_db()
    draft = services_reports.report_open(visit=visit, by=teacher)
    services_reports.report_save_draft(
        report=draft,
        content=services_reports.ReportContent(values={"key_points": KEY_POINTS}),
        by=teacher,
        expected_version=draft.version,
    )
    events = list(AuditEvent.objects.filter(object_type=T.REPORT, object_id=draft.pk).order_by("pk"))
    assert [(e.action, e.user, e.allowed) for e in events] == [(A.CREATE, teacher, True), (A.CHANGE, teacher, True)]
    assert KEY_POINTS not in all_audit_text()


def test_case_opening_entries_closing_and_consults_are_recorded(teacher, care_coordinator, case, report):
    services_care.entry_add(
        case=case,
        step=CaseEntry.Step.SIGNALS,
        by=care_coordinator,
        happened_on=datetime.date(2026, 11, 2),
        text="Iets gezien.",
        source="own",
    )
    consult = services_reports.consult_ask(visit=report.visit, by=teacher, moment="after", question="Hoe nu verder?")
    services_care.consult_answer(consult=consult, by=care_coordinator, answer="Bel de ouders.")
    rows = {(e.object_type, e.action, e.user_id) for e in AuditEvent.objects.all()}
    assert rows == {
        (T.CARE_CASE, A.CREATE, teacher.pk),
        (T.CARE_CASE, A.CHANGE, care_coordinator.pk),
        (T.CONSULT, A.CREATE, teacher.pk),
        (T.CONSULT, A.CHANGE, care_coordinator.pk),
    }
    assert "Iets gezien" not in all_audit_text() and "Hoe nu verder" not in all_audit_text()


def test_a_refused_change_leaves_no_change_row(teacher, case):
    with pytest.raises(PermissionDenied):  # weighing is for the care coordinator
        services_care.entry_add(
            case=case, step=CaseEntry.Step.WEIGH, by=teacher, happened_on=datetime.date(2026, 11, 2), text="x"
        )
    assert not AuditEvent.objects.filter(object_type=T.CARE_CASE, action=A.CHANGE).exists()
    assert Consult.objects.count() == 0


# The trail is append-only ---------------------------------------------------------------------


def test_the_trail_cannot_be_changed_or_deleted_through_the_models(teacher, school):
    event = audit.record(user=teacher, school=school, object_type=T.FAMILY, object_id=1, action=A.READ, allowed=True)
    event.allowed = False
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().allowed is True


def test_detaching_purged_objects_keeps_the_rows_but_not_the_link(teacher, school):
    for pk in (5, 6):
        audit.record(user=teacher, school=school, object_type=T.FAMILY, object_id=pk, action=A.READ, allowed=True)
    audit.record(user=teacher, school=school, object_type=T.CARE_CASE, object_id=5, action=A.READ, allowed=True)
    assert audit.detach_objects(object_type=T.FAMILY, object_ids=[5]) == 1
    assert set(AuditEvent.objects.values_list("object_type", "object_id")) == {
        (T.FAMILY, None),
        (T.FAMILY, 6),
        (T.CARE_CASE, 5),
    }


def test_the_operators_admin_shows_the_trail_read_only(client, django_user_model, teacher, school):
    event = audit.record(user=teacher, school=school, object_type=T.FAMILY, object_id=1, action=A.READ, allowed=True)
    operator = django_user_model.objects.create_superuser("operator@school.test", "x-operator-wachtwoord")
    client.force_login(operator)
    base = "admin:huisbezoek_auditevent"
    assert client.get(reverse(f"{base}_changelist")).status_code == 200
    assert client.get(reverse(f"{base}_add")).status_code == 403
    assert client.post(reverse(f"{base}_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    page = client.post(reverse(f"{base}_change", args=[event.pk]), {"allowed": ""})
    assert page.status_code == 403
    assert AuditEvent.objects.get().allowed is True


# The trail page -------------------------------------------------------------------------------


def fill_trail(school, users, n):
    for i in range(n):
        audit.record(
            user=users[i % len(users)],
            school=school,
            object_type=T.FAMILY if i % 2 else T.REPORT,
            object_id=i + 1,
            action=A.READ,
            allowed=bool(i % 3),
        )


def test_the_administrator_sees_the_schools_trail_newest_first(
    client, administrator, teacher, outsider, school, other_school
):
    audit.record(user=teacher, school=school, object_type=T.FAMILY, object_id=11, action=A.READ, allowed=True)
    audit.record(user=outsider, school=school, object_type=T.REPORT, object_id=12, action=A.READ, allowed=False)
    audit.record(user=outsider, school=other_school, object_type=T.FAMILY, object_id=13, action=A.READ, allowed=True)
    client.force_login(administrator)
    page = client.get(TRAIL)
    rows = list(page.context["page"].object_list)
    assert [e.object_id for e in rows] == [12, 11]
    html = page.content.decode()
    assert "Geweigerd" in html and "Fatima Bakker" in html and "Gezinskaart" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"allowed": "false"}, [12]),
        ({"allowed": "true"}, [11]),
        ({"object_type": "family"}, [11]),
        ({"action": "read"}, [12, 11]),
        ({"action": "change"}, []),
        ({"object_id": "11"}, [11]),
        ({"since": "2000-01-01", "until": "2100-01-01"}, [12, 11]),
        ({"until": "2000-01-01"}, []),
    ],
)
def test_the_trail_filters(client, care_coordinator, teacher, colleague, school, query, expected):
    audit.record(user=teacher, school=school, object_type=T.FAMILY, object_id=11, action=A.READ, allowed=True)
    audit.record(user=colleague, school=school, object_type=T.REPORT, object_id=12, action=A.READ, allowed=False)
    client.force_login(care_coordinator)
    page = client.get(TRAIL, query)
    assert [e.object_id for e in page.context["page"].object_list] == expected


def test_the_trail_filters_by_user(client, administrator, teacher, colleague, school):
    fill_trail(school, [teacher, colleague], 6)
    client.force_login(administrator)
    page = client.get(TRAIL, {"user": colleague.pk})
    assert {e.user for e in page.context["page"].object_list} == {colleague}
    assert page.context["page"].paginator.count == 3


def test_a_bad_filter_value_gets_a_message_not_an_error(client, administrator, school):
    client.force_login(administrator)
    page = client.get(TRAIL, {"since": "gisteren", "object_type": "nonsense"})
    assert page.status_code == 200
    assert "Voer een geldige datum in" in page.content.decode() or "Enter a valid date" in page.content.decode()


@pytest.mark.parametrize("persona", ["teacher", "directie", "interpreter"])
def test_other_roles_cannot_read_the_trail(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(TRAIL).status_code == 403


def test_the_trail_needs_a_log_in_and_only_answers_get(client, administrator):
    assert client.get(TRAIL).url.startswith(reverse("login"))
    client.force_login(administrator)
    assert client.post(TRAIL).status_code == 405


def test_the_trail_page_runs_the_same_queries_for_few_and_many_rows(
    client, administrator, teacher, colleague, school, django_assert_max_num_queries
):
    fill_trail(school, [teacher, colleague], 5)
    client.force_login(administrator)
    client.get(TRAIL)
    with django_assert_max_num_queries(9) as few:
        client.get(TRAIL)
    extra = [UserFactory() for _ in range(5)]
    for user in extra:
        MembershipFactory(user=user, school=school)
    fill_trail(school, [teacher, colleague, *extra], 120)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(TRAIL)
    assert len(page.context["page"].object_list) == 50
