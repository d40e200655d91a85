"""How families came to their visit time this school year, for the directie's dashboard.

* *chose themselves*: home visits whose time the parents chose through their personal link;
* *phoned*: home visits with a time (planned, held or reported) that the teacher set without a
  booking by the parents (by phone, at the gate, by letter);
* *median days*: from the (first) invitation to the parents' choice, over the families who chose.

Two queries, however many visits."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from huisbezoek.models import School, SchoolYear

from ..models import BookingInvitation, Visit

WITH_A_TIME = (Visit.Status.SCHEDULED, Visit.Status.VISITED, Visit.Status.REPORTED)


@dataclass(frozen=True)
class BookingFigures:
    chose_themselves: int
    phoned: int
    median_days: float | None


def booking_figures(*, school: School, school_year: SchoolYear) -> BookingFigures:
    booked = BookingInvitation.objects.filter(visit=OuterRef("pk"), booked_at__isnull=False)
    visits = Visit.objects.filter(
        school=school, school_year=school_year, kind=Visit.Kind.HOME, status__in=WITH_A_TIME
    ).annotate(chose=Exists(booked))
    chose = phoned = 0
    for row in visits.values("chose"):
        chose += row["chose"]
        phoned += not row["chose"]
    first_invitation: dict[int, tuple] = {}
    for visit_id, created, booked_at in BookingInvitation.objects.filter(
        school=school, visit__school_year=school_year, visit__status__in=WITH_A_TIME
    ).values_list("visit_id", "created", "booked_at"):
        earliest, chosen = first_invitation.get(visit_id, (created, None))
        first_invitation[visit_id] = (min(earliest, created), chosen or booked_at)
    days = [(chosen - created).total_seconds() / 86400 for created, chosen in first_invitation.values() if chosen]
    return BookingFigures(chose, phoned, round(statistics.median(days), 1) if days else None)
