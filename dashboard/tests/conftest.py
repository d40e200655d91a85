"""The dashboard's tests run on the visits tests' fixed clock (see visits/tests/helpers.py), with a
season under way at the school."""

import pytest

from visits.models import Report, Visit
from visits.tests.dashboard_data import consult, make_visit
from visits.tests.factories import GroupFactory, GroupTeacherFactory, PupilFactory
from visits.tests.helpers import at, clock_at

S = Visit.Status


@pytest.fixture(autouse=True)
def fixed_clock():
    with clock_at():
        yield


@pytest.fixture
def season(school, school_year, programme, group, pupil, teacher, colleague, rif_interpreter):
    group5 = GroupFactory(school=school, school_year=school_year, name="Groep 5", grade=5)
    GroupTeacherFactory(group=group5, teacher=colleague)
    g3 = [pupil] + [PupilFactory(school=school, group=group) for _ in range(3)]
    g5 = [PupilFactory(school=school, group=group5) for _ in range(4)]
    make_visit([g3[0]], S.REPORTED, lead=teacher, minutes=(60, 20, 10), flag=Report.Urgency.ACUTE)
    g3[1].family.name = "Familie Achterop"
    g3[1].family.save()
    make_visit([g3[1]], S.TO_PLAN, lead=teacher, attempts=["no_answer", "no_answer", "wrong_number"])
    make_visit(
        [g3[2]],
        S.DECLINED,
        lead=teacher,
        decline_reason=Visit.DeclineReason.OTHER,
        decline_reason_other="Huis wordt verbouwd",
    )
    g5[0].family.name = "Familie Laat"
    g5[0].family.save()
    late = make_visit([g5[0]], S.VISITED, lead=colleague, starts_at=at(20, 19, month=10))
    make_visit(
        [g5[1]], S.SCHEDULED, lead=colleague, interpreter=rif_interpreter, starts_at=at(10, 19), attempts=["reached"]
    )
    g5[1].family.interpreter_needed, g5[1].family.interpreter_language = True, "rif"
    g5[1].family.save()
    consult(late, colleague)
    return {"group5": group5}
