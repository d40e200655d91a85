"""Leaving school: the import's optional 'datum_uitschrijving' column sets the day retention counts from."""

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from privacy import selectors
from visits.imports.columns import parse_csv
from visits.imports.plan import build_plan
from visits.imports.services import import_apply
from visits.models import Pupil
from visits.tests.import_files import HEADER, csv_bytes, pupil, run_import

WITH_LEAVING = [*HEADER, "datum_uitschrijving"]


def test_the_leaving_date_is_imported_and_shown_in_the_preview(school, school_year, administrator):
    run_import(csv_bytes([pupil(1), pupil(2)], WITH_LEAVING), school, school_year, administrator)
    assert Pupil.objects.filter(left_on__isnull=True).count() == 2

    data = csv_bytes([pupil(1, datum_uitschrijving="01-07-2026"), pupil(2)], WITH_LEAVING)
    plan, result = run_import(data, school, school_year, administrator)

    [change] = plan.changes
    assert (change.field, change.old, change.new) == ("datum van uitschrijving", "—", "01-07-2026")
    assert result.pupils_updated == 1
    assert Pupil.objects.get(external_id="T00001").left_on == datetime.date(2026, 7, 1)
    assert Pupil.objects.get(external_id="T00002").left_on is None


def test_an_empty_leaving_date_puts_a_returning_pupil_back_at_school(school, school_year, administrator):
    run_import(
        csv_bytes([pupil(1, datum_uitschrijving="01-07-2026")], WITH_LEAVING), school, school_year, administrator
    )
    plan, _result = run_import(csv_bytes([pupil(1)], WITH_LEAVING), school, school_year, administrator)
    assert [c.new for c in plan.changes] == ["—"]
    assert Pupil.objects.get().left_on is None


def test_a_file_without_the_column_leaves_the_leaving_date_alone(school, school_year, administrator):
    run_import(
        csv_bytes([pupil(1, datum_uitschrijving="01-07-2026")], WITH_LEAVING), school, school_year, administrator
    )
    plan, _result = run_import(csv_bytes([pupil(1)]), school, school_year, administrator)
    assert plan.changes == []
    assert Pupil.objects.get().left_on == datetime.date(2026, 7, 1)


def test_a_leaving_date_in_the_future_or_before_entry_is_refused(school, school_year):
    future = parse_csv(csv_bytes([pupil(1, datum_uitschrijving="01-08-2027")], WITH_LEAVING))
    assert "ligt in de toekomst" in str(future.errors[0])
    header = [*WITH_LEAVING, "datum_inschrijving"]
    before_entry = parse_csv(
        csv_bytes([pupil(1, datum_uitschrijving="01-07-2020", datum_inschrijving="01-09-2021")], header)
    )
    assert "voor de datum van inschrijving" in str(before_entry.errors[0])
    assert build_plan(school=school, school_year=school_year, parsed=future).errors


def test_aliases_of_the_column_are_understood(school, school_year, administrator):
    header = [*HEADER, "Uitschrijfdatum"]
    rows = [{**pupil(1), "Uitschrijfdatum": "2026-06-30"}]
    run_import(csv_bytes(rows, header), school, school_year, administrator)
    assert Pupil.objects.get().left_on == datetime.date(2026, 6, 30)


def test_an_imported_leaving_date_starts_the_retention_clock(school, school_year, administrator):
    data = csv_bytes([pupil(1, datum_uitschrijving="01-07-2024")], WITH_LEAVING)
    run_import(data, school, school_year, administrator)
    [planned] = selectors.retention_plan(school=school)
    assert planned.family_due == datetime.date(2026, 7, 1)
    assert planned.action(datetime.date(2026, 11, 2)) == "delete"


# A complete list: pupils missing from it have left ----------------------------------------


def test_a_complete_list_marks_missing_pupils_as_left_today_and_says_so_first(school, school_year, administrator):
    run_import(csv_bytes([pupil(1), pupil(2)]), school, school_year, administrator)

    partial = build_plan(school=school, school_year=school_year, parsed=parse_csv(csv_bytes([pupil(1)])))
    assert partial.leaving == [] and partial.not_in_file == 1

    plan = build_plan(school=school, school_year=school_year, parsed=parse_csv(csv_bytes([pupil(1)])), complete=True)
    [change] = plan.changes
    assert (change.subject, change.field, change.old, change.new) == (
        "leerling T00002 Noor Bakker",
        "datum van uitschrijving",
        "—",
        "02-11-2026",
    )
    result = import_apply(school=school, school_year=school_year, plan=plan, by=administrator)
    assert result.pupils_left == 1
    assert Pupil.objects.get(external_id="T00002").left_on == datetime.date(2026, 11, 2)
    assert Pupil.objects.get(external_id="T00001").left_on is None

    # The next complete list changes nothing for a pupil already recorded as left.
    again = build_plan(school=school, school_year=school_year, parsed=parse_csv(csv_bytes([pupil(1)])), complete=True)
    assert again.leaving == [] and not again.has_changes


def test_a_pupil_back_on_a_complete_list_is_at_school_again(school, school_year, administrator):
    run_import(
        csv_bytes([pupil(1, datum_uitschrijving="01-07-2026")], WITH_LEAVING), school, school_year, administrator
    )
    plan = build_plan(school=school, school_year=school_year, parsed=parse_csv(csv_bytes([pupil(1)])), complete=True)
    assert [(c.old, c.new) for c in plan.changes] == [("01-07-2026", "—")]
    import_apply(school=school, school_year=school_year, plan=plan, by=administrator)
    assert Pupil.objects.get().left_on is None


def test_the_upload_page_offers_the_complete_list_and_carries_it_to_the_confirm(
    client, administrator, school, school_year, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    run_import(csv_bytes([pupil(1), pupil(2)]), school, school_year, administrator)
    client.force_login(administrator)
    upload = reverse("visits:import_upload")
    assert "Dit bestand bevat alle leerlingen die nu op school zitten" in client.get(upload).content.decode()

    file = SimpleUploadedFile("export.csv", csv_bytes([pupil(1)]), content_type="text/csv")
    preview = client.post(upload, {"file": file, "complete": "on"}).content.decode()
    assert 'data-count="pupils-leaving">1<' in preview
    assert "krijgt vandaag als datum van uitschrijving" in preview
    assert Pupil.objects.filter(left_on__isnull=False).count() == 0  # nothing written before the confirm

    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    result = client.post(reverse("visits:import_confirm"), {"token": token}).content.decode()
    assert "1 leerling is vandaag uitgeschreven." in result
    assert Pupil.objects.get(external_id="T00002").left_on == datetime.date(2026, 11, 2)
