"""Fuzzing the CSV import with hypothesis: any file gives a clear answer, never a 500, never half an import.

Three levels: arbitrary bytes into the parser; well-formed CSV whose cells mix valid values
and garbage, through parse -> plan -> apply (all or nothing); and random uploads through the
administrator's upload page, which only ever shows a preview or the errors and writes nothing.
"""

import datetime
import string
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from visits.imports.columns import FileRejected, parse_csv
from visits.imports.plan import build_plan
from visits.imports.services import ImportRejected, import_apply
from visits.models import Family, FamilyLanguage, Group, Guardian, Pupil
from visits.tests.import_files import HEADER, csv_bytes, pupil

FUZZ = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def counts():
    return {m.__name__: m.objects.count() for m in (Pupil, Family, Guardian, Group, FamilyLanguage)}


cell = st.one_of(
    st.text(alphabet=string.printable, max_size=20),
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "=SUM(A1)",
            "@cmd",
            "+31 6 12345678",
            "-1",
            "0612345678",
            "1234ab",
            "31-02-2020",
            "14-03-2019",
            "2019-03-14",
            "Groep 4",
            "Klas 1A",
            "99",
            "ja",
            "nee",
            "moeder",
            "Tarifit",
            "Arabisch",
            "x" * 301,
            '"',
            ";",
            "\t",
            "\r\n",
        ]
    ),
)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime.datetime(2026, 11, 2, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # pending uploads of the previews go here, not into var/
    return tmp_path


@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes_are_parsed_or_refused_with_a_message(data):
    try:
        parsed = parse_csv(data)
    except FileRejected as rejected:
        assert rejected.message.strip()
        return
    assert all(str(error).strip() for error in parsed.errors)


@FUZZ
@given(
    rows=st.lists(
        st.dictionaries(keys=st.sampled_from(HEADER), values=cell, max_size=2),
        min_size=1,
        max_size=6,
    ),
    numbers=st.lists(st.integers(min_value=1, max_value=4), min_size=6, max_size=6),
)
def test_generated_files_import_all_or_nothing(school, school_year, administrator, rows, numbers):
    """Rows start as a valid pupil and get some cells replaced by generated ones."""
    file_rows = []
    for index, generated in enumerate(rows):
        row = pupil(numbers[index])  # small numbers: pupils and families repeat, as in re-imports
        row.update(generated)
        file_rows.append(row)
    data = csv_bytes(file_rows)
    before = counts()
    try:
        parsed = parse_csv(data)
    except FileRejected:
        assert counts() == before
        return
    plan = build_plan(school=school, school_year=school_year, parsed=parsed)
    event("refused" if plan.errors else "imported")
    if plan.errors:
        assert all(str(e).strip() for e in plan.errors)
        with pytest.raises(ImportRejected):
            import_apply(school=school, school_year=school_year, plan=plan, by=administrator)
        assert counts() == before
        return
    result = import_apply(school=school, school_year=school_year, plan=plan, by=administrator)
    assert result.pupils_created == plan.pupils_new
    assert Pupil.objects.filter(school=school).count() == before["Pupil"] + plan.pupils_new


@FUZZ
@given(
    content=st.one_of(
        st.binary(max_size=2000),
        st.lists(st.fixed_dictionaries({name: cell for name in HEADER}), min_size=1, max_size=4).map(csv_bytes),
    ),
    name=st.sampled_from(["leerlingen.csv", "export.xlsx", "", "../../etc/passwd", "a" * 300 + ".csv"]),
)
def test_the_upload_page_answers_every_file_and_writes_nothing(
    school, school_year, administrator, media, content, name
):
    client = Client()
    client.force_login(administrator)
    before = counts()
    upload = SimpleUploadedFile(name or "x", content, content_type="text/csv")
    response = client.post(reverse("visits:import_upload"), {"file": upload})
    assert response.status_code == 200
    assert counts() == before


@FUZZ
@given(token=st.one_of(st.text(max_size=300), st.from_regex(r"\A[A-Za-z0-9_\-:.]{10,200}\Z")))
def test_the_confirm_refuses_any_forged_token_and_writes_nothing(school, school_year, administrator, media, token):
    client = Client()
    client.force_login(administrator)
    before = counts()
    response = client.post(reverse("visits:import_confirm"), {"token": token})
    assert response.status_code == 302
    assert response.url == reverse("visits:import_upload")
    assert counts() == before
