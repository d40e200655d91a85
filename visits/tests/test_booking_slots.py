"""The slot engine: only times that truly work for every visitor, on a frozen clock (2 November 2026)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huisbezoek.models import User
from visits import holidays
from visits.booking.slots import offer_slots
from visits.geo.travel import Point, travel_minutes
from visits.models import AvailabilityWindow, Family, SchoolCalendarEntry, Visit
from visits.tests.factories import InterpreterFactory, PupilFactory, VisitFactory
from visits.tests.helpers import NOW, at

pytestmark = pytest.mark.django_db

THU = datetime.date(2026, 11, 5)


def window(person, day=THU, start=(16, 0), end=(21, 0), **kwargs):
    school = kwargs.pop("school", None) or person.school
    field = "interpreter" if hasattr(person, "languages") else "user"
    return AvailabilityWindow.objects.create(
        school=school, date=day, start=datetime.time(*start), end=datetime.time(*end), **{field: person}
    )


@pytest.fixture
def visit(school, pupil, teacher, programme):
    return VisitFactory(pupil=pupil, lead_visitor=teacher)


def starts(slots):
    return [s.local_start.strftime("%d %H:%M") for s in slots]


def test_only_inside_the_teachers_windows_on_a_15_minute_grid(visit, teacher, school):
    assert offer_slots(visit=visit, now=NOW) == []
    window(teacher, start=(18, 0), end=(20, 0), school=school)
    slots = offer_slots(visit=visit, now=NOW)
    assert starts(slots) == ["05 18:00", "05 18:15", "05 18:30", "05 18:45", "05 19:00"]
    assert all(s.ends_at - s.starts_at == datetime.timedelta(minutes=60) for s in slots)
    assert slots[0].lead_visitor == teacher and slots[0].colleague is None and slots[0].interpreter is None


def test_evening_hours_and_period(visit, teacher, school, programme):
    window(teacher, start=(15, 0), end=(17, 10), school=school)
    assert starts(offer_slots(visit=visit, now=NOW)) == ["05 16:00"]
    window(teacher, day=programme.period_end + datetime.timedelta(days=3), school=school)
    assert starts(offer_slots(visit=visit, now=NOW)) == ["05 16:00"]


def test_never_in_the_past(visit, teacher, school):
    window(teacher, start=(18, 0), end=(20, 0), school=school)
    assert starts(offer_slots(visit=visit, now=at(5, 18, 10))) == ["05 18:15", "05 18:30", "05 18:45", "05 19:00"]
    assert offer_slots(visit=visit, now=at(6, 9)) == []


def test_no_slots_when_the_school_is_closed(visit, teacher, school):
    window(teacher, start=(18, 0), end=(19, 0), school=school)
    window(teacher, day=THU + datetime.timedelta(days=1), start=(18, 0), end=(19, 0), school=school)
    SchoolCalendarEntry.objects.create(school=school, kind="study_day", start=THU, end=THU, label="Studiedag")
    assert starts(offer_slots(visit=visit, now=NOW)) == ["06 18:00"]


def test_ramadan_days_skipped_for_families_who_keep_it(visit, teacher, school, programme):
    programme.period_end = datetime.date(2027, 3, 31)
    programme.save()
    day = datetime.date(2027, 2, 17)
    assert holidays.in_ramadan(day)
    window(teacher, day=day, start=(19, 0), end=(20, 0), school=school)
    assert starts(offer_slots(visit=visit, now=NOW)) == ["17 19:00"]
    Family.objects.filter(pk=visit.family_id).update(keeps_ramadan=True)
    assert offer_slots(visit=visit, now=NOW) == []


@pytest.fixture
def other_visit(school, group, teacher):
    """The teacher's visit to another family from 18:00 to 19:00 on Thursday, 3 km north."""
    pupil = PupilFactory(school=school, group=group)
    Family.objects.filter(pk=pupil.family_id).update(latitude=Decimal("52.117000"), longitude=Decimal("5.120000"))
    return VisitFactory(
        pupil=pupil, lead_visitor=teacher, status=Visit.Status.SCHEDULED, starts_at=at(5, 18), duration_minutes=60
    )


def test_travel_from_the_visit_before_and_to_the_visit_after(visit, teacher, school, programme, other_visit):
    Family.objects.filter(pk=visit.family_id).update(latitude=Decimal("52.090000"), longitude=Decimal("5.120000"))
    minutes = travel_minutes(programme, Point(52.117, 5.12), Point(52.09, 5.12))
    assert 15 < minutes < 30  # about 3 km by bike
    window(teacher, school=school)
    got = starts(offer_slots(visit=visit, now=NOW))
    # Before: done by 18:00 minus the travel there; after: 19:00 plus the travel here.
    assert got[:3] == ["05 16:00", "05 16:15", "05 16:30"]
    assert "05 16:45" not in got and "05 19:15" not in got
    assert got[3] == "05 19:30"


def test_travel_to_the_next_visit_must_lie_in_the_window(visit, teacher, school, programme, other_visit):
    other_visit.starts_at = at(5, 19, 15)
    other_visit.save()
    Family.objects.filter(pk=visit.family_id).update(latitude=Decimal("52.090000"), longitude=Decimal("5.120000"))
    window(teacher, start=(17, 0), end=(19, 0), school=school)
    # 17:45-18:45 would reach the next family by 19:15, but travels after the window ends at 19:00.
    assert starts(offer_slots(visit=visit, now=NOW)) == ["05 17:00", "05 17:15", "05 17:30"]


def test_unknown_locations_use_the_fixed_buffer(visit, teacher, school, programme, other_visit):
    window(teacher, school=school)
    got = starts(offer_slots(visit=visit, now=NOW))
    assert got == ["05 16:00", "05 16:15", "05 16:30", "05 16:45", "05 19:15", "05 19:30", "05 19:45", "05 20:00"]


def test_the_duo_colleague_must_be_free_too(visit, teacher, colleague, school):
    visit.colleague = colleague
    visit.save()
    window(teacher, school=school)
    assert offer_slots(visit=visit, now=NOW) == []
    window(colleague, start=(19, 0), end=(21, 0), school=school)
    slots = offer_slots(visit=visit, now=NOW)
    assert starts(slots) == ["05 19:00", "05 19:15", "05 19:30", "05 19:45", "05 20:00"]
    assert slots[0].colleague == colleague


@pytest.fixture
def turkish_family(visit):
    Family.objects.filter(pk=visit.family_id).update(
        interpreter_needed=True, interpreter_language="tr", interpreter_arranged_by="school"
    )
    return visit.family


def test_an_interpreter_who_speaks_the_language_and_has_time(visit, teacher, school, turkish_family):
    window(teacher, school=school)
    rif = InterpreterFactory(school=school, languages=["rif"])
    window(rif, school=school)
    assert offer_slots(visit=visit, now=NOW) == []
    tr = InterpreterFactory(school=school, languages=["tr"])
    window(tr, start=(18, 0), end=(19, 30), school=school)
    slots = offer_slots(visit=visit, now=NOW)
    assert starts(slots) == ["05 18:00", "05 18:15", "05 18:30"]
    assert {s.interpreter for s in slots} == {tr}
    tr.is_active = False
    tr.save()
    assert offer_slots(visit=visit, now=NOW) == []


def test_the_family_brings_its_own_interpreter(visit, teacher, school, turkish_family):
    Family.objects.filter(pk=visit.family_id).update(interpreter_arranged_by="family")
    window(teacher, start=(18, 0), end=(19, 0), school=school)
    assert starts(offer_slots(visit=visit, now=NOW)) == ["05 18:00"]


def test_the_interpreter_is_free_of_other_visits(visit, teacher, school, turkish_family, other_visit):
    tr = InterpreterFactory(school=school, languages=["tr"])
    window(tr, school=school)
    window(teacher, day=THU + datetime.timedelta(days=1), school=school)
    other_visit.interpreter = tr
    other_visit.starts_at = at(6, 18)
    other_visit.save()
    got = starts(offer_slots(visit=visit, now=NOW))
    assert got == []  # the teacher's own window is Friday only; on Friday the interpreter is busy at 18:00
    window(tr, day=THU + datetime.timedelta(days=1), school=school)
    got = starts(offer_slots(visit=visit, now=NOW))
    assert "06 17:45" not in got and "06 18:30" not in got and "06 16:45" in got and "06 19:15" in got


def test_the_familys_wish_about_who_visits(visit, teacher, colleague, school):
    window(teacher, start=(18, 0), end=(19, 0), school=school)
    window(colleague, start=(18, 0), end=(19, 0), school=school)
    User.objects.filter(pk=teacher.pk).update(gender=User.Gender.MALE)
    User.objects.filter(pk=colleague.pk).update(gender=User.Gender.FEMALE)
    Family.objects.filter(pk=visit.family_id).update(visitor_preference=Family.VisitorPreference.NO_MAN_ALONE)
    assert offer_slots(visit=visit, now=NOW) == []
    visit.colleague = colleague
    visit.save()
    assert starts(offer_slots(visit=visit, now=NOW)) == ["05 18:00"]
    Family.objects.filter(pk=visit.family_id).update(visitor_preference=Family.VisitorPreference.FEMALE_ONLY)
    assert offer_slots(visit=visit, now=NOW) == []
    User.objects.filter(pk=teacher.pk).update(gender=User.Gender.FEMALE)
    assert starts(offer_slots(visit=visit, now=NOW)) == ["05 18:00"]


def test_a_fixed_number_of_queries_however_many_slots(visit, teacher, school, turkish_family):
    tr = InterpreterFactory(school=school, languages=["tr"])
    window(teacher, school=school)
    window(tr, school=school)
    with CaptureQueriesContext(connection) as few:
        offer_slots(visit=visit, now=NOW)
    for n in range(1, 20):
        day = THU + datetime.timedelta(days=n)
        window(teacher, day=day, school=school)
        window(tr, day=day, school=school)
    with CaptureQueriesContext(connection) as many:
        slots = offer_slots(visit=visit, now=NOW)
    assert len(slots) > 100
    assert len(many.captured_queries) == len(few.captured_queries) <= 8
