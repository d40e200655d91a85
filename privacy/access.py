"""What the privacy pages may open: only the administrator's own school's families and requests.

Role checks are on the views (``role_required(Role.ADMINISTRATOR)``); here every lookup is
scoped to the current school, so another school's family or request answers 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from huisbezoek.access import Actor
from visits import personal_data

from .models import CorrectionRequest

if TYPE_CHECKING:
    from visits.models import Family


def get_family_for(actor: Actor, pk: int) -> Family:
    if actor.school is None:
        raise Http404
    return personal_data.family_of_school(school=actor.school, pk=pk)


def corrections_visible_to(actor: Actor) -> QuerySet[CorrectionRequest]:
    if actor.school is None:
        return CorrectionRequest.objects.none()
    return CorrectionRequest.objects.filter(school=actor.school)


def get_correction_for(actor: Actor, pk: int) -> CorrectionRequest:
    correction = corrections_visible_to(actor).select_related("family", "school").filter(pk=pk).first()
    if correction is None:
        raise Http404
    return correction
