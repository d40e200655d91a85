"""Helpers of the visits tests, shared with other apps' tests: the fixed clock's moment and dates.

The clock stands on Monday 2 November 2026, 10:00 in Amsterdam — inside the usual test visit
period (26 October - 18 December 2026), after the autumn break of region middle — and
ticks on from there, so tests about dates keep meaning the same thing next year.
"""

import datetime
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=AMS)


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime.datetime:
    """A moment in Amsterdam, by default in November 2026."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMS)


@contextmanager
def clock_at(moment: datetime.datetime = NOW) -> Iterator[None]:
    """The clock stands at ``moment`` and ticks on from there."""
    with time_machine.travel(moment, tick=True):
        yield
