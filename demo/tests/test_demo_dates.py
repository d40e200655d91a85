"""The demo never goes stale: built on any day, it is a school in the middle of its visit season.

Every date of ``build_demo`` follows from the day it runs (``timezone.localdate()``). These tests
build it with the clock standing on days years apart and plan a visit with the real planning
service, as a teacher would after ``make run``.
"""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from demo.builder import DemoDates, build_demo
from huisbezoek.models import School, SchoolYear, User
from visits import holidays, services
from visits.models import Family, Interpreter, Programme, Report, Visit
from visits.selectors import current_school_year, year_figures
from visits.tests.helpers import clock_at

pytestmark = pytest.mark.django_db

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
DAYS = [
    datetime.datetime(2029, 3, 1, 10, 0, tzinfo=AMS),  # after the spring break, in the second half of the year
    datetime.datetime(2031, 11, 20, 10, 0, tzinfo=AMS),  # a year the holidays package does not know yet
]


def free_evening(visit: Visit, programme: Programme) -> datetime.datetime:
    """The first weekday evening after today in the visit period that the planner can accept:
    no school or religious holiday, the visitor free all evening."""
    day = timezone.localdate() + datetime.timedelta(days=1)
    busy = {
        timezone.localtime(v.starts_at).date()
        for v in Visit.objects.filter(lead_visitor=visit.lead_visitor, status=Visit.Status.SCHEDULED)
    }
    while day <= programme.period_end:
        if (
            day.weekday() < 5
            and day not in busy
            and not holidays.school_holiday(day, visit.school.holiday_region)
            and not holidays.religious_holidays(day)
        ):
            return datetime.datetime.combine(day, datetime.time(19, 0), tzinfo=AMS)
        day += datetime.timedelta(days=1)
    raise AssertionError("no evening in the visit period can be planned")


@pytest.mark.parametrize("moment", DAYS, ids=lambda m: m.date().isoformat())
def test_the_demo_built_on_any_day_is_in_the_middle_of_its_visit_season(moment):
    with clock_at(moment):
        build_demo()
        today = timezone.localdate()
        school = School.objects.get(brin="12AB")

        # The current year is the one containing today (1 August - 31 July), the period around today.
        year = current_school_year(school=school)
        assert year is not None
        first = today.year if today.month >= 8 else today.year - 1
        assert (year.label, year.start, year.end) == (
            f"{first}-{first + 1}",
            datetime.date(first, 8, 1),
            datetime.date(first + 1, 7, 31),
        )
        for brin in ("12AB", "34CD"):
            programme = Programme.objects.get(school__brin=brin, school_year__label=year.label)
            assert year.start <= programme.period_start < today < programme.period_end <= year.end
            assert (today - programme.period_start).days >= 21 and (programme.period_end - today).days >= 21

        # Past visits are reported, visits in the coming weeks are planned.
        visits = Visit.objects.filter(school=school)
        reported = visits.filter(status=Visit.Status.REPORTED)
        assert reported.count() == 3
        assert all(v.starts_at < timezone.now() for v in visits.filter(status__in=["reported", "visited"]))
        assert all(r.submitted_at < timezone.now() for r in Report.objects.filter(school=school))
        scheduled = list(visits.filter(status=Visit.Status.SCHEDULED))
        assert len(scheduled) == 2
        for visit in scheduled:
            day = timezone.localtime(visit.starts_at).date()
            assert today < day <= programme.period_end
            assert day.weekday() < 5
            assert not holidays.school_holiday(day, school.holiday_region)
        assert all(v.school_year_id == year.pk for v in visits)

        # The dashboard's figures have something to show.
        figures = year_figures(school=school, school_year=year)
        assert figures.has_programme
        assert figures.total.cohort > 150
        assert figures.total.reported == 3 and figures.total.scheduled == 2
        assert figures.reports_submitted == 3 and figures.minutes_reported > 0
        assert figures.care_open == 2 and figures.families_tried > 0
        assert 0 < figures.period_days_passed < figures.period_days

        # A teacher plans the family still to plan on a weekday evening: the planner accepts it.
        to_plan = visits.select_related("school", "family", "lead_visitor").get(status=Visit.Status.TO_PLAN)
        assert to_plan.contact_attempts.exists()  # tried, not reached yet
        pupil = to_plan.pupils.get()
        interpreter = None
        if to_plan.family.interpreter_needed:
            language = to_plan.family.interpreter_language
            interpreter = next(i for i in Interpreter.objects.filter(school=school) if language in i.languages)
        plan = services.VisitPlan(
            starts_at=free_evening(to_plan, programme),
            duration_minutes=60,
            lead_visitor=to_plan.lead_visitor,
            interpreter=interpreter,
            meeting_point="Bij de bushalte" if interpreter else "",
            pupils=[pupil],
        )
        planned = services.visit_schedule(visit=to_plan, plan=plan, by=to_plan.lead_visitor)
        planned.refresh_from_db()
        assert planned.status == Visit.Status.SCHEDULED
        assert planned.starts_at == plan.starts_at


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        # Early in the school year (the summer holiday): the period starts with the year and runs past it.
        (datetime.date(2027, 8, 5), datetime.date(2027, 8, 1), datetime.date(2027, 9, 16)),
        # In January the year began last August.
        (datetime.date(2028, 1, 20), datetime.date(2027, 12, 16), datetime.date(2028, 3, 2)),
        # At the end of July the period ends with the school year.
        (datetime.date(2028, 7, 30), datetime.date(2028, 6, 25), datetime.date(2028, 7, 31)),
    ],
)
def test_the_visit_period_lies_around_today_and_inside_the_school_year(today, start, end):
    dates = DemoDates(today)
    assert dates.visit_period == (start, end)
    _, year_start, year_end = dates.year
    assert year_start <= start <= today <= end <= year_end


def test_every_date_follows_from_the_day_it_is_built():
    """The same people whatever the day: only the dates move (a leap year in a birth window too)."""

    def people():
        return sorted(
            Family.objects.values_list("name", "visitor_preference", "interpreter_language", "pupils__first_name")
        )

    with clock_at(DAYS[0]):
        build_demo()
        first = people()
        birthdays = dict(
            Family.objects.values_list("pupils__external_id", "pupils__date_of_birth").exclude(pupils__isnull=True)
        )
    Visit.objects.all().delete()
    School.objects.all().delete()
    User.objects.all().delete()
    with clock_at(DAYS[1]):
        build_demo()
        assert people() == first
        later = dict(
            Family.objects.values_list("pupils__external_id", "pupils__date_of_birth").exclude(pupils__isnull=True)
        )
    # Three school years later (2028-2029 -> 2031-2032), give or take a day for a leap year.
    assert {(later[pupil] - born).days for pupil, born in birthdays.items()} <= {1094, 1095, 1096}
    assert SchoolYear.objects.filter(label="2031-2032").count() == 2


def test_demo_staff_have_genders_and_families_have_wishes_and_interpreters_to_try_every_rule():
    build_demo()
    staff = User.objects.filter(memberships__school__brin="12AB").distinct()
    assert not staff.filter(gender=User.Gender.UNKNOWN).exists()
    assert User.objects.get(email="leerkracht@demo.test").gender == User.Gender.FEMALE
    assert staff.filter(gender=User.Gender.MALE, memberships__role="teacher").exists()
    # In the teacher persona's own group: each visitor wish, and interpreters the school or the family arranges.
    group3 = Family.objects.filter(pupils__group__name="Groep 3", school__brin="12AB")
    assert group3.filter(visitor_preference=Family.VisitorPreference.FEMALE_ONLY).exists()
    assert group3.filter(visitor_preference=Family.VisitorPreference.NO_MAN_ALONE).exists()
    needs = group3.filter(interpreter_needed=True)
    assert needs.filter(interpreter_arranged_by=Family.InterpreterArrangedBy.SCHOOL).exists()
    assert needs.filter(interpreter_arranged_by=Family.InterpreterArrangedBy.FAMILY).exists()
    assert not needs.filter(interpreter_language="").exists()
    # A planned or held visit to a family that needs an interpreter has one, in the family's language.
    for visit in Visit.objects.filter(school__brin="12AB", family__interpreter_needed=True).exclude(starts_at=None):
        if visit.family.interpreter_arranged_by == Family.InterpreterArrangedBy.FAMILY:
            assert visit.family_interpreter
        elif visit.interpreter is not None:
            assert visit.family.interpreter_language in visit.interpreter.languages
            assert visit.meeting_point


@pytest.mark.django_db
def test_the_demo_lets_every_family_rule_be_tried():
    """Consent recorded where the school books the interpreter, and families that keep Ramadan."""
    build_demo(today=datetime.date(2029, 3, 1))
    booked = Family.objects.filter(interpreter_needed=True, interpreter_arranged_by="school")
    assert booked.exists()
    assert not booked.exclude(interpreter_consent=Family.InterpreterConsent.YES).exists()
    assert Family.objects.filter(keeps_ramadan=True).exists()
    assert Family.objects.filter(keeps_ramadan=False).exists()
