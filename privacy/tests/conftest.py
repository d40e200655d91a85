"""Fixtures of the privacy tests: a fixed clock (Monday 2 November 2026, 10:00 Amsterdam)."""

import datetime
import zoneinfo

import pytest
import time_machine

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=AMS)


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=True):
        yield
