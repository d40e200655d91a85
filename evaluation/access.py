"""Who may see and do what in the evaluation.

* The directie runs the evaluation of its own school: every page about it is theirs (others: 403).
* A teacher answers the teachers' questionnaire of their school while it is open (else 404).
* An improvement action is seen and marked done by its owner, or by the directie.
* Parents and pupils have no account: a personal link (parents) or a class code (pupils) is the
  key, looked up here by its hash or value; a wrong key gives the same answer as a missing one.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from huisbezoek.access import Actor
from huisbezoek.models import Role

from .models import Action, Bottleneck, ClassCode, Evaluation, ParentInvitation, Question

if TYPE_CHECKING:
    from huisbezoek.models import School, User

MANAGERS: frozenset[str] = frozenset({Role.DIRECTIE})


def _pk(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def is_manager(user: User, school: School | None) -> bool:
    """Read from the memberships (not a request), so services can ask it too."""
    if school is None or not user.is_authenticated:
        return False
    return user.memberships.filter(school=school, role__in=MANAGERS).exists()


def can_manage(actor: Actor) -> bool:
    """Whether the actor runs the evaluation of their current school."""
    return actor.school is not None and actor.user.is_authenticated and bool(actor.roles & MANAGERS)


def evaluations_visible_to(actor: Actor) -> QuerySet[Evaluation]:
    if not can_manage(actor):
        return Evaluation.objects.none()
    return Evaluation.objects.filter(school=actor.school).select_related("school_year", "school")


def get_evaluation_for(actor: Actor, pk: Any) -> Evaluation:
    return get_object_or_404(evaluations_visible_to(actor), pk=_pk(pk))


def get_question_for(actor: Actor, pk: Any) -> Question:
    return get_object_or_404(
        Question.objects.filter(evaluation__in=evaluations_visible_to(actor)).select_related("evaluation"),
        pk=_pk(pk),
    )


def get_bottleneck_for(actor: Actor, pk: Any) -> Bottleneck:
    return get_object_or_404(
        Bottleneck.objects.filter(evaluation__in=evaluations_visible_to(actor)).select_related("evaluation"),
        pk=_pk(pk),
    )


def actions_visible_to(actor: Actor) -> QuerySet[Action]:
    if actor.school is None or not actor.user.is_authenticated:
        return Action.objects.none()
    actions = Action.objects.filter(school=actor.school)
    if can_manage(actor):
        return actions
    return actions.filter(Q(owner=actor.user))


def get_action_for(actor: Actor, pk: Any) -> Action:
    return get_object_or_404(actions_visible_to(actor).select_related("evaluation"), pk=_pk(pk))


def get_open_evaluation_for_teacher(actor: Actor, pk: Any) -> Evaluation:
    """The school's evaluation with its questionnaires open, for a teacher of that school."""
    if actor.school is None or Role.TEACHER not in actor.roles:
        raise Http404
    return get_object_or_404(
        Evaluation.objects.filter(school=actor.school, status=Evaluation.Status.OPEN).select_related("school_year"),
        pk=_pk(pk),
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find_invitation(token: str) -> ParentInvitation | None:
    """The invitation a parent's link stands for, or None (unknown, tampered or malformed)."""
    if not token or len(token) > 100:
        return None
    return (
        ParentInvitation.objects.filter(token_hash=token_hash(token))
        .select_related("evaluation", "evaluation__school", "evaluation__school_year")
        .first()
    )


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def find_class_code(code: str) -> ClassCode | None:
    """The class code a pupil typed (spaces, dashes and lower case forgiven), or None."""
    value = normalise_code(code)
    if not value or len(value) > 12:
        return None
    return (
        ClassCode.objects.filter(code=value)
        .select_related("evaluation", "evaluation__school", "evaluation__school_year")
        .first()
    )
