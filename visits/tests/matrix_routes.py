"""Permission-matrix rows of the evening route (visits/routes), merged into visits/tests/matrix.py.

The sample evening is the teacher's: the teacher, directie, care coordinator and administrator
open it; the colleague (another teacher) and the outsider get a 404; accepting a proposal is for
the teacher on their own evening only. The season view is every teacher's own.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from huisbezoek.testing.matrix import LOGIN, REDIRECT, Row, staff
from visits.models import Group, Visit
from visits.tests.factories import PupilFactory, VisitFactory

SEE_EVENING = {
    "anonymous": LOGIN,
    "teacher": 200,
    "colleague": 404,
    "directie": 200,
    "care_coordinator": 200,
    "administrator": 200,
    "interpreter": 403,
    "outsider": 404,
}
EVENING = {"teacher": "evening_teacher", "day": "evening_day"}

ROWS: dict[str, Row] = {
    "visits:evening_mine": Row({**staff(REDIRECT), "interpreter": 403}),
    "visits:evening": Row(SEE_EVENING, kwargs=EVENING),
    "visits:evening_pdf": Row(SEE_EVENING, kwargs=EVENING),
    # Nothing valid to take over: the teacher is sent back to the evening with the reason.
    "visits:evening_accept": Row(
        {**SEE_EVENING, "teacher": REDIRECT, "directie": 403, "care_coordinator": 403, "administrator": 403},
        method="post",
        kwargs=EVENING,
        data={"plan": "0@17:00"},
    ),
    "visits:season": Row({**staff(403), "teacher": 200, "colleague": 200, "outsider": 200}),
}


def sample_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    """The teacher's evening with two planned visits to families with a known place, so the pages
    show the map links (checked by test_security_every_url: coordinates only)."""
    teacher = personas["teacher"]
    group = Group.objects.filter(school=school, group_teachers__teacher=teacher).first()
    for hour, longitude in ((16, "5.100000"), (17, "5.115000")):
        pupil = PupilFactory(
            school=school,
            group=group,
            family__school=school,
            family__latitude=Decimal("52.090000"),
            family__longitude=Decimal(longitude),
            family__location_source="manual",
        )
        VisitFactory(
            pupil=pupil,
            lead_visitor=teacher,
            status=Visit.Status.SCHEDULED,
            starts_at=timezone.make_aware(datetime.datetime(2026, 11, 10, hour, 0)),
            duration_minutes=60,
        )
    return {"evening_teacher": teacher.pk, "evening_day": "2026-11-10"}
