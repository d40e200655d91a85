"""The family card's edit page: the mentor writes down what the first phone call told them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
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
from .forms import FamilyCardForm
from .services import family_card_save

# A service's refusal about the home languages lands at the main-language field.
FORM_FIELD = {"languages": "main_language"}


def _is_stale(error: ValidationError) -> bool:
    return not hasattr(error, "error_dict") and any(e.code == "stale" for e in error.error_list)


@role_required(Role.TEACHER, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def family_edit(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """GET: the card as a form. POST: save it; a refusal shows the form again with what was typed."""
    family = access.get_family_for(request.actor, pk, write=True)
    guardians = list(family.guardians.order_by("pk"))
    form = FamilyCardForm(request.POST if request.method == "POST" else None, family=family, guardians=guardians)
    current: Family | None = None
    if request.method == "POST" and form.is_valid():
        result = run_service(
            request,
            lambda: family_card_save(
                actor=request.actor, family=family, card=form.card(), expected_version=form.cleaned_data["version"]
            ),
            form=form,
            field_names=FORM_FIELD,
            success=_("De gezinskaart is opgeslagen."),
        )
        if result:
            return redirect("visits:family_detail", pk=family.pk)
        if result.error is not None and _is_stale(result.error):
            # Someone else saved meanwhile: show what is stored now next to what was typed;
            # a second save (on the new version) is then a deliberate choice.
            family.refresh_from_db()
            current = family
            data = request.POST.copy()
            data["version"] = str(current.version)
            form.data = data
    return render(
        request,
        "visits/family_edit.html",
        {
            "family": family,
            "form": form,
            "current": current,
            "current_languages": current.home_languages.all() if current else [],
        },
    )
