"""The school calendar page: the directie and the administrator list, add, change and remove the
days the school does not visit, per school year, beside the regional holidays it follows."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.limits import CALENDAR_LABEL_MAX
from huisbezoek.models import Role, SchoolYear
from huisbezoek.views_helpers import run_service

from .. import access
from ..models import SchoolCalendarEntry
from . import overview, services
from .forms import CalendarEntryForm

ROLES = (Role.DIRECTIE, Role.ADMINISTRATOR)


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


def _chosen_year(request: SchoolHttpRequest, years: list[SchoolYear]) -> SchoolYear | None:
    """The year asked for (``jaar``: its id; ``dag``: a day in it), else the one running today,
    else the next one, else the latest."""
    asked = request.GET.get("jaar", "")
    for year in years:
        if asked.isdigit() and year.pk == int(asked):
            return year
    day = _date(request.GET.get("dag"))
    today = timezone.localdate()
    for wanted in (day, today):
        for year in years:
            if wanted and year.start <= wanted <= year.end:
                return year
    upcoming = [year for year in years if year.start > today]
    return upcoming[-1] if upcoming else (years[0] if years else None)


def _back_to_list(entry: SchoolCalendarEntry) -> HttpResponse:
    return redirect(f"{reverse('visits:school_calendar')}?dag={entry.start.isoformat()}")


@require_GET
@role_required(*ROLES)
def calendar_list(request: SchoolHttpRequest) -> HttpResponse:
    """One school year's own entries, sorted by date, and the regional holidays the school follows."""
    years = list(request.school.school_years.order_by("-start"))
    chosen = _chosen_year(request, years)
    calendar = (
        overview.year_calendar(
            entries=access.calendar_entries_visible_to(request.actor),
            school_year=chosen,
            region=request.school.holiday_region,
        )
        if chosen
        else None
    )
    return render(
        request,
        "visits/school_calendar.html",
        {
            "years": years,
            "calendar": calendar,
            "region": request.school.get_holiday_region_display(),
            "kinds": SchoolCalendarEntry.Kind,
        },
    )


def _form_page(request: SchoolHttpRequest, form: CalendarEntryForm, entry: SchoolCalendarEntry) -> HttpResponse:
    return render(request, "visits/school_calendar_form.html", {"form": form, "entry": entry})


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def calendar_entry_add(request: SchoolHttpRequest) -> HttpResponse:
    """A new day or period. A link may fill in the form (``soort``, ``van``, ``tot``,
    ``omschrijving``), as the regional holidays' "differs" link does; nothing is saved until sent."""
    entry = SchoolCalendarEntry(school=request.school)
    if request.method == "POST":
        form = CalendarEntryForm(request.POST, instance=entry)
        saved = _("De dag of periode staat in de schoolkalender.")
        if form.is_valid() and run_service(
            request,
            lambda: services.calendar_entry_save(entry=form.save(commit=False), by=request.user),
            form=form,
            success=saved,
        ):
            return _back_to_list(entry)
        return _form_page(request, form, entry)
    kind = request.GET.get("soort", "")
    initial = {
        "kind": kind if kind in SchoolCalendarEntry.Kind.values else "",
        "start": _date(request.GET.get("van")),
        "end": _date(request.GET.get("tot")),
        "label": request.GET.get("omschrijving", "")[:CALENDAR_LABEL_MAX],
    }
    return _form_page(request, CalendarEntryForm(instance=entry, initial=initial), entry)


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def calendar_entry_edit(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    entry = access.get_calendar_entry_for(request.actor, pk)
    form = CalendarEntryForm(request.POST or None, instance=entry)
    if request.method == "POST":
        saved = _("De wijziging staat in de schoolkalender.")
        if form.is_valid() and run_service(
            request,
            lambda: services.calendar_entry_save(entry=form.save(commit=False), by=request.user),
            form=form,
            success=saved,
        ):
            return _back_to_list(entry)
    return _form_page(request, form, entry)


@require_POST
@role_required(*ROLES)
def calendar_entry_delete(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    entry = access.get_calendar_entry_for(request.actor, pk)
    removed = _("'%(label)s' is uit de schoolkalender gehaald.") % {"label": entry.label}
    run_service(request, lambda: services.calendar_entry_delete(entry=entry, by=request.user), success=removed)
    return _back_to_list(entry)
