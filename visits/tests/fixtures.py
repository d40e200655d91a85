"""Fixtures of the visits concern that other apps' tests use too: a programme, a family with a
known language, an interpreter of Tarifit, and the teachers' genders.

Loaded for every test through ``pytest_plugins`` in the root conftest.py. The fixed clock is
not here: it is switched on (autouse) by the visits and dashboard conftest files only.
"""

import pytest

from huisbezoek.models import User
from visits.tests.factories import FamilyLanguageFactory, InterpreterFactory, ProgrammeFactory


@pytest.fixture
def programme(school, school_year):
    return ProgrammeFactory(school=school, school_year=school_year)


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
