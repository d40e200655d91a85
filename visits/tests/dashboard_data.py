"""Building blocks for the figures and dashboard tests: visits in a given state, made directly.

The services are tested elsewhere; here we need many visits in known states, fast.
"""

from __future__ import annotations

import datetime

from visits.models import Consult, ContactAttempt, Programme, Report, Visit
from visits.tests.factories import (
    CareCaseFactory,
    GroupFactory,
    GroupTeacherFactory,
    PupilFactory,
    ReportFactory,
    VisitFactory,
)
from visits.tests.helpers import at

S = Visit.Status


def make_visit(
    pupils,
    status,
    *,
    lead,
    attempts=(),
    minutes=None,
    flag=None,
    decline_reason="",
    decline_reason_other="",
    failure_reason="",
    failure_reason_other="",
    kind=Visit.Kind.HOME,
    interpreter=None,
    family_interpreter="",
    starts_at=None,
    report_status=Report.Status.SUBMITTED,
):
    """A visit of ``pupils`` (siblings: one family) with ``status``; ``attempts`` is a list of outcomes;
    ``minutes`` (visit, travel, report) writes a report; ``flag`` an urgency flags it."""
    first = pupils[0]
    if starts_at is None and status in (Visit.Status.SCHEDULED, Visit.Status.VISITED, Visit.Status.REPORTED):
        starts_at = at(4, 19)
    visit = VisitFactory(
        pupil=first,
        siblings=pupils[1:],
        lead_visitor=lead,
        status=status,
        starts_at=starts_at,
        duration_minutes=60 if starts_at else None,
        decline_reason=decline_reason,
        decline_reason_other=decline_reason_other,
        failure_reason=failure_reason,
        failure_reason_other=failure_reason_other,
        kind=kind,
        interpreter=interpreter,
        family_interpreter=family_interpreter,
    )
    ContactAttempt.objects.bulk_create(
        [
            ContactAttempt(visit=visit, at=at(1, 18) - datetime.timedelta(days=i), channel="phone", outcome=o, by=lead)
            for i, o in enumerate(attempts)
        ]
    )
    if minutes is not None or flag is not None:
        m_visit, m_travel, m_report = minutes or (None, None, None)
        report = ReportFactory(
            visit=visit,
            status=report_status,
            minutes_visit=m_visit,
            minutes_travel=m_travel,
            minutes_report=m_report,
            key_points="Geheime kern die nooit op het dashboard mag staan.",
            confidential_notes="Vertrouwelijk: nooit op het dashboard.",
            flagged=flag is not None,
            flag_urgency=flag or "",
            flag_reason="Reden die vertrouwelijk is." if flag else "",
        )
        if flag is not None and report_status == Report.Status.SUBMITTED:
            CareCaseFactory(report=report, pupil=first, urgency=flag)
    return visit


def consult(visit, by, *, answered=False):
    return Consult.objects.create(
        school=visit.school,
        school_year=visit.school_year,
        asked_by=by,
        visit=visit,
        moment=Consult.Moment.BEFORE,
        question="Vertrouwelijke vraag die nooit op het dashboard mag staan.",
        answered_by=by if answered else None,
        answered_at=at(2, 9) if answered else None,
        answer="Antwoord" if answered else "",
    )


def fill_school(school, year, n_groups, pupils_per_group, lead):
    """``n_groups`` groups of ``lead`` with pupils whose visits are in every state (for query counts)."""
    Programme.objects.get_or_create(
        school=school, school_year=year, defaults={"period_start": year.start, "period_end": year.end}
    )
    statuses = [S.REPORTED, S.SCHEDULED, S.DECLINED, S.TO_PLAN, S.UNREACHABLE]
    declines = [Visit.DeclineReason.NO_TIME, Visit.DeclineReason.PRIVACY, Visit.DeclineReason.OTHER]
    for g in range(n_groups):
        group = GroupFactory(school=school, school_year=year, grade=g % 8 + 1)
        GroupTeacherFactory(group=group, teacher=lead)
        for i in range(pupils_per_group):
            pupil = PupilFactory(school=school, group=group)
            status = statuses[i % len(statuses)]
            make_visit(
                [pupil],
                status,
                lead=lead,
                attempts=["no_answer"] * (i % 4),
                minutes=(60, 20, 20) if status == S.REPORTED else None,
                flag=Report.Urgency.NORMAL if i % 7 == 0 and status == S.REPORTED else None,
                decline_reason=declines[i % 3] if status == S.DECLINED else "",
                decline_reason_other="Eigen woorden" if status == S.DECLINED and i % 3 == 2 else "",
                failure_reason=Visit.FailureReason.UNREACHABLE if status == S.UNREACHABLE else "",
            )
