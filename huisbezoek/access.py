"""Who may see and do what: the one place where access is decided.

Who is asking is an ``Actor``: the user, their current school and their roles there. A view
finds it on ``request.actor`` (set by the middleware); a service, task or test builds one with
``Actor.of(user, school)``. The pattern every app follows (``<app>/access.py``):

* ``<things>_visible_to(actor)`` returns a queryset already limited to what the actor may see
  at their current school. Lists are built from it.
* ``get_<thing>_for(actor, pk, *, write=False)`` looks one object up *inside* that queryset,
  so an object of another school, or one the user has no relation to, raises ``Http404`` —
  the same answer as an object that does not exist, so nothing leaks.
* ``can_<verb>(actor, obj)`` answers whether the actor may do something to an object they see.
* A page a role is not meant for (a teacher opening the directie dashboard) is refused
  with 403 through ``role_required``.

Public pages for parents (a personal link, a class code, a school's public code) have no actor:
their lookups take the key they are given.

Views never call ``Model.objects.get(pk=...)`` on user input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from .models import Membership, Role, School

if TYPE_CHECKING:
    from .models import User

SESSION_SCHOOL_KEY = "current_school_id"
# What a view returns: a page, a redirect, or a streamed file.
R = TypeVar("R", bound=HttpResponseBase)


@dataclass(frozen=True)
class Actor:
    """Who is asking: a user, the school they work at right now, and their roles there.

    The roles are those of the current school only; a user who is directie at one school and
    teacher at another is a teacher while the second school is chosen."""

    user: User
    school: School | None
    roles: frozenset[str] = frozenset()

    @classmethod
    def of(cls, user: User, school: School | None) -> Actor:
        """The actor for ``user`` at ``school``, with the roles read from their memberships
        (what the middleware does for a request; services, tasks and tests use this)."""
        return cls(user=user, school=school, roles=roles_at(user, school))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def restricted_to(self, *roles: str) -> Actor:
        """The same person with only those of ``roles`` they hold: what they see in that role
        (a teacher who is also directie still has "my groups")."""
        return replace(self, roles=self.roles & frozenset(roles))


def memberships_of(user: User) -> QuerySet[Membership]:
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("school", "school__board")


def schools_of(user: User) -> QuerySet[School]:
    if not user.is_authenticated or not user.is_active:
        return School.objects.none()
    return School.objects.filter(memberships__user=user).distinct().order_by("name")


def get_school_for(user: User, pk: Any) -> School:
    """A school the user works at; any other id is a 404."""
    try:
        return get_object_or_404(schools_of(user), pk=int(pk))
    except (TypeError, ValueError):
        raise Http404 from None


def roles_at(user: User, school: School | None) -> frozenset[str]:
    if school is None:
        return frozenset()
    return frozenset(m.role for m in memberships_of(user) if m.school_id == school.pk)


def has_role(request: HttpRequest, *roles: str) -> bool:
    actor: Actor | None = getattr(request, "actor", None)
    return actor is not None and actor.has_role(*roles)


def role_required(*roles: Role) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Log-in required, and one of ``roles`` at the current school, else 403."""

    def decorator(view: Callable[..., R]) -> Callable[..., R]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
            if not has_role(request, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def staff_of_school(school: School, roles: Iterable[str] | None = None) -> QuerySet[Membership]:
    """Everyone working at ``school`` (optionally only some roles), for lists of colleagues."""
    qs = Membership.objects.filter(school=school, user__is_active=True).select_related("user")
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return qs.order_by("user__last_name", "user__first_name", "role")
