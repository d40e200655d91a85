"""Teacher pages: my pupils, the family card, a visit with its contact log, planning and the
preparation sheet. Views parse and render; ``visits.services`` decides."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek.access import role_required
from huisbezoek.http import AuthenticatedHttpRequest, SchoolHttpRequest
from huisbezoek.limits import FILTER_PARAMETERS_MAX
from huisbezoek.models import Role
from huisbezoek.views_helpers import paginate, run_service

from .. import access, holidays, selectors, services
from ..filters import PupilFilter
from ..forms import ContactForm, PlanForm, StatusForm, manual_next_statuses
from ..interpreting import services as interpreting
from ..models import CareCase, Family, Report, SchoolCalendarEntry, Visit
from ..reports import services as services_reports
from ..reports.forms import ConsultForm

# Service arguments that the forms show under another name.
FORM_FIELD = {"starts_at": "day", "at": "day"}

LIST_ROLES = (Role.TEACHER, Role.DIRECTIE, Role.CARE_COORDINATOR, Role.ADMINISTRATOR)
PAGE_SIZE = 100


def _year_and_programme(request: SchoolHttpRequest):
    year = selectors.current_school_year(school=request.school)
    programme = selectors.programme_for(school=request.school, school_year=year) if year else None
    return year, programme


@role_required(*LIST_ROLES)
@require_GET
def pupil_list(request: SchoolHttpRequest) -> HttpResponse:
    """Every pupil of the cohort the user may see, with this year's visit status, most urgent first."""
    if sum(len(values) for _name, values in request.GET.lists()) > FILTER_PARAMETERS_MAX:
        # Only a script repeats filters this often; every link on the page would carry them all.
        return render(request, "visits/too_many_filters.html", {"max_parameters": FILTER_PARAMETERS_MAX}, status=400)
    year, programme = _year_and_programme(request)
    visible = access.pupils_visible_to(request.actor)
    pupils = selectors.in_cohort(visible, programme)
    if year is not None:
        pupils = selectors.with_visit_status(pupils, year)
    groups = access.groups_visible_to(request.actor)
    if year is not None:
        groups = groups.filter(school_year=year)
    pupil_filter = PupilFilter(request.GET or None, queryset=pupils, groups=groups.order_by("grade", "name"))
    page, query = paginate(request, pupil_filter.qs, PAGE_SIZE)
    return render(
        request,
        "visits/pupil_list.html",
        {
            "filter": pupil_filter,
            "page": page,
            "programme": programme,
            "school_year": year,
            "query": query,
            "only_mine": not (request.roles & access.SCHOOL_WIDE_ROLES),
            # The next step for a family that wants no home visit: plan the talk at school.
            "can_plan": Role.TEACHER in request.roles,
            "talk_to_plan": services.TALK_FROM,
        },
    )


@role_required(*LIST_ROLES)
@require_GET
def family_detail(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """The family card: how to reach them, who to speak to, language and interpreter, wishes."""
    family = access.get_family_for(request.actor, pk)
    year, programme = _year_and_programme(request)
    pupils = selectors.with_visit_status(family.pupils.all(), year) if year else family.pupils.select_related("group")
    return render(
        request,
        "visits/family_detail.html",
        {
            "family": family,
            "guardians": family.guardians.all(),
            "home_languages": family.home_languages.all(),
            "pupils": pupils,
            "programme": programme,
            "show_sensitivities": access.can_see_sensitivities(request.actor),
            "can_edit": access.can_edit_family(request.actor, family),
            # "Start a visit" only for the children this teacher teaches (a duo colleague sees the card too).
            "startable": set(
                access.pupils_visible_to(request.actor.restricted_to(Role.TEACHER))
                .filter(family=family)
                .values_list("pk", flat=True)
            )
            if Role.TEACHER in request.roles
            else set(),
        },
    )


@role_required(Role.TEACHER)
@require_POST
def visit_start(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """Open (or find) this year's visit of a pupil the teacher teaches, then go to it."""
    pupil = access.get_pupil_for(request.actor, pk)
    year, _programme = _year_and_programme(request)
    if year is None:
        messages.error(request, _("Er is geen schooljaar dat vandaag loopt."))
        return redirect("visits:family_detail", pk=pupil.family_id)
    visit = services.visit_open(pupil=pupil, school_year=year, by=request.user)
    return redirect("visits:visit_detail", pk=visit.pk)


def _has_begun(visit: Visit) -> bool:
    return visit.status == Visit.Status.SCHEDULED and visit.starts_at is not None and visit.starts_at <= timezone.now()


def _visit_page(request: SchoolHttpRequest, visit: Visit, **extra: object) -> HttpResponse:
    can_change = access.can_change_visit(request.actor, visit)
    next_statuses = manual_next_statuses(visit) if can_change else []
    context = {
        "visit": visit,
        "family": visit.family,
        "pupils": visit.pupils.select_related("group"),
        "attempts": visit.contact_attempts.select_related("by"),
        "transitions": visit.transitions.select_related("by"),
        "can_change": can_change,
        "plan_kind": services.plannable_kind(visit) if can_change else None,
        "next_statuses": next_statuses,
        "next_status_codes": {code for code, _label in next_statuses},
        # Once the report is in, the family has been reached: no more contact attempts.
        "contact_form": ContactForm(family=visit.family)
        if can_change and visit.status != Visit.Status.REPORTED
        else None,
        "status_form": StatusForm(initial={"version": visit.version}),
        "report": Report.objects.filter(visit=visit).first(),
        "booking_requests": list(visit.booking_requests.all()),
        "care_case": CareCase.objects.filter(report__visit=visit).first(),
        "can_report": request.user.pk in services_reports.report_writers(visit)
        and (visit.status in (Visit.Status.VISITED, Visit.Status.REPORTED) or _has_begun(visit)),
        "consults": visit.consults.filter(asked_by=request.user).select_related("answered_by") if can_change else [],
        # The interpreter's answer through their link; a "no" makes the visit need one again.
        "interpreter_booking": interpreting.current_booking(visit),
        "interpreter_declined": interpreting.interpreter_declined(visit),
        "consult_form": ConsultForm(
            initial={"moment": "before" if visit.status == Visit.Status.SCHEDULED else "after"}
        ),
    }
    context.update(extra)
    return render(request, "visits/visit_detail.html", context)


@role_required(*LIST_ROLES)
@require_GET
def visit_detail(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    visit = access.get_visit_for(request.actor, pk)
    return _visit_page(request, visit)


@role_required(Role.TEACHER)
@require_POST
def contact_create(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """Log one attempt to reach the family; a form error shows the visit page with what was typed."""
    visit = access.get_visit_for(request.actor, pk, write=True)
    form = ContactForm(request.POST, family=visit.family)
    if form.is_valid() and run_service(
        request,
        lambda: services.contact_log(
            visit=visit,
            by=request.user,
            at=form.moment(),
            channel=form.cleaned_data["channel"],
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"].strip(),
            decline_reason=form.reason(),
        ),
        form=form,
        field_names=FORM_FIELD,
        success=_("De contactpoging is opgeslagen."),
    ):
        return redirect("visits:visit_detail", pk=visit.pk)
    return _visit_page(request, visit, contact_form=form)


@role_required(Role.TEACHER)
@require_POST
def visit_status(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """Move the visit through its lifecycle (declined, invited at school, visited, ...)."""
    visit = access.get_visit_for(request.actor, pk, write=True)
    form = StatusForm(request.POST)
    if form.is_valid() and run_service(
        request,
        lambda: services.visit_transition(
            visit=visit,
            by=request.user,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
            reason=form.reason(),
            expected_version=form.cleaned_data["version"],
        ),
        form=form,
        field_names=FORM_FIELD,
    ):
        visit.refresh_from_db()
        messages.success(request, _("Status: %(status)s.") % {"status": visit.get_status_display()})
        return redirect("visits:visit_detail", pk=visit.pk)
    visit.refresh_from_db()
    return _visit_page(request, visit, status_form=form)


@role_required(Role.TEACHER)
@require_http_methods(["GET", "POST"])
def visit_plan(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """Plan or move the visit, or the talk at school of a family that wants no home visit. Refusals
    show next to the fields; warnings must be ticked to go on."""
    visit = access.get_visit_for(request.actor, pk, write=True)
    if services.plannable_kind(visit) is None:
        messages.error(request, _("Dit bezoek kan niet (meer) gepland worden."))
        return redirect("visits:visit_detail", pk=visit.pk)
    programme = selectors.programme_for(school=visit.school, school_year=visit.school_year)
    warnings: list[services.PlanWarning] = []
    if request.method == "POST":
        form = PlanForm(request.POST, visit=visit, programme=programme)
        if form.is_valid():
            try:
                planned = run_service(
                    request,
                    lambda: services.visit_schedule(
                        visit=visit,
                        plan=form.plan(),
                        by=request.user,
                        confirmed=frozenset(request.POST.getlist("confirmed")),
                        expected_version=form.cleaned_data["version"],
                    ),
                    form=form,
                    field_names=FORM_FIELD,
                    success=_("Het gesprek op school is gepland.") if form.talk else _("Het bezoek is gepland."),
                )
            except services.PlanNeedsConfirmation as needs:
                warnings = needs.warnings
            else:
                if planned:
                    return redirect("visits:visit_detail", pk=visit.pk)
    else:
        form = PlanForm(visit=visit, programme=programme)
    # What the teacher should know before choosing a day: the school's own closed days in the
    # period, and the Ramadan for a family who keeps it.
    closures: list[SchoolCalendarEntry] = []
    ramadans: list[tuple[datetime.date, datetime.date]] = []
    if programme is not None:
        first = max(programme.period_start, timezone.localdate())
        closures = holidays.closures_between(visit.school, first, programme.period_end)
        if visit.family.keeps_ramadan:
            ramadans = holidays.ramadans_between(first, programme.period_end)
    return render(
        request,
        "visits/visit_plan.html",
        {
            "visit": visit,
            "family": visit.family,
            "form": form,
            "warnings": warnings,
            "programme": programme,
            "closures": closures,
            "ramadans": ramadans,
        },
    )


@login_required
@require_GET
def visit_prepare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The preparation sheet for the visitors: printable on A4, readable on a phone."""
    visit = access.get_visit_for(request.actor, pk)
    if not access.can_change_visit(request.actor, visit):
        raise PermissionDenied
    family: Family = visit.family
    return render(
        request,
        "visits/visit_prepare.html",
        {
            "visit": visit,
            "family": family,
            "pupils": visit.pupils.select_related("group"),
            "guardians": family.guardians.all(),
            "home_languages": family.home_languages.all(),
            "agenda": [line.strip() for line in visit.agenda.splitlines() if line.strip()],
            "requested": [line.strip() for line in visit.requested_topics.splitlines() if line.strip()],
        },
    )
