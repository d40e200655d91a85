"""Which groups, pupils, families and visits a user may see at their current school.

A teacher sees the groups they teach and those groups' pupils and families; directie,
care coordinator and administrator see every group of the school. Nobody sees anything
of another school. See ``huisbezoek/access.py`` for the pattern.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from huisbezoek import audit
from huisbezoek.access import Actor
from huisbezoek.models import Membership, Role, User

from . import audit_types
from .models import Family, Group, GroupTeacher, Pupil, SchoolCalendarEntry, Visit

M = TypeVar("M", Group, Pupil, Family, Visit)

SCHOOL_WIDE_ROLES = frozenset({Role.DIRECTIE, Role.CARE_COORDINATOR, Role.ADMINISTRATOR})


def _scoped(model: type[M], actor: Actor, teaches: Q) -> QuerySet[M]:
    """``model``'s rows of the actor's school: all of them for school-wide roles, those
    matching ``teaches`` for a teacher, none for anyone else."""
    user, school, roles = actor.user, actor.school, actor.roles
    if school is None or not user.is_authenticated:
        return model.objects.none()
    qs = model.objects.filter(school=school)
    if roles & SCHOOL_WIDE_ROLES:
        return qs
    if Role.TEACHER in roles:
        # A subquery rather than DISTINCT, so callers can annotate and order freely.
        return qs.filter(pk__in=model.objects.filter(teaches, school=school).values("pk"))
    return model.objects.none()


def groups_visible_to(actor: Actor) -> QuerySet[Group]:
    return _scoped(Group, actor, Q(group_teachers__teacher=actor.user))


def pupils_visible_to(actor: Actor) -> QuerySet[Pupil]:
    return _scoped(Pupil, actor, Q(group__group_teachers__teacher=actor.user))


def families_visible_to(actor: Actor) -> QuerySet[Family]:
    return _scoped(Family, actor, Q(pupils__group__group_teachers__teacher=actor.user))


def visits_visible_to(actor: Actor) -> QuerySet[Visit]:
    """Visits a user may open: school-wide roles all of the school's; a teacher those they
    make or join, and those of pupils in the groups they teach."""
    user = actor.user
    mine = Q(lead_visitor=user) | Q(colleague=user) | Q(pupils__group__group_teachers__teacher=user)
    return _scoped(Visit, actor, mine)


def can_change_visit(actor: Actor, visit: Visit) -> bool:
    """Planning and logging is for the teachers involved; directie and care look on."""
    if Role.TEACHER not in actor.roles:
        return False
    if actor.user.pk in (visit.lead_visitor_id, visit.colleague_id):
        return True
    return visit.pupils.filter(group__group_teachers__teacher=actor.user).exists()


def get_visit_for(actor: Actor, pk: int, *, write: bool = False) -> Visit:
    """One visit the user may see (404 otherwise); with ``write`` one they may change (403).

    Every read is recorded in the audit trail, and so is every refusal (the visit page
    shows the report's key points)."""

    user, school = actor.user, actor.school

    def lookup() -> Visit:
        visit = get_object_or_404(
            visits_visible_to(actor).select_related("family", "lead_visitor", "colleague", "interpreter"),
            pk=pk,
        )
        if write and not can_change_visit(actor, visit):
            raise PermissionDenied
        return visit

    if write:
        # Changes are recorded by the services that make them; only a refusal is recorded here.
        return audit.refusal_audited(lookup, user=user, school=school, object_type=audit_types.VISIT, object_id=pk)
    return audit.audited(lookup, user=user, school=school, object_type=audit_types.VISIT, object_id=pk)


def can_edit_family(actor: Actor, family: Family) -> bool:
    """The family card is kept by the mentor of one of the family's pupils (who makes the first
    phone call) and by the school's administrator; directie, care and subject teachers read it."""
    if actor.school is None or family.school_id != actor.school.pk or not actor.user.is_authenticated:
        return False
    if Role.ADMINISTRATOR in actor.roles:
        return True
    if Role.TEACHER not in actor.roles:
        return False
    return GroupTeacher.objects.filter(
        teacher=actor.user, kind=GroupTeacher.Kind.MENTOR, group__pupils__family=family, group__school=actor.school
    ).exists()


def get_family_for(actor: Actor, pk: int, *, write: bool = False) -> Family:
    """One family card the user may see (404 otherwise); with ``write`` one they may edit (403).

    Every read is recorded in the audit trail, and so is a refused edit (the edit itself is
    recorded by the service that makes it)."""
    user, school, roles = actor.user, actor.school, actor.roles
    families = families_visible_to(actor)
    if Role.TEACHER in roles and not roles & SCHOOL_WIDE_ROLES:
        # A duo colleague visiting the family may open its card too.
        visiting = Family.objects.filter(school=school).filter(Q(visits__lead_visitor=user) | Q(visits__colleague=user))
        families = Family.objects.filter(Q(pk__in=families.values("pk")) | Q(pk__in=visiting.values("pk")))

    def lookup() -> Family:
        family = get_object_or_404(families, pk=pk)
        if write and not can_edit_family(actor, family):
            raise PermissionDenied
        return family

    if write:
        family = audit.refusal_audited(lookup, user=user, school=school, object_type=audit_types.FAMILY, object_id=pk)
        # The edit page shows the whole card: a read; the service records the change itself.
        audit.record(
            user=user,
            school=school,
            object_type=audit_types.FAMILY,
            object_id=pk,
            action=audit.Action.READ,
            allowed=True,
        )
        return family
    return audit.audited(lookup, user=user, school=school, object_type=audit_types.FAMILY, object_id=pk)


def get_pupil_for(actor: Actor, pk: int) -> Pupil:
    return get_object_or_404(pupils_visible_to(actor).select_related("family", "group"), pk=pk)


def can_see_sensitivities(actor: Actor) -> bool:
    """Directie follows progress, not family details; interpreters get only what they need."""
    return actor.has_role(Role.TEACHER, Role.CARE_COORDINATOR, Role.ADMINISTRATOR)


def teaches_pupil(user: User, pupil: Pupil) -> bool:
    """Whether the user teaches the pupil's group (this year's relation to the pupil)."""
    return pupil.group is not None and pupil.group.group_teachers.filter(teacher=user).exists()


# The school's own calendar (its holidays, study days, evenings without visits) is kept by the
# directie and the administrator; teachers meet it when the planner refuses a day.
CALENDAR_ROLES = frozenset({Role.DIRECTIE, Role.ADMINISTRATOR})


def calendar_entries_visible_to(actor: Actor) -> QuerySet[SchoolCalendarEntry]:
    """The entries of the actor's school calendar, for its directie and administrator only."""
    if actor.school is None or not actor.user.is_authenticated or not actor.roles & CALENDAR_ROLES:
        return SchoolCalendarEntry.objects.none()
    return SchoolCalendarEntry.objects.filter(school=actor.school)


def get_calendar_entry_for(actor: Actor, pk: int) -> SchoolCalendarEntry:
    """One entry of the actor's school calendar; 404 for another school's or an unknown one."""
    return get_object_or_404(calendar_entries_visible_to(actor), pk=pk)


# The evening route (visits/routes): a visitor's own evening; the school-wide roles may look at
# a visitor's evening of their school (the visits they may see anyway). Anyone else: 404.
VISITING_ROLES = frozenset({Role.TEACHER, Role.DIRECTIE, Role.CARE_COORDINATOR})


def get_evening_visitor_for(actor: Actor, pk: int) -> User:
    """The visitor whose evening the actor may open: themselves, or for directie, care coordinator
    and administrator a visiting staff member of their school; 404 otherwise (a teacher never
    opens a colleague's evening)."""
    if actor.school is None or not actor.user.is_authenticated:
        raise Http404
    if pk == actor.user.pk:
        return actor.user
    if not actor.roles & SCHOOL_WIDE_ROLES:
        raise Http404
    staff = Membership.objects.filter(school=actor.school, role__in=VISITING_ROLES).values("user_id")
    return get_object_or_404(User.objects.filter(pk__in=staff), pk=pk)
