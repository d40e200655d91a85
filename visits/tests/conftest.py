"""Fixtures for the visits tests: a programme, a family with a known language, and a fixed clock.

The clock stands on Monday 2 November 2026, 10:00 in Amsterdam — inside the demo visit
period (26 October - 18 December 2026), after the autumn break of region middle — and
ticks on from there, so tests about dates keep meaning the same thing next year.
"""

import datetime
import zoneinfo

import pytest
import time_machine

from huisbezoek.models import User
from visits.models import Programme
from visits.tests.factories import FamilyLanguageFactory, InterpreterFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=AMS)


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMS)


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def programme(school, school_year):
    return Programme.objects.create(
        school=school,
        school_year=school_year,
        period_start=datetime.date(2026, 10, 26),
        period_end=datetime.date(2026, 12, 18),
    )


@pytest.fixture
def family(pupil):
    family = pupil.family
    FamilyLanguageFactory(family=family, language="rif", is_main=True)
    family.interpreter_needed = True
    family.interpreter_language = "rif"
    family.save()
    return family


@pytest.fixture
def rif_interpreter(school):
    return InterpreterFactory(school=school, name="Hafsa Ouali", languages=["rif", "ary"])


@pytest.fixture
def women(teacher, colleague):
    """The teacher (Fatima) is a woman; the colleague (Pieter) a man."""
    User.objects.filter(pk=teacher.pk).update(gender=User.Gender.FEMALE)
    User.objects.filter(pk=colleague.pk).update(gender=User.Gender.MALE)
    teacher.refresh_from_db()
    colleague.refresh_from_db()
    return teacher
