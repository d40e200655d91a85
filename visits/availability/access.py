"""Who marks whose availability: every teacher their own; an interpreter with an account their own
profile's; the administrator those of interpreters without an account."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from huisbezoek.access import Actor
from huisbezoek.models import Role

from ..models import AvailabilityWindow, Interpreter

STAFF_ROLES = frozenset({Role.TEACHER, Role.DIRECTIE, Role.CARE_COORDINATOR})


def interpreters_marked_by(actor: Actor) -> QuerySet[Interpreter]:
    """The interpreter profiles at this school whose windows the actor marks."""
    if actor.school is None:
        return Interpreter.objects.none()
    mine = Q(user=actor.user) if Role.INTERPRETER in actor.roles else Q(pk__in=[])
    managed = Q(user__isnull=True) if Role.ADMINISTRATOR in actor.roles else Q(pk__in=[])
    return Interpreter.objects.filter(mine | managed, school=actor.school, is_active=True)


def windows_visible_to(actor: Actor) -> QuerySet[AvailabilityWindow]:
    """The windows the actor keeps: their own (staff) and those of the interpreters they mark."""
    if actor.school is None:
        return AvailabilityWindow.objects.none()
    own = Q(user=actor.user) if actor.roles & STAFF_ROLES else Q(pk__in=[])
    theirs = Q(interpreter__in=interpreters_marked_by(actor))
    return AvailabilityWindow.objects.filter(own | theirs, school=actor.school)


def get_window_for(actor: Actor, pk: int) -> AvailabilityWindow:
    window = windows_visible_to(actor).filter(pk=pk).first()
    if window is None:
        raise Http404
    return window


def get_interpreter_for(actor: Actor, pk: int) -> Interpreter:
    interpreter = interpreters_marked_by(actor).filter(pk=pk).first()
    if interpreter is None:
        raise Http404
    return interpreter
