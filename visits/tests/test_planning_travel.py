"""The planner keeps the real travel time between a person's visits (visits.geo.travel), the
programme's fixed buffer (15 minutes) only where a family's address has no point."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from visits.geo.travel import family_point, travel_minutes
from visits.models import Family, Visit
from visits.services import VisitPlan, visit_open, visit_schedule
from visits.tests.factories import PupilFactory
from visits.tests.helpers import at

S = Visit.Status
LAT, LNG = Decimal("52.090000"), Decimal("5.120000")
NEAR = Decimal("0.007200")  # 0.8 km north: 5 minutes by bike
FAR = Decimal("0.108000")  # 12 km north: 65 minutes by bike


@pytest.fixture
def visit(pupil, school_year, teacher, family, programme, women):
    Family.objects.filter(pk=family.pk).update(latitude=LAT, longitude=LNG)
    return visit_open(pupil=pupil, school_year=school_year, by=teacher)


def plan(visitor, starts_at, **changes):
    values = {
        "starts_at": starts_at,
        "duration_minutes": 60,
        "lead_visitor": visitor,
        "family_interpreter": "Oom Karim",
        "agenda": "Kennismaken",
    }
    values.update(changes)
    return VisitPlan(**values)


def other_visit(school, school_year, visitor, starts_at, *, north=None, **extra):
    """A planned visit from 18:00 to 19:00 at a family ``north`` degrees from the visit's family."""
    pupil = PupilFactory(school=school)
    if north is not None:
        Family.objects.filter(pk=pupil.family_id).update(latitude=LAT + north, longitude=LNG)
    other = visit_open(pupil=pupil, school_year=school_year, by=visitor)
    Visit.objects.filter(pk=other.pk).update(status=S.SCHEDULED, starts_at=starts_at, duration_minutes=60, **extra)
    return other


def refused(excinfo) -> str:
    return " ".join(m for messages in excinfo.value.message_dict.values() for m in messages)


def minutes_between(programme, a, b):
    a.family.refresh_from_db()
    b.family.refresh_from_db()
    return travel_minutes(programme, family_point(a.family), family_point(b.family))


def test_a_family_nearby_fits_after_a_shorter_gap_than_the_fixed_buffer(visit, teacher, school, school_year, programme):
    other = other_visit(school, school_year, teacher, at(4, 18), north=NEAR)
    assert minutes_between(programme, other, visit) == 5 < programme.travel_minutes == 15
    visit = visit_schedule(visit=visit, by=teacher, plan=plan(teacher, at(4, 19, 10)))
    assert visit.status == S.SCHEDULED and visit.starts_at == at(4, 19, 10)


def test_a_family_nearby_still_needs_its_few_minutes(visit, teacher, school, school_year):
    other_visit(school, school_year, teacher, at(4, 18), north=NEAR)
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(teacher, at(4, 19, 3)))
    assert "Reken ook de reistijd mee (5 min)." in refused(excinfo)


@pytest.mark.parametrize("starts_at", [at(4, 19, 30), at(4, 16, 30)], ids=["after", "before"])
def test_a_family_far_away_needs_the_whole_ride(visit, teacher, school, school_year, programme, starts_at):
    other = other_visit(school, school_year, teacher, at(4, 18), north=FAR)
    assert minutes_between(programme, other, visit) == 65
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(teacher, starts_at))
    assert (
        "Fatima Bakker heeft dan al een huisbezoek (woensdag 4 november 18:00, 60 min). "
        "Reken ook de reistijd mee (65 min)." in refused(excinfo)
    )
    visit.refresh_from_db()
    assert visit.starts_at is None and visit.status != S.SCHEDULED
    visit = visit_schedule(
        visit=visit, by=teacher, plan=plan(teacher, at(4, 20, 5), duration_minutes=55)
    )  # 19:00 + 65 min: just in time
    assert visit.starts_at == at(4, 20, 5)


def test_the_interpreter_travels_too(visit, teacher, colleague, school, school_year, rif_interpreter):
    far = other_visit(school, school_year, colleague, at(4, 18), north=FAR, interpreter=rif_interpreter)
    with_interpreter = {"interpreter": rif_interpreter, "family_interpreter": "", "meeting_point": "Hoek"}
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(teacher, at(4, 19, 30), **with_interpreter))
    assert "De tolk Hafsa Ouali is dan al geboekt" in refused(excinfo)
    assert "Reken ook de reistijd mee (65 min)." in refused(excinfo)
    assert list(excinfo.value.message_dict) == ["interpreter"]

    Family.objects.filter(pk=far.family_id).update(latitude=LAT + NEAR)
    visit = visit_schedule(visit=visit, by=teacher, plan=plan(teacher, at(4, 19, 10), **with_interpreter))
    assert visit.interpreter == rif_interpreter and visit.starts_at == at(4, 19, 10)


def test_a_family_without_a_point_keeps_the_fixed_buffer(visit, teacher, school, school_year):
    Family.objects.filter(pk=visit.family_id).update(latitude=None, longitude=None)
    other_visit(school, school_year, teacher, at(4, 18), north=NEAR)
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(teacher, at(4, 19, 10)))
    assert "Reken ook de reistijd mee (15 min)." in refused(excinfo)
    visit = visit_schedule(visit=visit, by=teacher, plan=plan(teacher, at(4, 19, 15)))
    assert visit.starts_at == at(4, 19, 15)
