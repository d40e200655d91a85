"""Demo families can choose their own time: the teachers and the interpreter have evenings free,
every family has a place on the map, so the slot engine offers times (built on a frozen day)."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from bench.booking import self_booking_share
from demo.builder import build_demo
from huisbezoek.models import User
from visits.booking.slots import offer_slots
from visits.models import AvailabilityWindow, Family, Group, GroupTeacher, Interpreter, Visit
from visits.selectors import school_holiday
from visits.services import visit_open
from visits.tests.helpers import clock_at

pytestmark = pytest.mark.django_db

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
MOMENT = datetime.datetime(2029, 3, 1, 10, 0, tzinfo=AMS)  # a Thursday in the visit season


def test_demo_teachers_and_interpreter_have_evenings_and_families_have_places():
    with clock_at(MOMENT):
        build_demo()
        today = timezone.localdate()
        teacher = User.objects.get(email="leerkracht@demo.test")
        tolk = Interpreter.objects.get(user__email="tolk@demo.test")
        mine = AvailabilityWindow.objects.filter(user=teacher)
        assert mine.count() >= 3 * 5  # three evenings a week over the six weeks ahead
        assert AvailabilityWindow.objects.filter(interpreter=tolk).count() > mine.count()
        for window in mine:
            assert window.date >= today
            assert window.date.weekday() < 5
            assert not school_holiday(window.date, "middle")
            assert (window.start, window.end) == (datetime.time(17, 30), datetime.time(20, 30))
        families = Family.objects.filter(school__brin="12AB")
        assert not families.filter(latitude__isnull=True).exists()
        assert set(families.values_list("location_source", flat=True)) == {Family.LocationSource.GEOCODED}
        lats = sorted(float(v) for v in families.values_list("latitude", flat=True))
        assert 52.07 < lats[0] < lats[-1] < 52.14  # around the school in the north of Utrecht
        assert len(set(lats)) > len(lats) * 0.9  # spread, not one spot


def test_most_of_the_teachers_families_to_plan_get_a_time_and_the_share_that_can_book():
    with clock_at(MOMENT):
        build_demo()
        group = Group.objects.get(school__brin="12AB", name="Groep 3")
        teacher = GroupTeacher.objects.get(group=group, kind=GroupTeacher.Kind.MENTOR).teacher
        now = timezone.now()
        offered = []
        for pupil in group.pupils.order_by("pk"):
            visit = visit_open(pupil=pupil, school_year=group.school_year, by=teacher)
            if visit.status == Visit.Status.TO_PLAN:
                offered.append(bool(offer_slots(visit=visit, now=now)))
        assert len(offered) >= 15
        assert sum(offered) > len(offered) * 0.75

        share = self_booking_share(now=now)
        print(f"Groep 3: {share.bookable} of {share.families} families could book themselves ({share.percent:.0f}%)")
        assert share.families == Family.objects.filter(pupils__group=group).distinct().count()
        assert 0 < share.bookable <= share.families
