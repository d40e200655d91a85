"""Small things a teacher, a coordinator or an administrator meets: the print button on the
preparation sheet, the care coordinator's home panel, the way back from a case, no contact
attempts once the report is done, planned visits whose time has passed, required selects, and
names that lost their letters in an import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from visits import services
from visits.care import services as services_care
from visits.imports.columns import parse_csv
from visits.models import ContactAttempt, Report, Visit
from visits.tests.care_cases import flagged_report
from visits.tests.factories import PupilFactory
from visits.tests.helpers import at
from visits.tests.import_files import csv_bytes, csv_text
from visits.tests.import_files import pupil as pupil_row

HOME = reverse("home")


@pytest.fixture
def visit(pupil, school_year, teacher, family, programme):
    return services.visit_open(pupil=pupil, school_year=school_year, by=teacher)


def scheduled(visit, starts_at):
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SCHEDULED, starts_at=starts_at, duration_minutes=60)
    visit.refresh_from_db()
    return visit


# The preparation sheet ---------------------------------------------------------------------------


def test_the_preparation_sheet_has_a_print_button_run_by_a_static_script(client, teacher, visit):
    scheduled(visit, at(4, 19))
    client.force_login(teacher)
    page = client.get(reverse("visits:visit_prepare", args=[visit.pk])).content.decode()
    assert "data-print hidden>Afdrukken</button>" in page
    assert '<script src="/static/js/print.js" defer></script>' in page
    assert "onclick" not in page  # the CSP allows no inline script


# The care coordinator's home page ---------------------------------------------------------------


def open_case(school, group, teacher, urgency, name):
    pupil = PupilFactory(school=school, group=group, first_name=name)
    return services_care.case_open_from_report(report=flagged_report(pupil, teacher, urgency=urgency), by=teacher)


def test_the_care_coordinators_home_shows_open_and_urgent_flags(client, school, group, teacher, care_coordinator):
    open_case(school, group, teacher, Report.Urgency.NORMAL, "Anna")
    client.force_login(care_coordinator)
    with CaptureQueriesContext(connection) as one:
        page = client.get(HOME).content.decode()
    assert "Zorgmeldingen" in page
    assert 'data-count="open">1<' in page
    assert 'data-count="urgent">0<' in page
    assert reverse("visits:care_queue") in page

    open_case(school, group, teacher, Report.Urgency.URGENT, "Bram")
    open_case(school, group, teacher, Report.Urgency.ACUTE, "Cas")
    with CaptureQueriesContext(connection) as three:
        page = client.get(HOME).content.decode()
    assert 'data-count="open">3<' in page
    assert 'data-count="urgent"><strong class="text-danger">2</strong><' in page
    assert 'data-count="acute"><strong class="text-danger">1</strong><' in page
    assert len(three) == len(one)


def test_a_teachers_home_has_no_care_panel(client, school, group, teacher):
    open_case(school, group, teacher, Report.Urgency.URGENT, "Anna")
    client.force_login(teacher)
    assert "panel-care-flags" not in client.get(HOME).content.decode()


# The teacher's view of a case --------------------------------------------------------------------


def test_the_teacher_finds_the_way_back_from_the_case_to_the_visit(client, pupil, teacher):
    report = flagged_report(pupil, teacher)
    case = services_care.case_open_from_report(report=report, by=teacher)
    client.force_login(teacher)
    page = client.get(reverse("visits:care_case", args=[case.pk])).content.decode()
    assert f'href="{reverse("visits:visit_detail", args=[report.visit_id])}"' in page
    assert "Terug naar het bezoek" in page


# Contact attempts once the report is done --------------------------------------------------------


def test_no_contact_form_once_the_report_is_done(client, teacher, visit):
    client.force_login(teacher)
    url = reverse("visits:visit_detail", args=[visit.pk])
    assert "Contactpoging vastleggen" in client.get(url).content.decode()
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.REPORTED)
    page = client.get(url).content.decode()
    assert "Contactpoging vastleggen" not in page
    assert reverse("visits:contact_create", args=[visit.pk]) not in page


def test_the_service_refuses_a_contact_attempt_once_the_report_is_done(client, teacher, visit):
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.REPORTED)
    visit.refresh_from_db()
    with pytest.raises(services.ValidationError, match="verslag van dit bezoek is klaar"):
        services.contact_log(visit=visit, by=teacher, at=timezone.now(), channel="phone", outcome="reached")
    client.force_login(teacher)
    client.post(
        reverse("visits:contact_create", args=[visit.pk]),
        {"day": "2026-11-02", "time": "09:00", "channel": "phone", "outcome": "reached"},
    )
    assert not ContactAttempt.objects.filter(visit=visit).exists()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.REPORTED


# Planned visits whose time has passed ------------------------------------------------------------

NEEDS_UPDATE = "Bijwerken: was gepland op 30 oktober, 19:00"


def test_a_past_visit_still_planned_asks_for_an_update_everywhere(client, teacher, visit):
    scheduled(visit, at(30, 19, month=10))
    client.force_login(teacher)
    assert NEEDS_UPDATE in client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert NEEDS_UPDATE in client.get(reverse("visits:pupil_list")).content.decode()
    home = client.get(HOME).content.decode()
    assert NEEDS_UPDATE in home
    assert reverse("visits:visit_detail", args=[visit.pk]) in home


def test_a_coming_visit_needs_no_update(client, teacher, visit):
    scheduled(visit, at(4, 19))
    client.force_login(teacher)
    for url in (reverse("visits:visit_detail", args=[visit.pk]), reverse("visits:pupil_list"), HOME):
        assert "Bijwerken: was gepland" not in client.get(url).content.decode()


# Required selects --------------------------------------------------------------------------------


def test_required_selects_offer_a_prompt_that_cannot_be_chosen(client, teacher, visit, administrator, group):
    client.force_login(teacher)
    page = client.get(reverse("visits:visit_plan", args=[visit.pk])).content.decode()
    assert "---------" not in page.split('name="colleague"')[0]  # the visitor (an optional colleague may stay empty)
    assert '<option value="" disabled' in page and "Kies een bezoeker" in page
    client.force_login(administrator)
    page = client.get(reverse("visits:group_list")).content.decode()
    assert "---------" not in page
    assert '<option value="" disabled' in page


# Names that lost their letters in a Windows-1252 export --------------------------------------------


@pytest.fixture
def admin_client(client, administrator, school_year, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(administrator)
    return client


def test_question_marks_in_names_of_a_windows_1252_file_are_warned_about(admin_client):
    rows = [pupil_row(1, voornaam="Çağla", achternaam="Yılmaz"), pupil_row(2, voornaam="Zoë")]
    # What Excel's plain "CSV" writes: letters Windows-1252 lacks become "?", the others stay.
    data = csv_text(rows).encode("cp1252", errors="replace")
    parsed = parse_csv(data)
    assert parsed.encoding == "Windows-1252"
    assert parsed.is_valid
    assert parsed.lost_letters == [(2, "Ça?la"), (2, "Y?lmaz")]

    page = admin_client.post(reverse("visits:import_upload"), {"file": SimpleUploadedFile("export.csv", data)})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Controleer de import" in html  # a warning, not an error
    assert "Let op: letters kwijt in namen" in html
    assert "<bdi>Y?lmaz</bdi>" in html
    warning = html.split("Let op: letters kwijt in namen")[1].split("</div>")[0]
    assert "Zoë" not in warning


def test_a_file_without_lost_letters_has_no_warning(admin_client):
    parsed = parse_csv(csv_bytes([pupil_row(1, voornaam="Zoë")], encoding="cp1252"))
    assert parsed.encoding == "Windows-1252"
    assert parsed.lost_letters == []
