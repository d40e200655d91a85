"""The report leaves the app the way schools need it: a PDF and a CSV row per pupil, a CSV of a
group or the year for the administrator, and a tick for what was copied into the pupil
administration. Key points and agreements only, never the confidential notes."""

import csv
import datetime
import io
import subprocess

import pytest
from django.urls import reverse

from huisbezoek.models import AuditEvent
from visits.models import Report, ReportAgreement, Visit
from visits.reports import services as services_reports
from visits.reports.services import Agreement, ReportContent
from visits.tests.factories import GroupFactory, GroupTeacherFactory, PupilFactory, ReportFactory, VisitFactory
from visits.tests.helpers import at

pytestmark = pytest.mark.django_db

SECRET = "GEHEIM-vertrouwelijk-7731"
FLAG_SECRET = "ZORGREDEN-4410"
KEY_POINTS = "Vader werkt avonds; huiswerk aan de keukentafel."


@pytest.fixture
def report(pupil, teacher, colleague):
    """A submitted report of a visit by the teacher (with a male duo colleague), with two agreements."""
    visit = VisitFactory(
        pupil=pupil, lead_visitor=teacher, colleague=colleague, status=Visit.Status.REPORTED, starts_at=at(1, 19)
    )
    made = ReportFactory(
        visit=visit,
        key_points=KEY_POINTS,
        going_well="Leest graag.",
        confidential_notes=SECRET,
        flagged=True,
        flag_urgency=Report.Urgency.NORMAL,
        flag_reason=FLAG_SECRET,
        signal_poverty=True,
    )
    ReportAgreement.objects.create(report=made, what="Leesclub op woensdag", owner="leerkracht")
    ReportAgreement.objects.create(
        report=made, what="Rustige plek voor huiswerk", owner="ouders", due=datetime.date(2026, 12, 1)
    )
    return made


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(f"visits:{name}", args=args), params)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "dossier.pdf"
    path.write_bytes(content)
    return subprocess.run(  # noqa: S603 - poppler's pdftotext on our own file
        ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with a BOM
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def exports(report) -> list[tuple[int, bool]]:
    return list(
        AuditEvent.objects.filter(object_type="report", object_id=report.pk, action="export").values_list(
            "user_id", "allowed"
        )
    )


def test_the_pupil_pdf_is_one_page_with_key_points_and_agreements_and_no_confidential_text(
    client, teacher, pupil, report, tmp_path
):
    response = get(client, teacher, "pupil_file_pdf", pupil.pk, report.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"huisbezoek-{pupil.external_id}-" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content, tmp_path)
    assert text.count("\f") == 1  # one page
    for shown in (
        "Basisschool De Regenboog",
        pupil.first_name,
        pupil.external_id,
        "Groep 3a",
        "1 november 2026",
        "Fatima Bakker",
        "Pieter de Vries",
        "Vader werkt avonds",
        "Leesclub op woensdag",
        "leerkracht",
        "Rustige plek voor huiswerk",
        "1 december 2026",
    ):
        assert shown in text, shown
    for hidden in (SECRET, FLAG_SECRET, "geldzorgen", "Leest graag"):
        assert hidden not in text
    assert exports(report) == [(teacher.pk, True)]


def test_the_pupil_csv_row_has_the_key_points_and_agreements_and_neutralises_formulas(
    client, care_coordinator, pupil, report
):
    Report.objects.filter(pk=report.pk).update(key_points='=HYPERLINK("http://example.org","klik")')
    ReportAgreement.objects.filter(report=report, owner="ouders").update(what="+31 bellen", owner="@ouders")
    response = get(client, care_coordinator, "pupil_file_csv", pupil.pk, report.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = csv_rows(response)
    assert header == ["leerlingnummer", "naam", "groep", "datum huisbezoek", "bezoekers", "hoofdpunten", "afspraken"]
    assert row[:5] == [
        pupil.external_id,
        f"{pupil.first_name} {pupil.last_name}",
        "Groep 3a",
        "01-11-2026",
        "Fatima Bakker, Pieter de Vries",
    ]
    assert row[5] == '\'=HYPERLINK("http://example.org","klik")'  # shown as text, never run
    # One line per agreement (their order follows the database's place for an empty date).
    assert sorted(line.removeprefix("'") for line in row[6].splitlines()) == [
        "+31 bellen (wie: @ouders, klaar op 01-12-2026)",
        "Leesclub op woensdag (wie: leerkracht)",
    ]
    content = response.content.decode()
    assert SECRET not in content and FLAG_SECRET not in content
    assert exports(report) == [(care_coordinator.pk, True)]


@pytest.mark.parametrize("name", ["pupil_file_pdf", "pupil_file_csv"])
def test_a_teacher_who_may_not_read_the_report_gets_404_and_the_refusal_is_audited(
    client, school, school_year, pupil, report, name
):
    from huisbezoek.tests.factories import MembershipFactory, UserFactory

    stranger = UserFactory(first_name="Rob")  # teaches another group, did not visit
    MembershipFactory(user=stranger, school=school, role="teacher")
    GroupTeacherFactory(group=GroupFactory(school=school, school_year=school_year, name="Groep 7"), teacher=stranger)
    assert get(client, stranger, name, pupil.pk, report.pk).status_code == 404
    assert exports(report) == [(stranger.pk, False)]


@pytest.mark.parametrize("name", ["pupil_file_pdf", "pupil_file_csv"])
def test_another_schools_report_is_not_found(client, teacher, other_school, pupil, report, name):
    from huisbezoek.tests.factories import SchoolYearFactory

    year = SchoolYearFactory(school=other_school)
    theirs = PupilFactory(school=other_school, group=GroupFactory(school=other_school, school_year=year))
    GroupTeacherFactory(group=theirs.group, teacher=teacher)  # even a link to their group does not help
    their_report = ReportFactory(
        visit=VisitFactory(pupil=theirs, lead_visitor=teacher, status=Visit.Status.REPORTED, starts_at=at(2, 19))
    )
    assert get(client, teacher, name, theirs.pk, their_report.pk).status_code == 404
    # Nor does a pupil of ours with another pupil's report.
    assert get(client, teacher, name, pupil.pk, their_report.pk).status_code == 404


def test_directie_and_administrator_do_not_download_a_pupils_file(client, directie, administrator, pupil, report):
    assert get(client, directie, "pupil_file_pdf", pupil.pk, report.pk).status_code == 403
    assert get(client, administrator, "pupil_file_csv", pupil.pk, report.pk).status_code == 403


def test_a_draft_is_not_exported(client, teacher, pupil, report):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
    assert get(client, teacher, "pupil_file_pdf", pupil.pk, report.pk).status_code == 404


@pytest.fixture
def second_group_report(school, school_year, colleague):
    group = GroupFactory(school=school, school_year=school_year, name="Groep 5b", grade=5)
    GroupTeacherFactory(group=group, teacher=colleague)
    pupil = PupilFactory(school=school, group=group, first_name="Daan", external_id="R000777")
    visit = VisitFactory(pupil=pupil, lead_visitor=colleague, status=Visit.Status.REPORTED, starts_at=at(3, 19))
    return ReportFactory(visit=visit, key_points="-1 punt achter; extra rekenen.", confidential_notes=SECRET)


def test_the_administrator_downloads_the_csv_of_the_school_year_or_of_a_group(
    client, administrator, pupil, report, second_group_report
):
    response = get(client, administrator, "reports_csv")
    assert response.status_code == 200
    _, first, second = csv_rows(response)
    assert (first[0], first[2], first[5]) == (pupil.external_id, "Groep 3a", KEY_POINTS)
    assert (second[0], second[2], second[5]) == ("R000777", "Groep 5b", "'-1 punt achter; extra rekenen.")
    assert SECRET not in response.content.decode()
    assert exports(report) == [(administrator.pk, True)]
    assert exports(second_group_report) == [(administrator.pk, True)]

    group = second_group_report.visit.pupils.get().group
    _, only = csv_rows(get(client, administrator, "reports_csv", groep=group.pk))
    assert only[0] == "R000777"
    assert get(client, administrator, "reports_csv", groep="abc").status_code == 404


def test_only_the_administrator_downloads_the_school_csv(client, teacher, care_coordinator, directie, report):
    for user in (teacher, care_coordinator, directie):
        assert get(client, user, "reports_csv").status_code == 403


def test_a_group_of_another_school_is_not_found(client, administrator, other_school, report):
    from huisbezoek.tests.factories import SchoolYearFactory

    theirs = GroupFactory(school=other_school, school_year=SchoolYearFactory(school=other_school))
    assert get(client, administrator, "reports_csv", groep=theirs.pk).status_code == 404
    assert get(client, administrator, "reports_to_copy", groep=theirs.pk).status_code == 404


def test_the_tick_records_the_day_and_who_and_is_shown_in_the_pupil_file(client, teacher, pupil, report):
    client.force_login(teacher)
    back = reverse("visits:pupil_file", args=[pupil.pk])
    page = client.get(back).content.decode()
    assert "Overgenomen in leerlingdossier" in page
    assert reverse("visits:pupil_file_pdf", args=[pupil.pk, report.pk]) in page

    response = client.post(reverse("visits:report_copied", args=[report.pk]), {"next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    report.refresh_from_db()
    assert report.copied_to_pupil_file_on == datetime.date(2026, 11, 2)  # the fixed clock's day
    assert report.copied_to_pupil_file_by == teacher
    page = response.content.decode()
    assert "Overgenomen in leerlingdossier op 2 november 2026 door <bdi>Fatima Bakker</bdi>" in page
    assert AuditEvent.objects.filter(object_type="report", object_id=report.pk, action="change", user=teacher).exists()

    # Ticking again changes nothing and says so; a link elsewhere is not followed.
    response = client.post(
        reverse("visits:report_copied", args=[report.pk]), {"next": "https://example.org/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("visits:reports_to_copy")
    assert "al overgenomen" in response.content.decode()


def test_editing_the_report_clears_the_tick(teacher, report):
    services_reports.report_mark_copied(report=report, by=teacher)
    content = ReportContent(
        values={"pupil_present": "yes", "key_points": "Nieuw hoofdpunt.", "minutes_visit": 50},
        agreements=[Agreement("Leesclub", "leerkracht")],
    )
    services_reports.report_submit(report=report, content=content, by=teacher, expected_version=report.version)
    report.refresh_from_db()
    assert report.copied_to_pupil_file_on is None and report.copied_to_pupil_file_by is None


def test_the_tick_is_for_those_who_copy(client, colleague, directie, care_coordinator, outsider, report):
    from huisbezoek.tests.factories import MembershipFactory, UserFactory

    url = reverse("visits:report_copied", args=[report.pk])
    stranger = UserFactory()
    MembershipFactory(user=stranger, school=report.school, role="teacher")
    for user, status in ((stranger, 404), (outsider, 404), (directie, 403), (care_coordinator, 403)):
        client.force_login(user)
        assert client.post(url).status_code == status, user
    client.force_login(colleague)  # the duo colleague visited the family: may copy
    assert client.post(url).status_code == 302
    report.refresh_from_db()
    assert report.copied_to_pupil_file_by == colleague


def test_the_administrator_lists_and_ticks_off_what_is_still_to_copy(
    client, administrator, teacher, pupil, report, second_group_report
):
    page = get(client, administrator, "reports_to_copy").content.decode()
    assert "2 verslagen nog over te nemen" in page
    assert pupil.external_id in page and "R000777" in page
    assert SECRET not in page and KEY_POINTS not in page  # the list shows no content
    assert reverse("visits:reports_csv") in page

    client.post(reverse("visits:report_copied", args=[report.pk]))
    page = get(client, administrator, "reports_to_copy").content.decode()
    assert "1 verslag nog over te nemen" in page
    assert pupil.external_id not in page

    # The mentor sees only the reports of the pupils of the groups they teach.
    page = get(client, teacher, "reports_to_copy").content.decode()
    assert "Alle verslagen staan in het leerlingdossier." in page
    assert "R000777" not in page


def test_the_list_runs_a_fixed_number_of_queries(
    client, administrator, school, school_year, report, django_assert_num_queries
):
    client.force_login(administrator)
    url = reverse("visits:reports_to_copy")
    client.get(url)  # warm up the session and the menu
    with django_assert_num_queries(8):
        client.get(url)
    for n in range(6):
        group = GroupFactory(school=school, school_year=school_year, name=f"Groep 8{n}", grade=8)
        pupil = PupilFactory(school=school, group=group)
        ReportFactory(visit=VisitFactory(pupil=pupil, status=Visit.Status.REPORTED, starts_at=at(4, 19)))
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()
    assert "7 verslagen nog over te nemen" in page
