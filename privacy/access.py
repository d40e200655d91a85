"""What the privacy pages may open: only the administrator's own school's families and requests.

Role checks are on the views (``role_required(Role.ADMINISTRATOR)``); here every lookup is
scoped to the current school, so another school's family or request answers 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from huisbezoek.models import School
from visits import personal_data

from .models import CorrectionRequest

if TYPE_CHECKING:
    from visits.models import Family


def get_family_for(school: School | None, pk: int) -> Family:
    if school is None:
        raise Http404
    return personal_data.family_of_school(school=school, pk=pk)


def corrections_of(school: School | None) -> QuerySet[CorrectionRequest]:
    if school is None:
        return CorrectionRequest.objects.none()
    return CorrectionRequest.objects.filter(school=school)


def get_correction_for(school: School | None, pk: int) -> CorrectionRequest:
    correction = corrections_of(school).select_related("family", "school").filter(pk=pk).first()
    if correction is None:
        raise Http404
    return correction
