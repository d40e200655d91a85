"""How families came to their visit time this school year, for the directie's dashboard.

* *chose themselves*: home visits whose time the parents chose through their personal link;
* *phoned*: home visits with a time (planned, held or reported) that the teacher set without a
  booking by the parents (by phone, at the gate, by letter);
* *median days*: from the (first) invitation to the parents' choice, over the families who chose.

One query, however many visits."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from huisbezoek.models import School, SchoolYear

from ..models import BookingInvitation, Visit

WITH_A_TIME = (Visit.Status.SCHEDULED, Visit.Status.VISITED, Visit.Status.REPORTED)


@dataclass(frozen=True)
class BookingFigures:
    chose_themselves: int
    phoned: int
    median_days: float | None


def booking_figures(*, school: School, school_year: SchoolYear) -> BookingFigures:
    invitations = BookingInvitation.objects.filter(visit=OuterRef("pk")).order_by()
    rows = (
        Visit.objects.filter(school=school, school_year=school_year, kind=Visit.Kind.HOME, status__in=WITH_A_TIME)
        .annotate(
            first_invited=Subquery(invitations.order_by("created").values("created")[:1]),
            chosen_at=Subquery(
                invitations.filter(booked_at__isnull=False).order_by("booked_at").values("booked_at")[:1]
            ),
        )
        .values_list("first_invited", "chosen_at")
    )
    chose = phoned = 0
    days = []
    for first_invited, chosen_at in rows:
        if chosen_at is None:
            phoned += 1
            continue
        chose += 1
        days.append((chosen_at - first_invited).total_seconds() / 86400)
    return BookingFigures(chose, phoned, round(statistics.median(days), 1) if days else None)
