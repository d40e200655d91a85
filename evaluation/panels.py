"""Navigation and home-page panels of the evaluation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from huisbezoek.home import NavItem, Panel, register, register_nav
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role

from . import selectors
from .access import MANAGERS


def my_actions_context(request: SchoolHttpRequest) -> dict[str, Any]:
    return {"actions": list(selectors.actions_open_for(user=request.user, school=request.school))}


def teacher_questionnaire_context(request: SchoolHttpRequest) -> dict[str, Any]:
    user, school = request.user, request.school
    evaluation = selectors.open_evaluation_for_teacher(user=user, school=school)
    return {
        "evaluation": evaluation,
        "class_codes": selectors.class_codes_for_teacher(user=user, school=school),
    }


register_nav(NavItem(MANAGERS, _("Evaluatie"), "evaluation:index", order=70))
register(Panel(frozenset(Role), "evaluation/panels/my_actions.html", my_actions_context, order=15))
register(
    Panel(frozenset({Role.TEACHER}), "evaluation/panels/questionnaire.html", teacher_questionnaire_context, order=20)
)
