"""What the school calendar page shows for one school year: the school's own entries, the regional
holidays with whether the school follows them, and the Ramadan and Eids of that year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from huisbezoek.models import SchoolYear

from .. import holidays
from ..models import SchoolCalendarEntry


@dataclass(frozen=True)
class RegionalHoliday:
    period: holidays.Period
    kept_open: bool  # the school has said it is open on (some of) these days


@dataclass(frozen=True)
class YearCalendar:
    school_year: SchoolYear
    entries: list[SchoolCalendarEntry]
    regional: list[RegionalHoliday]
    ramadan: list[tuple[datetime.date, datetime.date]]
    feasts: list[tuple[datetime.date, str]]


def year_calendar(*, entries: QuerySet[SchoolCalendarEntry], school_year: SchoolYear, region: str) -> YearCalendar:
    """The school year's calendar from ``entries`` (the actor's visible ones, sorted by date) and the
    holidays of the school's ``region``. One query."""
    start, end = school_year.start, school_year.end
    own = list(entries.filter(start__lte=end, end__gte=start).order_by("start", "end", "pk"))
    open_days = [e for e in own if e.kind == SchoolCalendarEntry.Kind.NOT_A_HOLIDAY]
    regional = [
        RegionalHoliday(period, any(e.start <= period.end and period.start <= e.end for e in open_days))
        for period in holidays.regional_holidays(region, start, end)
    ]
    ramadan = holidays.ramadans_between(start, end)
    feasts = []
    day = start
    while day <= end:
        name = holidays.islamic_feast(day)
        if name:
            feasts.append((day, name))
        day += datetime.timedelta(days=1)
    return YearCalendar(school_year, own, regional, ramadan, feasts)
