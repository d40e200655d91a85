"""Who may read a submitted report's key points and agreements, per pupil, to copy them into the
school's pupil administration (see ``huisbezoek/access.py`` for the pattern).

A report is read per pupil of its visit (siblings share a visit and a report). Its content is
for the pupil's teachers, the visitors who wrote it and the care coordinator — the rule of the
pupil file (``visits.reports.views.pupil_file``). The administrator, who copies the reports into
the pupil administration, reads them in the list and the school's CSV, and ticks them off.
Directie follows the numbers only. Another school's report, or one without a relation to the
user, answers 404. Confidential notes and the reason of a flag are never part of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from huisbezoek import audit
from huisbezoek.access import Actor
from huisbezoek.models import Role

from .. import audit_types
from ..models import Report, VisitPupil

if TYPE_CHECKING:
    from huisbezoek.models import User


def _submitted(actor: Actor) -> QuerySet[VisitPupil]:
    return VisitPupil.objects.filter(visit__school=actor.school, visit__report__status=Report.Status.SUBMITTED)


def readers_q(user: User) -> Q:
    """The pupil's teachers, and the visitors (the author among them)."""
    return (
        Q(pupil__group__group_teachers__teacher=user)
        | Q(visit__report__author=user)
        | Q(visit__lead_visitor=user)
        | Q(visit__colleague=user)
    )


def pupil_reports_readable_by(actor: Actor) -> QuerySet[VisitPupil]:
    """The pupils of submitted reports whose content the actor may read (for the per-pupil files)."""
    if actor.school is None or not actor.user.is_authenticated:
        return VisitPupil.objects.none()
    rows = _submitted(actor)
    if Role.CARE_COORDINATOR in actor.roles:
        return rows
    if Role.TEACHER in actor.roles:
        # A subquery rather than DISTINCT: the join through group teachers may repeat a row.
        return rows.filter(pk__in=rows.filter(readers_q(actor.user)).values("pk"))
    return VisitPupil.objects.none()


def pupil_reports_to_copy_for(actor: Actor) -> QuerySet[VisitPupil]:
    """The pupils of submitted reports the actor copies into the pupil administration: the
    administrator every one of the school, a teacher those they may read."""
    if actor.school is None or not actor.user.is_authenticated:
        return VisitPupil.objects.none()
    if Role.ADMINISTRATOR in actor.roles:
        return _submitted(actor)
    return pupil_reports_readable_by(actor)


def can_export_school(actor: Actor) -> bool:
    """The administrator downloads the reports of a whole group or school year at once."""
    return actor.school is not None and Role.ADMINISTRATOR in actor.roles


def get_pupil_report_for(actor: Actor, pupil_pk: int, report_pk: int) -> VisitPupil:
    """One pupil's submitted report the actor may read (404 otherwise); the attempt is audited
    as an export of the report, allowed or refused."""
    return audit.audited(
        lambda: get_object_or_404(
            pupil_reports_readable_by(actor)
            .select_related(
                "pupil__group",
                "school_year",
                "visit__school",
                "visit__lead_visitor",
                "visit__colleague",
                "visit__report__copied_to_pupil_file_by",
            )
            .defer("visit__report__confidential_notes", "visit__report__flag_reason"),
            pupil_id=pupil_pk,
            visit__report__pk=report_pk,
        ),
        user=actor.user,
        school=actor.school,
        object_type=audit_types.REPORT,
        object_id=report_pk,
        action=audit.Action.EXPORT,
    )


def get_report_to_copy_for(actor: Actor, report_pk: int) -> Report:
    """A submitted report the actor may tick off as copied (404 otherwise, and the refusal is
    audited; the tick itself is recorded by its service)."""
    visible = pupil_reports_to_copy_for(actor).filter(visit__report__pk=report_pk)
    return audit.refusal_audited(
        lambda: get_object_or_404(
            Report.objects.filter(pk__in=visible.values("visit__report__pk")).defer("confidential_notes", "flag_reason")
        ),
        user=actor.user,
        school=actor.school,
        object_type=audit_types.REPORT,
        object_id=report_pk,
    )
