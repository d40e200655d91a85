"""The directie sets how the school runs home visits in the current school year, or prepares the next."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role
from huisbezoek.views_helpers import run_service

from .. import selectors, services
from ..forms import ProgrammeForm
from ..models import Programme
from .years import YEAR_PARAMETER, chosen_year, year_switch


@role_required(Role.DIRECTIE)
@require_http_methods(["GET", "POST"])
def programme_edit(request: SchoolHttpRequest) -> HttpResponse:
    years = selectors.years_to_prepare(school=request.school)
    year = chosen_year(request, years)
    if year is None:
        return render(request, "visits/programme_edit.html", {"school_year": None})
    programme = selectors.programme_for(school=request.school, school_year=year) or Programme(
        school=request.school,
        school_year=year,
        period_start=year.start,
        period_end=year.start,
    )
    form = ProgrammeForm(request.POST or None, instance=programme)

    def save() -> None:
        services.programme_save(programme=form.save(commit=False), by=request.user)
        form.save_m2m()

    saved = _("Het programma voor %(year)s is opgeslagen.") % {"year": year.label}
    if request.method == "POST" and form.is_valid() and run_service(request, save, form=form, success=saved):
        return redirect(f"{reverse('visits:programme_edit')}?{YEAR_PARAMETER}={year.pk}")
    return render(
        request,
        "visits/programme_edit.html",
        {
            **year_switch(years, year),
            "form": form,
            "is_new": programme.pk is None,
            "is_next": year.start > timezone.localdate(),
        },
    )
