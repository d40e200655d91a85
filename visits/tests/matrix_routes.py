"""Permission-matrix rows of the evening route (visits/routes), merged into visits/tests/matrix.py.

The sample evening is the teacher's: the teacher, directie, care coordinator and administrator
open it; the colleague (another teacher) and the outsider get a 404; accepting a proposal is for
the teacher on their own evening only. The season view is every teacher's own.
"""

import datetime
from typing import Any

from huisbezoek.testing.matrix import LOGIN, REDIRECT, Row, staff

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
    return {"evening_teacher": personas["teacher"].pk, "evening_day": datetime.date(2026, 11, 10).isoformat()}
