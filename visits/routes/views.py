"""The teacher's evening ("Mijn avond"): the route, its printable sheet and PDF, the optimiser's
proposal and accepting it; and the season proposal. Views parse, call a selector or the one
service, and render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from huisbezoek import audit
from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role
from huisbezoek.pdf import fonts, render_pdf
from huisbezoek.views_helpers import run_service

from .. import access, audit_types
from . import selectors, services
from .forms import AcceptForm, SeasonForm, TickForm

PAGE_ROLES = (Role.TEACHER, Role.DIRECTIE, Role.CARE_COORDINATOR, Role.ADMINISTRATOR)


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


def _record_reads(request: SchoolHttpRequest, evening: selectors.Evening) -> None:
    """The page shows each family's address and phone numbers: a read of their card, in the trail."""
    audit.record_reads(
        user=request.user,
        school=request.school,
        object_type=audit_types.FAMILY,
        object_ids=sorted({stop.visit.family_id for stop in evening.stops}),
    )


def _own(request: SchoolHttpRequest, teacher: int) -> bool:
    """Whether the page is the user's own evening as a teacher (who may plan from it)."""
    return teacher == request.user.pk and Role.TEACHER in request.roles


@role_required(*PAGE_ROLES)
@require_GET
def evening_mine(request: SchoolHttpRequest) -> HttpResponse:
    """The user's own evening: today's, or the next evening with visits."""
    today = timezone.localdate()
    day = selectors.next_evening(visits=access.visits_visible_to(request.actor), visitor=request.user, from_day=today)
    return redirect("visits:evening", teacher=request.user.pk, day=(day or today).isoformat())


@role_required(*PAGE_ROLES)
@require_GET
def evening(request: SchoolHttpRequest, teacher: int, day: str) -> HttpResponse:
    """A visitor's evening in route order; on their own evening also the visits still to plan to
    tick, and the optimiser's proposal beside the order as it stands."""
    date = _day(day)
    visitor = access.get_evening_visitor_for(request.actor, teacher)
    own = _own(request, teacher)
    visits = access.visits_visible_to(request.actor)
    programme = selectors.programme_on(request.school, date)
    to_plan = selectors.still_to_plan(visits=visits, visitor=visitor, programme=programme)
    form = TickForm(request.GET or None, to_plan=to_plan)
    ticked = form.cleaned_data["add"] if own and form.is_valid() else []
    page = selectors.evening_page(
        visits=visits, visitor=visitor, school=request.school, day=date, ticked=ticked, own=own, programme=programme
    )
    _record_reads(request, page.evening)
    return render(
        request,
        "visits/routes/evening.html",
        {
            "page": page,
            "evening": page.evening,
            "own": own,
            "form": form,
            "to_plan": to_plan if own else [],
            "ticked": {v.pk for v in ticked},
        },
    )


@role_required(*PAGE_ROLES)
@require_GET
def evening_pdf(request: SchoolHttpRequest, teacher: int, day: str) -> HttpResponse:
    """The evening on one A4: address, phone numbers, language, interpreter and meeting point of
    each visit, nothing else (no sensitivities, no notes)."""
    date = _day(day)
    visitor = access.get_evening_visitor_for(request.actor, teacher)
    evening = selectors.evening(
        visits=access.visits_visible_to(request.actor), visitor=visitor, school=request.school, day=date
    )
    _record_reads(request, evening)
    html = render_to_string(
        "visits/routes/evening_pdf.html",
        {"evening": evening, "fonts": fonts(), "printed_at": timezone.localtime(), "school": request.school},
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="avond-{date.isoformat()}.pdf"'
    return response


@role_required(Role.TEACHER)
@require_POST
def evening_accept(request: SchoolHttpRequest, teacher: int, day: str) -> HttpResponse:
    """Plan the proposal's visits still to plan at the proposed times, through the planner."""
    date = _day(day)
    if teacher != request.user.pk:
        raise Http404
    teacher_only = request.actor.restricted_to(Role.TEACHER)
    programme = selectors.programme_on(request.school, date)
    to_plan = selectors.still_to_plan(
        visits=access.visits_visible_to(teacher_only), visitor=request.user, programme=programme
    )
    form = AcceptForm(request.POST, to_plan=to_plan, day=date)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return redirect("visits:evening", teacher=teacher, day=day)
    proposals = [
        (visit, timezone.make_aware(datetime.datetime.combine(date, at)))
        for visit, at in form.cleaned_data["proposals"]
    ]
    result = run_service(request, lambda: services.route_accept(by=request.user, proposals=proposals))
    if result:
        planned = [outcome for outcome in result.value if outcome.planned]
        if planned:
            messages.success(
                request,
                ngettext("%(count)s bezoek is gepland.", "%(count)s bezoeken zijn gepland.", len(planned))
                % {"count": len(planned)},
            )
        for outcome in result.value:
            if not outcome.planned:
                messages.error(
                    request,
                    _("Gezin %(name)s (%(time)s) is niet gepland: %(reasons)s")
                    % {
                        "name": outcome.visit.family.name,
                        "time": timezone.localtime(outcome.starts_at).strftime("%H:%M"),
                        "reasons": " ".join(outcome.reasons),
                    },
                )
    return redirect("visits:evening", teacher=teacher, day=day)


@role_required(Role.TEACHER)
@require_GET
def season(request: SchoolHttpRequest) -> HttpResponse:
    """A proposal only: which evening and time each of the teacher's families still to plan gets."""
    form = SeasonForm(request.GET or None, initial={"first": timezone.localdate(), "evenings": 8})
    proposal = None
    if form.is_valid():
        proposal = selectors.season(
            visits=access.visits_visible_to(request.actor.restricted_to(Role.TEACHER)),
            visitor=request.user,
            school=request.school,
            first=form.cleaned_data["first"],
            count=form.cleaned_data["evenings"],
        )
    return render(request, "visits/routes/season.html", {"form": form, "proposal": proposal})
