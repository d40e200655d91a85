"""Permission-matrix rows for the notifications app (read by huisbezoek/tests/test_permission_matrix.py).

The message log is the administrator's; the reminder settings belong to directie and administrator.
"""

from typing import Any

from huisbezoek.testing.matrix import REDIRECT, Row, staff
from notifications.models import Notification

ROWS: dict[str, Row] = {
    "notifications:log": Row({**staff(403), "administrator": 200}),
    "notifications:retry": Row({**staff(403), "administrator": REDIRECT}, method="post", kwargs={"pk": "notification"}),
    "visits:reminder_settings": Row({**staff(403), "directie": 200, "administrator": 200}),
}


def sample_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    failed = Notification.objects.create(
        school=school,
        key="matrix:failed",
        kind="parent_reminder",
        channel=Notification.Channel.SMS,
        address="+31612345678",
        body="Tot morgen.",
        status=Notification.Status.FAILED,
        attempts=5,
    )
    return {"notification": failed.pk}
