"""Permission-matrix rows for the care side (see visits/tests/matrix.py).

The sample case comes from a submitted, flagged report about a pupil in the teacher's group
(so the teacher is "teacher of the pupil"); ``colleague`` teaches another group. The queue and
the consult page are the care coordinator's (403 for other roles); a case is found only by
the care coordinator and the pupil's teachers, everyone else gets 404 — directie too: they
follow the numbers, never a case.
"""

import datetime
from typing import Any

from huisbezoek.testing.matrix import LOGIN, REDIRECT, Row, staff
from visits import services
from visits.care import services as services_care
from visits.models import Consult, Visit
from visits.tests.factories import PupilFactory, ReportFactory

CARE_ONLY = {**staff(403), "care_coordinator": 200}
NOT_FOUND = {**staff(404), "anonymous": LOGIN}
SEE_CASE = {**NOT_FOUND, "teacher": 200, "care_coordinator": 200}

ROWS: dict[str, Row] = {
    "visits:care_queue": Row(CARE_ONLY),
    "visits:care_case": Row(SEE_CASE, kwargs={"pk": "care_case"}),
    # A signal (step 1): the pupil's teacher and the care coordinator.
    "visits:care_entry_add": Row(
        {**NOT_FOUND, "teacher": REDIRECT, "care_coordinator": REDIRECT},
        method="post",
        kwargs={"pk": "care_case", "step": "care_step_signals"},
        data={"stap1-happened_on": "2026-11-02", "stap1-source": "own", "stap1-text": "Moe in de klas."},
    ),
    # The teacher may see the case but not close it.
    "visits:care_case_close": Row(
        {**NOT_FOUND, "teacher": 403, "care_coordinator": REDIRECT},
        method="post",
        kwargs={"pk": "care_case"},
        data={"afsluiten-outcome": "no_concern", "afsluiten-note": "Besproken, gaat goed."},
    ),
    "visits:care_consult": Row(CARE_ONLY, kwargs={"pk": "care_consult"}),
}


def sample_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    teacher, care = personas["teacher"], personas["care_coordinator"]
    group = teacher.group_links.select_related("group__school_year").get(group__school=school).group
    # A pupil of its own, so the sample report does not meet the visits matrix' own sample visit.
    pupil = PupilFactory(school=school, group=group, first_name="Noor")
    visit = services.visit_open(pupil=pupil, school_year=group.school_year, by=teacher)
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.REPORTED)
    report = ReportFactory(visit=visit, author=teacher, flagged_for_care=True)
    case = services_care.case_open_from_report(report=report, by=teacher)
    services_care.entry_add(
        case=case,
        step=1,
        by=care,
        happened_on=datetime.date(2026, 10, 30),
        text="Vaak moe en stil.",
        source="own",
    )
    consult = Consult.objects.create(
        school=school,
        school_year=group.school_year,
        asked_by=teacher,
        visit=visit,
        moment=Consult.Moment.BEFORE,
        question="Moet ik alleen gaan?",
    )
    return {"care_case": case.pk, "care_step_signals": 1, "care_consult": consult.pk}
