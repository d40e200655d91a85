"""The pin page: the mentor or administrator sets where a family lives when the address is not found."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role
from huisbezoek.views_helpers import run_service

from .. import access
from ..models import Family
from .forms import FamilyPinForm
from .services import family_pin

OSM = "https://www.openstreetmap.org/"


def openstreetmap_link(family: Family) -> str:
    """A plain link the user may choose to open: the pin, or else a search for the address."""
    if family.latitude is not None and family.longitude is not None:
        lat, lng = family.latitude, family.longitude
        return f"{OSM}?{urlencode({'mlat': lat, 'mlon': lng})}#map=18/{lat}/{lng}"
    address = f"{family.street} {family.house_number}, {family.postcode} {family.city}".strip(" ,")
    return f"{OSM}search?{urlencode({'query': address})}"


@role_required(Role.TEACHER, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def family_location(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """GET: the pin form (the current point filled in). POST: set the pin by hand."""
    family = access.get_family_for(request.actor, pk, write=True)
    initial = {}
    if family.latitude is not None and family.longitude is not None:
        initial = {"latitude": str(family.latitude), "longitude": str(family.longitude)}
    form = FamilyPinForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        result = run_service(
            request,
            lambda: family_pin(
                actor=request.actor,
                family=family,
                latitude=form.cleaned_data["latitude"],
                longitude=form.cleaned_data["longitude"],
            ),
            form=form,
            success=_("De locatie van het gezin is opgeslagen."),
        )
        if result:
            return redirect("visits:family_detail", pk=family.pk)
    return render(
        request,
        "visits/family_location.html",
        {"family": family, "form": form, "openstreetmap": openstreetmap_link(family)},
    )
