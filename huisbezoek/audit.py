"""The audit trail: who read or changed which report, family card, care case or consult.

The core does not know those kinds of object: the app that owns them registers each type,
with its label for the audit-trail page, from its ``AppConfig.ready()`` through
``object_types.register(key, label)`` and passes the returned key to ``record``.

Recorded where it cannot be forgotten: the ``get_*_for`` functions of the access layer
record every read, allowed or refused (a 404 or 403 is recorded before it is raised), and
the services record every change. A row holds the user, the school, the object's type and
number, the action, allowed or not, the client's IP address and the time — never any of
the object's content, so the trail itself holds nothing about a family.

The client's address comes from the request being served: ``AuditContextMiddleware`` (in
``huisbezoek/middleware.py``) puts the request in a context variable, so the access layer
and services, which do not see the request, still record where a read came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from .audit_types import object_types
from .models import AuditEvent, Role, School

if TYPE_CHECKING:
    from .access import Actor
    from .models import User

T = TypeVar("T")

Action = AuditEvent.Action


def _known(object_type: str) -> str:
    if object_type not in object_types:
        raise ValueError(f"Audit object type {object_type!r} is not registered (see audit.object_types).")
    return object_type


# Roles that may read the trail of their school.
TRAIL_READERS = frozenset({Role.ADMINISTRATOR, Role.CARE_COORDINATOR})

_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_current_request", default=None)


@contextmanager
def request_context(request: HttpRequest) -> Iterator[None]:
    """Make ``request``'s client address available to ``record`` while it is served."""
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


def _client_ip() -> str | None:
    request = _current_request.get()
    if request is None:
        return None  # a Celery task or management command: no client
    ip = getattr(request, "axes_ip_address", None)
    if not ip:
        from axes.helpers import get_client_ip_address

        ip = get_client_ip_address(request)
    return ip or None


def _actor(user: User | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


def _number(object_id: Any) -> int | None:
    try:
        return int(object_id)
    except (TypeError, ValueError):
        return None


def record(
    *,
    user: User | None,
    school: School | None,
    object_type: str,
    object_id: Any,
    action: str,
    allowed: bool,
) -> AuditEvent:
    """Add one row to the trail (append-only). ``object_id`` is the object's number only."""
    return AuditEvent.objects.create(
        user=_actor(user),
        school=school,
        object_type=_known(object_type),
        object_id=_number(object_id),
        action=action,
        allowed=allowed,
        ip_address=_client_ip(),
    )


def record_many(
    *, user: User | None, school: School | None, object_type: str, object_ids: Iterable[Any], action: str
) -> None:
    """Record one allowed ``action`` on each of several objects (a page, an import), in one query."""
    actor, ip = _actor(user), _client_ip()
    _known(object_type)
    rows = [
        AuditEvent(
            user=actor,
            school=school,
            object_type=object_type,
            object_id=_number(pk),
            action=action,
            allowed=True,
            ip_address=ip,
        )
        for pk in object_ids
    ]
    if rows:
        AuditEvent.objects.bulk_create(rows)


def record_reads(*, user: User | None, school: School | None, object_type: str, object_ids: Iterable[Any]) -> None:
    """Record allowed reads of several objects shown on one page, in one query."""
    record_many(user=user, school=school, object_type=object_type, object_ids=object_ids, action=Action.READ)


def audited(
    lookup: Callable[[], T],
    *,
    user: User | None,
    school: School | None,
    object_type: str,
    object_id: Any,
    action: str = Action.READ,
) -> T:
    """Run an access-layer ``lookup`` and record whether it let the user in.

    A lookup that raises ``Http404`` (another school's object, or no relation to it) or
    ``PermissionDenied`` (a wrong role) is recorded as refused, then re-raised."""
    result = refusal_audited(
        lookup, user=user, school=school, object_type=object_type, object_id=object_id, action=action
    )
    record(user=user, school=school, object_type=object_type, object_id=object_id, action=action, allowed=True)
    return result


def refusal_audited(
    lookup: Callable[[], T],
    *,
    user: User | None,
    school: School | None,
    object_type: str,
    object_id: Any,
    action: str = Action.CHANGE,
) -> T:
    """Run an access-layer ``lookup`` for a change and record it only when it refuses (``Http404``
    or ``PermissionDenied``, re-raised): the change itself is recorded by the service that makes it."""
    try:
        return lookup()
    except (Http404, PermissionDenied):
        record(user=user, school=school, object_type=object_type, object_id=object_id, action=action, allowed=False)
        raise


def events_visible_to(actor: Actor) -> QuerySet[AuditEvent]:
    """The trail of the user's current school, for the administrator and the care coordinator."""
    if actor.school is None or not actor.user.is_authenticated or not actor.roles & TRAIL_READERS:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(school=actor.school).select_related("user")


@transaction.atomic
def detach_objects(*, object_type: str, object_ids: Iterable[int]) -> int:
    """Cut the trail's link to objects that have been purged (retention), keeping the rows.

    The trail never holds content, only numbers; once a family is removed its numbers point
    at nothing, but this makes sure a reused number can never be tied to the old rows.
    Returns the number of rows detached. The rows themselves (who read something, when)
    stay: they are the school's accountability, not data about the family."""
    ids = [int(pk) for pk in object_ids]
    if not ids:
        return 0
    return AuditEvent.objects.filter(object_type=object_type, object_id__in=ids).update(object_id=None)
