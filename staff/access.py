"""Who may see the school's staff, invitations, interpreters and school years: the school's
administrator, for the current school only (see ``huisbezoek/access.py`` for the pattern).

Someone without a role at the administrator's school, an invitation, interpreter or school year
of another school: 404, the same answer as one that does not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from huisbezoek.access import Actor
from huisbezoek.models import Membership, Role, SchoolYear, User
from visits.selectors import interpreters_of

from .models import Invitation
from .tokens import TOKEN_MAX_LENGTH, token_hash

if TYPE_CHECKING:
    from visits.models import Interpreter


def _administers(actor: Actor) -> bool:
    return actor.school is not None and actor.user.is_authenticated and actor.has_role(Role.ADMINISTRATOR)


def _pk(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def memberships_visible_to(actor: Actor) -> QuerySet[Membership]:
    """Every role at the actor's school, with its person (active or not)."""
    if not _administers(actor):
        return Membership.objects.none()
    return Membership.objects.filter(school=actor.school).select_related("user")


def staff_visible_to(actor: Actor) -> QuerySet[User]:
    """Everyone with a role at the actor's school."""
    if not _administers(actor):
        return User.objects.none()
    return User.objects.filter(pk__in=Membership.objects.filter(school=actor.school).values("user_id"))


def get_staff_member_for(actor: Actor, pk: Any) -> User:
    return get_object_or_404(staff_visible_to(actor), pk=_pk(pk))


def teachers_of(actor: Actor) -> QuerySet[User]:
    """The school's active teachers: who can take over visits or be linked to a group."""
    if not _administers(actor):
        return User.objects.none()
    teaching = Membership.objects.filter(school=actor.school, role=Role.TEACHER).values("user_id")
    return User.objects.filter(pk__in=teaching, is_active=True).order_by("last_name", "first_name")


def invitations_visible_to(actor: Actor) -> QuerySet[Invitation]:
    if not _administers(actor):
        return Invitation.objects.none()
    return Invitation.objects.filter(school=actor.school).select_related("user", "school")


def get_invitation_for(actor: Actor, pk: Any) -> Invitation:
    return get_object_or_404(invitations_visible_to(actor), pk=_pk(pk))


def interpreters_visible_to(actor: Actor) -> QuerySet[Interpreter]:
    """The interpreters and parent contact persons of the actor's school."""
    if actor.school is None:
        raise Http404
    interpreters = interpreters_of(school=actor.school)
    return interpreters if _administers(actor) else interpreters.none()


def get_interpreter_for(actor: Actor, pk: Any) -> Interpreter:
    return get_object_or_404(interpreters_visible_to(actor), pk=_pk(pk))


def school_years_visible_to(actor: Actor) -> QuerySet[SchoolYear]:
    if not _administers(actor):
        return SchoolYear.objects.none()
    return SchoolYear.objects.filter(school=actor.school).order_by("-start")


def get_school_year_for(actor: Actor, pk: Any) -> SchoolYear:
    return get_object_or_404(school_years_visible_to(actor), pk=_pk(pk))


def find_invitation(token: str) -> Invitation | None:
    """The invitation a personal link names (no actor: the link is the key), if any."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return Invitation.objects.select_related("user", "school").filter(token_hash=token_hash(token)).first()
