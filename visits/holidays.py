"""When the school does not visit, and which days ask for care: the one place of these rules.

- ``closed_on(school, day)``: the reason no visit can be planned on ``day`` (a school holiday of
  the school's region from the maintained ``holidays`` package, unless the school keeps that day
  open; or an entry of the school's own calendar: its own holiday, a study day, a team week, an
  evening without visits), or None. The planner refuses with this reason.
- ``day_warnings(day, keeps_ramadan=...)``: what the teacher must confirm first: a religious
  holiday, when a family may have guests or be at the mosque, church, synagogue or temple; for
  a family who keeps the Ramadan, its evenings and the two Eids, from the Umm al-Qura calendar of
  the maintained ``hijridate`` package. The Islamic calendar follows the moon as it is sighted, so
  a date may be a day off: the texts say "ongeveer".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import holidays
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from hijridate import Gregorian, Hijri

from huisbezoek.models import School

from .models import SchoolCalendarEntry

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REGIONS: dict[str, str] = {
    School.HolidayRegion.NORTH: "Noord",
    School.HolidayRegion.MIDDLE: "Midden",
    School.HolidayRegion.SOUTH: "Zuid",
}

# Which religious holidays to warn about, taken from the calendars of the countries that
# keep them (names as the package gives them in English, shown in Dutch).
RELIGIOUS = {
    "MA": {"Eid al-Fitr": _("Suikerfeest (Eid al-Fitr)"), "Eid al-Adha": _("Offerfeest (Eid al-Adha)")},
    "IL": {"Rosh Hashanah": _("Rosj Hasjana (Joods nieuwjaar)"), "Yom Kippur": _("Jom Kipoer (Grote Verzoendag)")},
    "IN": {"Diwali": _("Divali")},
    "NL": {
        "Good Friday": _("Goede Vrijdag"),
        "Easter Sunday": _("Pasen"),
        "Easter Monday": _("Tweede Paasdag"),
        "Ascension Day": _("Hemelvaartsdag"),
        "Pentecost": _("Pinksteren"),
        "Pentecost Monday": _("Tweede Pinksterdag"),
        "Christmas Day": _("Kerstmis"),
        "Second Day of Christmas": _("Tweede Kerstdag"),
    },
}


@lru_cache(maxsize=32)
def _school_holidays(region: str, year: int) -> holidays.HolidayBase:
    return holidays.NL(subdiv=REGIONS[region], years=year, categories=("school",), language="nl")


@lru_cache(maxsize=32)
def _religious(year: int) -> dict[datetime.date, list[tuple[str, str]]]:
    found: dict[datetime.date, list[tuple[str, str]]] = {}
    for country, wanted in RELIGIOUS.items():
        calendar = holidays.country_holidays(country, years=year, language="en_US")
        for day, names in calendar.items():
            for name in names.split("; "):
                base = name.replace(" (estimated)", "")
                if base in wanted:
                    found.setdefault(day, []).append((country, str(wanted[base])))
    return found


def school_holiday(day: datetime.date, region: str) -> str | None:
    """The name of the school holiday of ``region`` on ``day`` (in Dutch), or None."""
    return _school_holidays(region, day.year).get(day)


def religious_holidays(day: datetime.date, *, islamic: bool = True) -> list[str]:
    """The religious holidays on ``day`` (in Dutch); without the Islamic ones when ``islamic`` is false."""
    return [name for country, name in _religious(day.year).get(day, []) if islamic or country != ISLAMIC_COUNTRY]


@dataclass(frozen=True)
class Period:
    """Consecutive days with one name, such as a regional school holiday."""

    start: datetime.date
    end: datetime.date
    name: str


def regional_holidays(region: str, start: datetime.date, end: datetime.date) -> list[Period]:
    """The school holidays of ``region`` that touch ``start``..``end``, one period per holiday, clipped."""
    periods: list[Period] = []
    day = start
    while day <= end:
        name = school_holiday(day, region)
        if name and periods and periods[-1].name == name and periods[-1].end == day - datetime.timedelta(days=1):
            periods[-1] = Period(periods[-1].start, day, name)
        elif name:
            periods.append(Period(day, day, name))
        day += datetime.timedelta(days=1)
    return periods


ENTRY_REASONS: dict[str, StrOrPromise] = {
    SchoolCalendarEntry.Kind.HOLIDAY: _("%(day)s valt in een vakantie van de school: %(label)s."),
    SchoolCalendarEntry.Kind.STUDY_DAY: _("%(day)s is een studiedag van de school: %(label)s."),
    SchoolCalendarEntry.Kind.TEAM_WEEK: _("%(day)s valt in een teamweek van de school: %(label)s."),
    SchoolCalendarEntry.Kind.NO_VISITS: _("Op %(day)s gaat de school niet op huisbezoek: %(label)s."),
}


def closed_on(school: School, day: datetime.date) -> str | None:
    """Why no home visit can be planned on ``day`` at ``school`` (one Dutch sentence), or None.

    The school's own calendar comes first: its own holiday, a study day, a team week or an evening
    without visits closes the day. A regional school holiday closes it too, unless the school has
    said it keeps that day open ("geen vakantie"). One query."""
    entries = list(SchoolCalendarEntry.objects.filter(school=school, start__lte=day, end__gte=day))
    return _closed_reason(school, day, entries)


def closed_days(school: School, start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """The days from ``start`` to ``end`` on which ``closed_on`` gives a reason: one query for the lot."""
    entries = list(SchoolCalendarEntry.objects.filter(school=school, start__lte=end, end__gte=start))
    found = set()
    day = start
    while day <= end:
        if _closed_reason(school, day, [e for e in entries if e.start <= day <= e.end]):
            found.add(day)
        day += datetime.timedelta(days=1)
    return found


def _closed_reason(school: School, day: datetime.date, entries: list[SchoolCalendarEntry]) -> str | None:
    for entry in entries:
        if entry.closes:
            return str(ENTRY_REASONS[entry.kind]) % {"day": date_format(day, "j F"), "label": entry.label}
    holiday = school_holiday(day, school.holiday_region)
    kept_open = any(entry.kind == SchoolCalendarEntry.Kind.NOT_A_HOLIDAY for entry in entries)
    if holiday and not kept_open:
        return gettext("%(day)s valt in de %(holiday)s.") % {"day": date_format(day, "j F"), "holiday": holiday}
    return None


def closures_between(school: School, start: datetime.date, end: datetime.date) -> list[SchoolCalendarEntry]:
    """The school's own closed days and periods that touch ``start``..``end``, by date (for the
    planning form; the regional holidays are known to everyone). One query."""
    return list(
        SchoolCalendarEntry.objects.filter(school=school, start__lte=end, end__gte=start)
        .exclude(kind=SchoolCalendarEntry.Kind.NOT_A_HOLIDAY)
        .order_by("start", "end", "pk")
    )


# The Islamic calendar (Umm al-Qura, as computed by hijridate).
ISLAMIC_COUNTRY = "MA"  # the country whose calendar gives the Eids in RELIGIOUS
RAMADAN = 9
FEASTS = {
    (10, 1): _("het Suikerfeest (Eid al-Fitr)"),
    (12, 10): _("het Offerfeest (Eid al-Adha)"),
}


def _hijri(day: datetime.date) -> Hijri | None:
    try:
        return Gregorian.fromdate(day).to_hijri()
    except OverflowError:  # outside the tables of the Umm al-Qura calendar (1924-2077)
        return None


def ramadan_days(year: int) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of the Ramadan that begins in ``year`` (the first, when two do), about.

    The first fasting day; the evening of the last one is the eve of the Suikerfeest. None outside
    the calendar's tables."""
    first = _hijri(datetime.date(year, 1, 1))
    if first is None:
        return None
    for hijri_year in (first.year, first.year + 1):
        try:
            start = Hijri(hijri_year, RAMADAN, 1)
            begins = start.to_gregorian().datetuple()
            ends = Hijri(hijri_year, RAMADAN, start.month_length()).to_gregorian().datetuple()
        except OverflowError:
            return None
        if begins[0] == year:
            return datetime.date(*begins), datetime.date(*ends)
    return None


def ramadans_between(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The Ramadans (first and last day, about) that touch ``start``..``end``."""
    found = []
    for year in range(start.year, end.year + 1):
        days = ramadan_days(year)
        if days and days[0] <= end and start <= days[1]:
            found.append(days)
    return found


def in_ramadan(day: datetime.date) -> bool:
    hijri = _hijri(day)
    return hijri is not None and hijri.month == RAMADAN


def islamic_feast(day: datetime.date) -> str | None:
    """The name of the Eid on ``day`` (in Dutch), about, or None."""
    hijri = _hijri(day)
    name = FEASTS.get((hijri.month, hijri.day)) if hijri else None
    return str(name) if name else None


def day_warnings(day: datetime.date, *, keeps_ramadan: bool) -> list[tuple[str, str]]:
    """What the teacher confirms before planning on ``day``, as (code, Dutch message).

    Every family: the religious holidays, when a family may have guests. A family who keeps the
    Ramadan: its days (the family breaks the fast at sunset) and the Eids, which replace the
    general Eid warning on the day the Umm al-Qura calendar gives (the general one, from another
    country's calendar, may fall a day later and still warns then)."""
    feast = islamic_feast(day) if keeps_ramadan else None
    warnings = [
        (
            f"religious:{day.isoformat()}",
            gettext("%(day)s is %(holiday)s. Past dit de familie? Vraag het na.")
            % {"day": date_format(day, "l j F"), "holiday": name},
        )
        for name in religious_holidays(day, islamic=feast is None)
    ]
    if not keeps_ramadan:
        return warnings
    if in_ramadan(day):
        warnings.append(
            (
                f"ramadan:{day.isoformat()}",
                gettext(
                    "%(day)s valt (ongeveer) in de ramadan: het gezin vast overdag en breekt rond zonsondergang "
                    "het vasten. Plan liever na het avondeten of overleg met het gezin."
                )
                % {"day": date_format(day, "l j F")},
            )
        )
    if feast:
        warnings.append(
            (
                f"islamic:{day.isoformat()}",
                gettext(
                    "%(day)s is (ongeveer) %(feast)s; dit gezin viert het waarschijnlijk. "
                    "Kies liever een andere dag of overleg met het gezin."
                )
                % {"day": date_format(day, "l j F"), "feast": feast},
            )
        )
    return warnings
