import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from huisbezoek.models import School, SchoolYear
from huisbezoek.tests.factories import SchoolFactory, SchoolYearFactory, UserFactory

PROJECT_APPS = ("huisbezoek", "visits", "protocol", "evaluation", "notifications", "privacy")

# Models that are not school data, or reach their school through a parent. A new model in
# the project must either have a ``school`` field or be listed here with its path to School.
SCHOOL_PATHS = {
    "huisbezoek.User": None,  # a person; their schools are Membership rows
    "huisbezoek.Board": None,  # above schools
    "huisbezoek.School": None,
    "huisbezoek.WorkerHeartbeat": None,  # system status
    "visits.GroupTeacher": "group__school",
    "visits.FamilyLanguage": "family__school",
    "visits.Guardian": "family__school",
    "visits.VisitPupil": "visit__school",
    "visits.VisitTransition": "visit__school",
    "visits.ContactAttempt": "visit__school",
    "visits.ReportAgreement": "report__school",
    "visits.ReportVersion": "report__school",
    "visits.CaseEntry": "case__school",
    "visits.Enrolment": "school_year__school",
    "visits.YearStart": "school_year__school",
    "visits.GeocodedAddress": None,  # an address's coordinates, shared by whoever lives there
}


def test_every_model_is_keyed_by_school():
    unkeyed = []
    for model in apps.get_models():
        label = f"{model._meta.app_label}.{model.__name__}"
        if model._meta.app_label not in PROJECT_APPS or label in SCHOOL_PATHS:
            continue
        field = {f.name: f for f in model._meta.get_fields()}.get("school")
        if field is None or field.related_model is not School:
            unkeyed.append(label)
    assert not unkeyed, f"Models without a school key (add one, or a path in SCHOOL_PATHS): {unkeyed}"


def test_school_paths_lead_to_school():
    for label, path in SCHOOL_PATHS.items():
        if not path:
            continue
        model = apps.get_model(label)
        for step in path.split("__"):
            model = model._meta.get_field(step).related_model
        assert model is School, f"{label}: {path} does not lead to School"


@pytest.mark.parametrize("brin", ["1AB", "12ab", "ABCD", "12ABC", ""])
def test_brin_must_be_two_digits_and_two_capitals(db, brin):
    school = SchoolFactory.build(brin=brin, board=SchoolFactory().board)
    with pytest.raises(ValidationError) as info:
        school.full_clean()
    assert "brin" in info.value.message_dict


def test_school_year_label_must_match_its_dates(db):
    year = SchoolYearFactory.build(school=SchoolFactory(), label="2025-2026")
    with pytest.raises(ValidationError) as info:
        year.full_clean()
    assert "2026-2027" in str(info.value)


def test_school_year_must_end_after_it_starts(db):
    school = SchoolFactory()
    with pytest.raises(IntegrityError):
        SchoolYear.objects.create(
            school=school, label="2026-2026", start=datetime.date(2026, 9, 1), end=datetime.date(2026, 8, 1)
        )


def test_school_year_containing_a_day(db):
    year = SchoolYearFactory()
    assert list(SchoolYear.objects.containing(datetime.date(2026, 10, 1))) == [year]
    assert not SchoolYear.objects.containing(datetime.date(2027, 8, 1)).exists()


def test_email_addresses_are_unique_whatever_the_capitals(db):
    UserFactory(email="juf@school.test")
    with pytest.raises(IntegrityError):
        UserFactory(email="JUF@school.test")
