"""What the privacy pages may open: only the administrator's own school's families and requests.

Role checks are on the views (``role_required(Role.ADMINISTRATOR)``); here every lookup is
scoped to the current school, so another school's family or request answers 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from huisbezoek.access import Actor
from huisbezoek.parent_pages import parent_pages
from visits import personal_data

from .models import CorrectionRequest

if TYPE_CHECKING:
    from huisbezoek.models import School
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


def get_public_school(code: str) -> School:
    """The school whose public parent code this is (the code of its parent page ``/ouders/<code>/``,
    given out by the protocol app through ``huisbezoek.parent_pages``); any other code is a 404.
    Not per user: the parents' privacy notice needs no log-in."""
    school = parent_pages.school_for_code(code)
    if school is None:
        raise Http404
    return school
