"""Read-only questions other apps may ask about home visits (they never import visits' models).

Keyword-only, typed, and scoped to one school.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from huisbezoek.models import School, SchoolYear

from .models import Programme


def current_school_year(*, school: School, day: datetime.date | None = None) -> SchoolYear | None:
    return SchoolYear.objects.filter(school=school).containing(day or timezone.localdate()).first()


def programme_for(*, school: School, school_year: SchoolYear | None = None) -> Programme | None:
    """The home-visit programme of ``school`` for ``school_year`` (default: the current year)."""
    year = school_year or current_school_year(school=school)
    if year is None:
        return None
    return Programme.objects.filter(school=school, school_year=year).first()
