"""The year switch of the pages that work on the current or the next school year (programme, groups)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone

from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import SchoolYear

YEAR_PARAMETER = "schooljaar"


def chosen_year(request: SchoolHttpRequest, years: list[SchoolYear]) -> SchoolYear | None:
    """The year named by ``?schooljaar=<id>`` among ``years`` (default: the first, None without years);
    any other value answers 404."""
    raw = request.GET.get(YEAR_PARAMETER, "")
    if not raw:
        return years[0] if years else None
    year = next((y for y in years if str(y.pk) == raw), None)
    if year is None:
        raise Http404
    return year


def year_switch(years: list[SchoolYear], school_year: SchoolYear | None) -> dict[str, Any]:
    """The template context of ``visits/_year_switch.html``."""
    return {"years": years, "school_year": school_year, "year_parameter": YEAR_PARAMETER, "today": timezone.localdate()}
