"""Permission-matrix rows for every URL of the visits app (read by huisbezoek/tests/test_permission_matrix.py).

The sample visit belongs to ``pupil`` (in the teacher's group) and is led by the teacher;
``colleague`` teaches another group and has no relation to it.
"""

import datetime
import secrets
from typing import Any

from django.utils import timezone

from huisbezoek.testing.matrix import LOGIN, REDIRECT, Row, everyone, staff
from visits import services
from visits.booking.services import token_hash
from visits.interpreting import services as interpreting
from visits.models import (
    AvailabilityWindow,
    BookingInvitation,
    BookingRequest,
    InterpreterBooking,
    Programme,
    Pupil,
    SchoolCalendarEntry,
    Visit,
)
from visits.tests.factories import InterpreterFactory, PupilFactory, ReportFactory, VisitFactory

from . import matrix_admin, matrix_care, matrix_routes

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


def calendar_keepers(answer: Any) -> dict[str, Any]:
    return {**staff(403), "directie": answer, "administrator": answer}


READ_REPORT = {**SEE_VISIT, "directie": 403, "administrator": 403, "interpreter": 403}

ROWS: dict[str, Row] = {
    **matrix_admin.ROWS,
    **matrix_care.ROWS,
    **matrix_routes.ROWS,
    "visits:pupil_list": Row({**staff(200), "interpreter": 403}),
    "visits:family_detail": Row(SEE_VISIT, kwargs={"pk": "family"}),
    # The mentor (the teacher) and the administrator keep the card; directie and care read it.
    "visits:family_edit": Row(
        {**SEE_VISIT, "directie": 403, "care_coordinator": 403, "interpreter": 403}, kwargs={"pk": "family"}
    ),
    # The pin (where the family lives, when the address is not found): the same people as the card.
    "visits:family_location": Row(
        {**SEE_VISIT, "directie": 403, "care_coordinator": 403, "interpreter": 403}, kwargs={"pk": "family"}
    ),
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
    # Out to the pupil administration: the files for those who read the report (its pupil's teacher,
    # the care coordinator); the list and the tick for the teacher and the administrator; the CSV of
    # the year for the administrator only.
    "visits:pupil_file_pdf": Row(READ_REPORT, kwargs={"pk": "reported_pupil", "report": "report"}),
    "visits:pupil_file_csv": Row(READ_REPORT, kwargs={"pk": "reported_pupil", "report": "report"}),
    "visits:reports_to_copy": Row(
        {**staff(403), "teacher": 200, "colleague": 200, "administrator": 200, "outsider": 200}
    ),
    "visits:reports_csv": Row({**staff(403), "administrator": 200}),
    "visits:report_copied": Row(
        {**READ_REPORT, "teacher": REDIRECT, "care_coordinator": 403, "administrator": REDIRECT},
        method="post",
        kwargs={"pk": "report"},
    ),
    # A capability link: whoever holds the secret token gets the feed, with or without log-in.
    "visits:calendar_feed": Row(everyone(200), kwargs={"token": "feed_token"}),
    # An interpreter's own booking link: whoever holds it sees that one booking (no log-in, no cookie).
    "visits:interpreter_booking": Row(everyone(200), kwargs={"token": "interpreter_token"}),
    # The school calendar: directie and administrator keep it; another school's entry is a 404.
    "visits:school_calendar": Row(calendar_keepers(200)),
    "visits:school_calendar_add": Row(calendar_keepers(200)),
    "visits:school_calendar_edit": Row(calendar_keepers(200), kwargs={"pk": "calendar_entry"}),
    "visits:school_calendar_delete": Row(calendar_keepers(REDIRECT), method="post", kwargs={"pk": "calendar_entry"}),
    # Availability: everyone who visits marks their own times; the administrator those of interpreters
    # without an account; a window is removed only by whoever keeps it.
    "visits:availability": Row(staff(200)),
    "visits:interpreter_availability": Row(
        {**staff(403), "administrator": 200, "interpreter": 404}, kwargs={"pk": "unlinked_interpreter"}
    ),
    "visits:availability_delete": Row(
        {**staff(404), "teacher": REDIRECT}, method="post", kwargs={"pk": "teacher_window"}
    ),
    # Parents choosing their own time: the teacher invites for their own visits and confirms what
    # parents asked; the parents' page is a capability link (no log-in).
    "visits:booking_invite": Row({**staff(403), "teacher": 200, "colleague": 200, "outsider": 200}),
    "visits:booking_request_confirm": Row(
        TEACHER_ONLY_WRITE, method="post", kwargs={"pk": "visit", "request_pk": "booking_request"}
    ),
    "visits:booking_page": Row(everyone(200), kwargs={"token": "booking_token"}),
    "visits:booking_page_language": Row(
        everyone(200), kwargs={"token": "booking_token", "language": "booking_language"}
    ),
}


def _booking_token(visit: Visit) -> str:
    token = secrets.token_urlsafe(32)
    BookingInvitation.objects.create(
        school=visit.school,
        visit=visit,
        token_hash=token_hash(token),
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    return token


def sample_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    teacher = personas["teacher"]
    pupil = Pupil.objects.filter(school=school, group__group_teachers__teacher=teacher).select_related("group").first()
    year = pupil.group.school_year
    Programme.objects.get_or_create(
        school=school, school_year=year, defaults={"period_start": year.start, "period_end": year.end}
    )
    visit = services.visit_open(pupil=pupil, school_year=year, by=teacher)
    # A pupil of its own with a submitted report, apart from the sample visit still to plan.
    reported = PupilFactory(school=school, group=pupil.group, first_name="Sem")
    report = ReportFactory(visit=VisitFactory(pupil=reported, lead_visitor=teacher, status=Visit.Status.REPORTED))
    interpreter_token = "matrix-interpreter-token-" + "x" * 24
    InterpreterBooking.objects.create(
        school=school,
        visit=visit,
        interpreter=InterpreterFactory(school=school),
        token_hash=interpreting.token_hash(interpreter_token),
        starts_at=timezone.now() + datetime.timedelta(days=30),
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    return {
        **matrix_admin.sample_objects(personas, school),
        **matrix_care.sample_objects(personas, school),
        **matrix_routes.sample_objects(personas, school),
        "pupil": pupil.pk,
        "family": pupil.family_id,
        "visit": visit.pk,
        "visit_version": visit.version,
        "reported_pupil": reported.pk,
        "report": report.pk,
        "feed_token": services.calendar_feed_renew(user=teacher, school=school),
        "unlinked_interpreter": InterpreterFactory(school=school, user=None).pk,
        "teacher_window": AvailabilityWindow.objects.create(
            school=school, user=teacher, date=year.start, start=datetime.time(18), end=datetime.time(20)
        ).pk,
        "booking_request": BookingRequest.objects.create(school=school, visit=visit, kind="phone_call").pk,
        "booking_token": _booking_token(visit),
        "booking_language": "tr",
        "interpreter_token": interpreter_token,
        "calendar_entry": SchoolCalendarEntry.objects.create(
            school=school, kind="study_day", start=year.start, end=year.start, label="Studiedag"
        ).pk,
    }
