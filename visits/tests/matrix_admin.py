"""Permission-matrix rows for the administrator's import, group and new-school-year pages (see visits/tests/matrix.py).

Only the school's administrator gets in; every other role is refused (403), the outsider
(teacher of another school) too, and anonymous users are sent to log in.
"""

from typing import Any

from huisbezoek.testing.matrix import LOGIN, REDIRECT, Row, staff
from visits.models import GroupTeacher


def admin_only(answer: Any) -> dict[str, Any]:
    return {**staff(403), "anonymous": LOGIN, "administrator": answer}


ROWS: dict[str, Row] = {
    "visits:import_upload": Row(admin_only(200)),
    # Without a token: back to the upload page with a message.
    "visits:import_confirm": Row(admin_only(REDIRECT), method="post"),
    "visits:import_example": Row(admin_only(200)),
    "visits:group_list": Row(admin_only(200)),
    "visits:group_teacher_add": Row(
        admin_only(REDIRECT),
        method="post",
        kwargs={"pk": "admin_group"},
        data={"teacher": "{admin_colleague}", "kind": "teacher"},
    ),
    "visits:group_teacher_remove": Row(admin_only(REDIRECT), method="post", kwargs={"pk": "admin_group_teacher"}),
    # The new school year: the preview (the start, a POST, is tested in test_school_years.py).
    "visits:year_start": Row(admin_only(200)),
}


def sample_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    link = GroupTeacher.objects.select_related("group").get(teacher=personas["teacher"], group__school=school)
    return {"admin_group": link.group_id, "admin_group_teacher": link.pk, "admin_colleague": personas["colleague"].pk}
