"""Accepting a route proposal: the ticked visits still to plan get their proposed times through
the planner (``visits.services.visit_schedule``), so every planning rule still applies."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import services
from ..models import Programme, Visit

if TYPE_CHECKING:
    from huisbezoek.models import User


@dataclass
class Outcome:
    """What became of one visit of the proposal."""

    visit: Visit
    starts_at: datetime.datetime
    planned: bool
    reasons: list[str] = field(default_factory=list)


@transaction.atomic
def route_accept(*, by: User, proposals: Sequence[tuple[Visit, datetime.datetime]]) -> list[Outcome]:
    """Plan each visit at its proposed time with ``visits.services.visit_schedule``, each on its own.

    Only home visits still to plan are planned here: a visit with a time (the family agreed it, or
    booked it themselves) is never moved by a proposal. Every rule of the planner applies (the
    family's wish about who visits, the interpreter, holidays, clashes); a refusal, or a warning
    the planner wants confirmed, leaves that visit unplanned with the reason, and the others go
    ahead. The duration is the programme's visit length; visitors, interpreter, meeting point and
    topics stay as they are on the visit."""
    outcomes: list[Outcome] = []
    programmes: dict[int, Programme | None] = {}
    for visit, starts_at in proposals:
        outcome = Outcome(visit=visit, starts_at=starts_at, planned=False)
        outcomes.append(outcome)
        if visit.status == Visit.Status.SCHEDULED or services.plannable_kind(visit) != Visit.Kind.HOME:
            outcome.reasons.append(
                _("Dit bezoek heeft al een tijd of kan niet meer gepland worden; het blijft zoals het is.")
            )
            continue
        if visit.school_year_id not in programmes:
            programmes[visit.school_year_id] = Programme.objects.filter(school_year_id=visit.school_year_id).first()
        programme = programmes[visit.school_year_id]
        if programme is None:
            outcome.reasons.append(_("De directie heeft voor dit schooljaar nog geen bezoekperiode ingesteld."))
            continue
        plan = services.VisitPlan(
            starts_at=starts_at,
            duration_minutes=programme.visit_minutes,
            lead_visitor=visit.lead_visitor,
            colleague=visit.colleague,
            interpreter=visit.interpreter,
            family_interpreter=visit.family_interpreter,
            meeting_point=visit.meeting_point,
            agenda=visit.agenda or programme.agenda_template,
            requested_topics=visit.requested_topics,
            pupils=list(visit.pupils.all()),
        )
        try:
            services.visit_schedule(visit=visit, plan=plan, by=by, expected_version=visit.version)
        except services.PlanNeedsConfirmation as needs:
            outcome.reasons.extend(warning.message for warning in needs.warnings)
            outcome.reasons.append(_("Plan dit bezoek op de eigen planpagina om dit te bevestigen."))
        except ValidationError as refused:
            outcome.reasons.extend(refused.messages)
        else:
            outcome.planned = True
    return outcomes
