"""The administrator's privacy pages: who may open them, what they show, what they refuse."""

import datetime
import json
import subprocess

import pytest
from django.urls import reverse
from django.utils.html import escape

from huisbezoek.models import AuditEvent, Role
from huisbezoek.testing.responses import messages_of
from huisbezoek.tests.factories import MembershipFactory, UserFactory
from notifications.tests.factories import NotificationFactory
from privacy import services
from privacy.models import AccessExport, CorrectionRequest, PurgeRun, RetentionPolicy
from privacy.tests.factories import MARKER, CorrectionRequestFactory, family_with_history
from visits.models import CaseEntry, Family
from visits.tests.factories import GroupFactory, PupilFactory

LONG_AGO = datetime.date(2024, 7, 1)


@pytest.fixture
def expired_family(group, teacher, care_coordinator):
    return family_with_history(group=group, teacher=teacher, care_coordinator=care_coordinator, left_on=LONG_AGO)


@pytest.fixture
def family_with_care(group, teacher, care_coordinator):
    return family_with_history(
        group=group, teacher=teacher, care_coordinator=care_coordinator, left_on=None, care="closed"
    )


@pytest.fixture
def other_admin(other_school):
    user = UserFactory(email="beheer@baken.test")
    MembershipFactory(user=user, school=other_school, role=Role.ADMINISTRATOR)
    return user


# Retention page ------------------------------------------------------------------------------


def test_administrator_sees_the_dry_run_with_dates_and_the_purge_log(client, administrator, expired_family, school):
    services.retention_purge(school=school)  # a dry run: not switched on yet
    client.force_login(administrator)
    response = client.get(reverse("privacy:retention"))
    page = response.content.decode()
    assert response.status_code == 200
    assert escape(expired_family.name) in page
    assert "1-7-2026" in page  # family data kept until
    assert "Alles verwijderen" in page
    assert "Proefronde" in page and "families_delete: 1" in page
    assert MARKER not in page


def test_a_family_that_expires_within_three_months_is_shown_as_soon(
    client, administrator, group, teacher, care_coordinator
):
    soon = family_with_history(
        group=group, teacher=teacher, care_coordinator=care_coordinator, left_on=datetime.date(2024, 12, 1)
    )
    client.force_login(administrator)
    page = client.get(reverse("privacy:retention")).content.decode()
    assert escape(soon.name) in page.split("Verloopt binnen")[1]


def test_retention_periods_are_saved(client, administrator, school):
    client.force_login(administrator)
    response = client.post(reverse("privacy:retention"), {"family_years": "3", "care_years": "8"})
    assert response.status_code == 302
    assert response.url == reverse("privacy:retention")
    assert messages_of(response) == ["De bewaartermijnen zijn opgeslagen."]
    policy = RetentionPolicy.objects.get(school=school)
    assert (policy.family_years, policy.care_years) == (3, 8)


def test_a_bad_period_is_refused_with_a_message_and_keeps_what_was_typed(client, administrator, school):
    client.force_login(administrator)
    response = client.post(reverse("privacy:retention"), {"family_years": "40", "care_years": "7"})
    assert response.status_code == 200
    assert 'value="40"' in response.content.decode() and 'value="7"' in response.content.decode()
    assert response.context["form"].errors["family_years"]
    assert services.policy_for(school=school).family_years == 2  # unchanged (and no row was written)
    assert not RetentionPolicy.objects.filter(school=school).exists()


def test_switching_the_purge_on_and_off(client, administrator, school):
    client.force_login(administrator)
    client.post(reverse("privacy:retention_activate"), {"active": "on"})
    assert RetentionPolicy.objects.get(school=school).active_since is not None
    client.post(reverse("privacy:retention_activate"), {})
    assert RetentionPolicy.objects.get(school=school).active_since is None


@pytest.mark.parametrize("name", ["privacy:retention", "privacy:family_list"])
def test_pages_ask_anonymous_users_to_log_in_and_refuse_other_roles(client, name, directie, care_coordinator):
    url = reverse(name)
    assert client.get(url).url.startswith(reverse("login"))
    for user in (directie, care_coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_wrong_methods_answer_405(client, administrator, expired_family):
    client.force_login(administrator)
    assert client.get(reverse("privacy:retention_activate")).status_code == 405
    assert client.get(reverse("privacy:family_export", args=[expired_family.pk])).status_code == 405
    assert client.post(reverse("privacy:family_list")).status_code == 405
    assert client.post(reverse("privacy:family_access", args=[expired_family.pk])).status_code == 405
    assert client.get(reverse("privacy:correction_create", args=[expired_family.pk])).status_code == 405


def _families(school, group, n):
    for _ in range(n):
        PupilFactory(school=school, group=group, left_on=LONG_AGO)


def test_retention_page_runs_a_fixed_number_of_queries(
    client, administrator, school, group, django_assert_max_num_queries
):
    client.force_login(administrator)
    _families(school, group, 2)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("privacy:retention")).status_code == 200
    _families(school, group, 30)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("privacy:retention")).status_code == 200


def test_family_list_runs_a_fixed_number_of_queries_and_searches(
    client, administrator, school, group, django_assert_max_num_queries
):
    client.force_login(administrator)
    _families(school, group, 2)
    with django_assert_max_num_queries(15):
        client.get(reverse("privacy:family_list"))
    _families(school, group, 30)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("privacy:family_list"))
    assert len(response.context["page"].object_list) == 32
    target = Family.objects.filter(school=school).first()
    response = client.get(reverse("privacy:family_list"), {"q": target.pupils.first().first_name})
    assert target in response.context["page"].object_list


# One family: review and export ---------------------------------------------------------------


def test_another_schools_administrator_gets_404_for_the_family(client, other_admin, expired_family):
    client.force_login(other_admin)
    assert client.get(reverse("privacy:family_access", args=[expired_family.pk])).status_code == 404
    response = client.post(reverse("privacy:family_export", args=[expired_family.pk]), {"format": "json"})
    assert response.status_code == 404
    assert not AccessExport.objects.exists()


def test_the_review_step_shows_what_third_parties_told(client, administrator, family_with_care):
    client.force_login(administrator)
    page = client.get(reverse("privacy:family_access", args=[family_with_care.pk])).content.decode()
    assert "De buurvrouw hoorde geschreeuw." in page
    assert "Buurvrouw, mevrouw Visser" in page


def test_export_without_confirming_the_review_is_refused_and_keeps_the_choices(client, administrator, family_with_care):
    entry = CaseEntry.objects.get(source="other", case__pupil__family=family_with_care)
    client.force_login(administrator)
    response = client.post(
        reverse("privacy:family_export", args=[family_with_care.pk]), {"format": "json", "redact": [entry.pk]}
    )
    assert response.status_code == 200
    assert "Lees eerst de teksten van derden na" in response.content.decode()
    assert f'value="{entry.pk}" id="redact-{entry.pk}" checked' in response.content.decode()
    assert not AccessExport.objects.exists()


def test_json_export_is_complete_and_leaves_out_the_redacted_third_party_text(
    client, administrator, family_with_care, school
):
    entry = CaseEntry.objects.get(source="other", case__pupil__family=family_with_care)
    NotificationFactory(school=school, family_id=family_with_care.pk)
    NotificationFactory(school=school, family_id=None, body="Voor een ander gezin.")
    client.force_login(administrator)
    response = client.post(
        reverse("privacy:family_export", args=[family_with_care.pk]),
        {"format": "json", "redact": [entry.pk], "reviewed": "on"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="inzage-gezin-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    body = response.content.decode()
    assert data["family"]["name"] == family_with_care.name
    assert len(data["guardians"]) == 1 and len(data["pupils"]) == 1
    [visit] = data["visits"]
    assert visit["report"]["confidential_notes"] == f"Vader werkloos {MARKER}"
    assert visit["report"]["versions"][0]["content"]["confidential_notes"] == f"eerder {MARKER}"
    assert len(visit["contact_attempts"]) == 1 and len(visit["consults"]) == 1 and len(visit["transitions"]) == 1
    assert [m["body"] for m in data["messages"]] == ["Tot morgen om 19:00."]
    [case] = data["care_cases"]
    assert len(case["entries"]) == 2
    assert "De buurvrouw hoorde geschreeuw." not in body
    assert "mevrouw Visser" not in body
    assert f"Gezien {MARKER}" in body  # the care coordinator's own observation stays
    export = AccessExport.objects.get()
    assert (export.family, export.made_by, export.format, export.redacted) == (
        family_with_care,
        administrator,
        "json",
        1,
    )
    assert AuditEvent.objects.filter(object_type="family", object_id=family_with_care.pk, action="export").count() == 1


def test_pdf_export_holds_the_family_and_says_what_was_left_out(client, administrator, family_with_care, tmp_path):
    entry = CaseEntry.objects.get(source="other", case__pupil__family=family_with_care)
    client.force_login(administrator)
    response = client.post(
        reverse("privacy:family_export", args=[family_with_care.pk]),
        {"format": "pdf", "reviewed": "on", "redact": [entry.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "export.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(  # noqa: S603 - our own file, a fixed program
        ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert family_with_care.name in text
    assert "weggelaten" in text
    assert "geschreeuw" not in text


# Correction requests -----------------------------------------------------------------------


def test_a_correction_request_is_recorded_and_decided(client, administrator, expired_family):
    client.force_login(administrator)
    response = client.post(
        reverse("privacy:correction_create", args=[expired_family.pk]),
        {"received_on": "2026-10-30", "requested_by": "moeder", "request": "Wij wonen op nummer 12, niet 21."},
    )
    assert response.status_code == 302
    assert response.url == reverse("privacy:family_access", args=[expired_family.pk])
    assert messages_of(response) == ["Het verzoek om correctie is vastgelegd."]
    correction = CorrectionRequest.objects.get()
    assert correction.decision == CorrectionRequest.Decision.PENDING
    page = client.get(reverse("privacy:family_access", args=[expired_family.pk])).content.decode()
    assert "Wij wonen op nummer 12, niet 21." in page

    client.post(reverse("privacy:correction_decide", args=[correction.pk]), {"decision": "granted", "note": ""})
    correction.refresh_from_db()
    assert correction.decision == "granted"
    assert correction.decided_by == administrator and correction.decided_on == datetime.date(2026, 11, 2)


def test_a_correction_request_in_the_future_is_refused_and_the_text_kept(client, administrator, expired_family):
    client.force_login(administrator)
    response = client.post(
        reverse("privacy:correction_create", args=[expired_family.pk]),
        {"received_on": "2027-01-01", "requested_by": "vader", "request": "Mijn naam is fout gespeld."},
    )
    assert response.status_code == 200
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert "Mijn naam is fout gespeld." in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_refusing_a_correction_needs_a_reason(client, administrator, expired_family):
    correction = CorrectionRequestFactory(family=expired_family, recorded_by=administrator)
    client.force_login(administrator)
    response = client.post(
        reverse("privacy:correction_decide", args=[correction.pk]), {"decision": "refused", "note": ""}, follow=True
    )
    assert "Schrijf op waarom" in response.content.decode()
    correction.refresh_from_db()
    assert correction.decision == "pending"


def test_another_schools_correction_request_is_404(client, other_admin, expired_family, administrator):
    correction = CorrectionRequestFactory(family=expired_family, recorded_by=administrator)
    client.force_login(other_admin)
    response = client.post(reverse("privacy:correction_decide", args=[correction.pk]), {"decision": "granted"})
    assert response.status_code == 404


def test_the_menu_shows_privacy_to_the_administrator_only(client, administrator, teacher):
    client.force_login(administrator)
    assert reverse("privacy:retention") in client.get(reverse("home")).content.decode()
    client.force_login(teacher)
    assert reverse("privacy:retention") not in client.get(reverse("home")).content.decode()


def test_purge_runs_are_listed_newest_first(client, administrator, school):
    PurgeRun.objects.create(school=school, dry_run=True, counts={"families_delete": 2})
    PurgeRun.objects.create(school=school, dry_run=False, counts={"family": 2})
    client.force_login(administrator)
    runs = list(client.get(reverse("privacy:retention")).context["runs"])
    assert runs[0].counts == {"family": 2}


def test_other_school_families_never_appear(client, administrator, other_school, teacher, care_coordinator):
    other = family_with_history(
        group=GroupFactory(school=other_school), teacher=teacher, care_coordinator=care_coordinator, left_on=LONG_AGO
    )
    client.force_login(administrator)
    assert other.name not in client.get(reverse("privacy:retention")).content.decode()
    assert other not in client.get(reverse("privacy:family_list")).context["page"].object_list


def test_the_administrators_home_says_whether_the_purge_is_on_and_what_is_due(
    client, administrator, expired_family, school, teacher
):
    client.force_login(administrator)
    page = client.get(reverse("home")).content.decode()
    assert "Automatisch opschonen staat nog uit." in page
    assert "1 gezin is verlopen en gaat bij de volgende ronde weg." in page
    services.policy_activate(school=school, by=administrator, active=True)
    assert "Automatisch opschonen staat nog uit." not in client.get(reverse("home")).content.decode()
    client.force_login(teacher)
    assert "Bewaartermijnen" not in client.get(reverse("home")).content.decode()


def test_reading_the_retention_page_and_the_home_page_writes_no_policy(client, administrator, school):
    client.force_login(administrator)
    page = client.get(reverse("privacy:retention"))
    assert page.status_code == 200
    assert client.get(reverse("home")).status_code == 200
    assert not RetentionPolicy.objects.filter(school=school).exists()
    assert services.policy_for(school=school).family_years == RetentionPolicy().family_years  # the defaults
