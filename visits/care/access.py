"""Who may see which meldcode cases and consults (see ``huisbezoek/access.py`` for the pattern).

The care coordinator sees every case and consult of the school. A teacher sees the cases of
pupils they teach and of reports they wrote, but only their status: the view never shows a
teacher the content of a case. Directie follows the numbers (``selectors.care_counts``), never
a case; everyone else, and every other school, gets a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from huisbezoek import audit
from huisbezoek.access import Actor
from huisbezoek.models import Membership, Role, School

from .. import audit_types
from ..models import CareCase, Consult

if TYPE_CHECKING:
    from huisbezoek.models import User

M = TypeVar("M", bound=Model)


def is_care_coordinator(user: User, school: School) -> bool:
    """Read from the memberships (not the request), so services can ask it too."""
    return Membership.objects.filter(
        user=user, user__is_active=True, school=school, role=Role.CARE_COORDINATOR
    ).exists()


def teacher_involved_q(user: User) -> Q:
    """Cases of pupils the teacher teaches, or opened from a report the teacher wrote."""
    return Q(pupil__group__group_teachers__teacher=user) | Q(report__author=user)


def _scoped(actor: Actor, model: type[M], teacher_part: Callable[[QuerySet[M], User], QuerySet[M]]) -> QuerySet[M]:
    """The school's rows for the care coordinator, ``teacher_part`` of them for a teacher, else none."""
    user, school = actor.user, actor.school
    if school is None or not user.is_authenticated:
        return model._default_manager.none()
    rows = model._default_manager.filter(school=school)
    if Role.CARE_COORDINATOR in actor.roles:
        return rows
    if Role.TEACHER in actor.roles:
        return teacher_part(rows, user)
    return model._default_manager.none()


def cases_visible_to(actor: Actor) -> QuerySet[CareCase]:
    # A subquery rather than DISTINCT: the join through group teachers may repeat a case.
    return _scoped(
        actor, CareCase, lambda cases, user: cases.filter(pk__in=cases.filter(teacher_involved_q(user)).values("pk"))
    )


def can_see_case_content(actor: Actor) -> bool:
    """Entries, the flag's reason and confidential notes are for the care coordinator only."""
    return Role.CARE_COORDINATOR in actor.roles


def get_case_for(actor: Actor, pk: int) -> CareCase:
    """One case the user may see, else 404; the read or the refusal goes into the audit trail."""
    return audit.audited(
        lambda: get_object_or_404(
            cases_visible_to(actor).select_related(
                "pupil", "pupil__group", "report", "report__author", "report__visit", "opened_by", "closed_by"
            ),
            pk=pk,
        ),
        user=actor.user,
        school=actor.school,
        object_type=audit_types.CARE_CASE,
        object_id=pk,
    )


def consults_visible_to(actor: Actor) -> QuerySet[Consult]:
    """The care coordinator answers every consult of the school; a teacher sees their own."""
    return _scoped(actor, Consult, lambda consults, user: consults.filter(asked_by=user))


def get_consult_for(actor: Actor, pk: int) -> Consult:
    """One consult the user may see, else 404; the read or the refusal goes into the audit trail."""
    return audit.audited(
        lambda: get_object_or_404(
            consults_visible_to(actor).select_related("asked_by", "answered_by", "visit", "visit__family"),
            pk=pk,
        ),
        user=actor.user,
        school=actor.school,
        object_type=audit_types.CONSULT,
        object_id=pk,
    )
