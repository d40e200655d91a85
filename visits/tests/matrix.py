"""Permission-matrix rows for every URL of the visits app (read by huisbezoek/tests/test_permission_matrix.py).

The sample visit belongs to ``pupil`` (in the teacher's group) and is led by the teacher;
``colleague`` teaches another group and has no relation to it.
"""

from typing import Any

from huisbezoek.testing.matrix import LOGIN, REDIRECT, Row, everyone, staff
from visits import services
from visits.models import Programme, Pupil

from . import matrix_admin, matrix_care

TEACHER_ONLY_WRITE = {
    "anonymous": LOGIN,
    "teacher": REDIRECT,
    "colleague": 404,
    "directie": 403,
    "care_coordinator": 403,
    "administrator": 403,
    "interpreter": 403,
    "outsider": 404,
}
SEE_VISIT = {
    "anonymous": LOGIN,
    "teacher": 200,
    "colleague": 404,
    "directie": 200,
    "care_coordinator": 200,
    "administrator": 200,
    "interpreter": 403,
    "outsider": 404,
}

ROWS: dict[str, Row] = {
    **matrix_admin.ROWS,
    **matrix_care.ROWS,
    "visits:pupil_list": Row({**staff(200), "interpreter": 403}),
    "visits:family_detail": Row(SEE_VISIT, kwargs={"pk": "family"}),
    "visits:visit_start": Row(TEACHER_ONLY_WRITE, method="post", kwargs={"pk": "pupil"}),
    "visits:visit_detail": Row(SEE_VISIT, kwargs={"pk": "visit"}),
    "visits:contact_create": Row(
        TEACHER_ONLY_WRITE,
        method="post",
        kwargs={"pk": "visit"},
        data={"day": "2026-11-02", "time": "09:00", "channel": "phone", "outcome": "no_answer"},
    ),
    "visits:visit_plan": Row({**TEACHER_ONLY_WRITE, "teacher": 200}, kwargs={"pk": "visit"}),
    "visits:visit_status": Row(
        TEACHER_ONLY_WRITE,
        method="post",
        kwargs={"pk": "visit"},
        data={"to_status": "cancelled", "failure_reason": "school_cancelled", "note": "", "version": "{visit_version}"},
    ),
    "visits:visit_prepare": Row(
        {**SEE_VISIT, "directie": 403, "care_coordinator": 403, "administrator": 403, "interpreter": 404},
        kwargs={"pk": "visit"},
    ),
    "visits:programme_edit": Row({**staff(403), "directie": 200}),
    # The sample visit has not happened yet: the teacher is sent back to it.
    "visits:report_edit": Row(TEACHER_ONLY_WRITE, kwargs={"pk": "visit"}),
    "visits:consult_create": Row(
        TEACHER_ONLY_WRITE, method="post", kwargs={"pk": "visit"}, data={"moment": "before", "question": "Tolk nodig?"}
    ),
    "visits:pupil_file": Row({**SEE_VISIT, "interpreter": 403}, kwargs={"pk": "pupil"}),
    "visits:calendar_settings": Row(staff(200)),
    "visits:calendar_renew": Row(staff(REDIRECT), method="post"),
    "visits:calendar_revoke": Row(staff(REDIRECT), method="post"),
    # A capability link: whoever holds the secret token gets the feed, with or without log-in.
    "visits:calendar_feed": Row(everyone(200), kwargs={"token": "feed_token"}),
}


def sample_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    teacher = personas["teacher"]
    pupil = Pupil.objects.filter(school=school, group__group_teachers__teacher=teacher).select_related("group").first()
    year = pupil.group.school_year
    Programme.objects.get_or_create(
        school=school, school_year=year, defaults={"period_start": year.start, "period_end": year.end}
    )
    visit = services.visit_open(pupil=pupil, school_year=year, by=teacher)
    return {
        **matrix_admin.sample_objects(personas, school),
        **matrix_care.sample_objects(personas, school),
        "pupil": pupil.pk,
        "family": pupil.family_id,
        "visit": visit.pk,
        "visit_version": visit.version,
        "feed_token": services.calendar_feed_renew(user=teacher, school=school),
    }
