"""The care coordinator's home-page panel: how many flags are open, and how many are urgent."""

from typing import Any

from django.db.models import Count, Q

from huisbezoek.home import Panel, register
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role

from ..models import CareCase, Report
from . import access


def care_flags_context(request: SchoolHttpRequest) -> dict[str, Any]:
    """Open cases (urgent and acute counted apart) and unanswered consults: two queries."""
    actor = request.actor.restricted_to(Role.CARE_COORDINATOR)
    cases = (
        access.cases_visible_to(actor)
        .filter(status=CareCase.Status.OPEN)
        .aggregate(
            open=Count("pk"),
            urgent=Count("pk", filter=Q(urgency__in=[Report.Urgency.URGENT, Report.Urgency.ACUTE])),
            acute=Count("pk", filter=Q(urgency=Report.Urgency.ACUTE)),
        )
    )
    consults = access.consults_visible_to(actor).filter(answered_at__isnull=True).count()
    return {"cases": cases, "consults": consults}


register(Panel(frozenset({Role.CARE_COORDINATOR}), "visits/panels/care_flags.html", care_flags_context, order=10))
