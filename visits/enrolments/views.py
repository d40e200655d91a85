"""The administrator starts the new school year: a GET shows what changes, a POST does it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role
from huisbezoek.views_helpers import run_service

from .plan import EARLY_START_DAYS, year_start_plan
from .services import year_start

WITHOUT_GROUP_SHOWN = 200  # pupils without a group next year listed by name; the rest are counted


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def year_start_page(request: SchoolHttpRequest) -> HttpResponse:
    """GET: which year starts, whether it may start now (and why not), and who changes group.
    POST: start it."""
    if request.method == "POST":
        started = run_service(request, lambda: year_start(school=request.school, by=request.user))
        if started and started.value.school_year is not None:
            values = {"year": started.value.school_year.label}
            messages.success(
                request, _("Schooljaar %(year)s is gestart: de leerlingen staan in hun nieuwe groep.") % values
            )
        return redirect("visits:year_start")
    plan = year_start_plan(school=request.school)
    return render(
        request,
        "visits/year_start.html",
        {
            "plan": plan,
            "moving": len(plan.moving),
            "without_group": plan.without_group[:WITHOUT_GROUP_SHOWN],
            "without_group_count": len(plan.without_group),
            "early_days": EARLY_START_DAYS,
        },
    )
