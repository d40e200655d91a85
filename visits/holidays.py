"""School holidays per region and religious holidays, from the maintained ``holidays`` package.

The planner refuses a visit in a school holiday of the school's region (families are
away, teachers are off) and warns about a religious holiday, when a family may have
guests or be at the mosque, church, synagogue or temple.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.utils.translation import gettext_lazy as _

from huisbezoek.models import School

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
def _religious(year: int) -> dict[datetime.date, list[str]]:
    found: dict[datetime.date, list[str]] = {}
    for country, wanted in RELIGIOUS.items():
        calendar = holidays.country_holidays(country, years=year, language="en_US")
        for day, names in calendar.items():
            for name in names.split("; "):
                base = name.replace(" (estimated)", "")
                if base in wanted:
                    found.setdefault(day, []).append(str(wanted[base]))
    return found


def school_holiday(day: datetime.date, region: str) -> str | None:
    """The name of the school holiday of ``region`` on ``day`` (in Dutch), or None."""
    return _school_holidays(region, day.year).get(day)


def religious_holidays(day: datetime.date) -> list[str]:
    return _religious(day.year).get(day, [])
