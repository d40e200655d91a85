"""Navigation and home-page panels of the evaluation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from huisbezoek.home import NavItem, Panel, register, register_nav
from huisbezoek.models import Role

from . import selectors
from .access import MANAGERS


def my_actions_context(request: HttpRequest) -> dict[str, Any]:
    user, school = request.user, request.school  # type: ignore[attr-defined]
    if school is None:
        return {"actions": []}
    return {"actions": list(selectors.actions_open_for(user=user, school=school))}  # type: ignore[arg-type]


def teacher_questionnaire_context(request: HttpRequest) -> dict[str, Any]:
    user, school = request.user, request.school  # type: ignore[attr-defined]
    if school is None:
        return {"evaluation": None, "class_codes": []}
    evaluation = selectors.open_evaluation_for_teacher(user=user, school=school)  # type: ignore[arg-type]
    return {
        "evaluation": evaluation,
        "class_codes": selectors.class_codes_for_teacher(user=user, school=school),  # type: ignore[arg-type]
    }


register_nav(NavItem(MANAGERS, _("Evaluatie"), "evaluation:index", order=70))
register(Panel(frozenset(Role), "evaluation/panels/my_actions.html", my_actions_context, order=15))
register(
    Panel(frozenset({Role.TEACHER}), "evaluation/panels/questionnaire.html", teacher_questionnaire_context, order=20)
)
