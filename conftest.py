"""Personas shared by every test: one school with its staff, and an outsider of another school.

teacher          mentor of ``group`` (with ``pupil``) at ``school``
colleague        teacher of another group at ``school``
directie, care_coordinator, administrator, interpreter   at ``school``
outsider         teacher at ``other_school`` (same board): must see nothing of ``school``
"""

import os

import pytest
from django.test import Client

from huisbezoek.models import Role
from huisbezoek.tests.factories import (
    PASSWORD,
    BoardFactory,
    MembershipFactory,
    SchoolFactory,
    SchoolYearFactory,
    UserFactory,
)
from visits.tests.factories import GroupFactory, GroupTeacherFactory, InterpreterFactory, PupilFactory


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def board(db):
    return BoardFactory(name="Stichting Samen Leren")


@pytest.fixture
def school(board):
    return SchoolFactory(board=board, name="Basisschool De Regenboog", brin="12AB")


@pytest.fixture
def other_school(board):
    return SchoolFactory(board=board, name="Het Baken College", brin="34CD", school_type="secondary")


@pytest.fixture
def school_year(school):
    return SchoolYearFactory(school=school)


def _staff(school, role, **names):
    user = UserFactory(**names)
    MembershipFactory(user=user, school=school, role=role)
    return user


@pytest.fixture
def teacher(school):
    return _staff(school, Role.TEACHER, first_name="Fatima", last_name="Bakker", email="leerkracht@school.test")


@pytest.fixture
def colleague(school):
    return _staff(school, Role.TEACHER, first_name="Pieter", last_name="de Vries", email="collega@school.test")


@pytest.fixture
def directie(school):
    return _staff(school, Role.DIRECTIE, first_name="Ingrid", last_name="Smit", email="directie@school.test")


@pytest.fixture
def care_coordinator(school):
    return _staff(school, Role.CARE_COORDINATOR, first_name="Samira", last_name="Yilmaz", email="zorg@school.test")


@pytest.fixture
def administrator(school):
    return _staff(school, Role.ADMINISTRATOR, first_name="Bert", last_name="Jansen", email="beheer@school.test")


@pytest.fixture
def interpreter(school):
    user = _staff(school, Role.INTERPRETER, first_name="Nadia", last_name="Amrani", email="tolk@school.test")
    InterpreterFactory(school=school, user=user, name=user.get_full_name(), languages=["rif", "ary"])
    return user


@pytest.fixture
def outsider(other_school):
    return _staff(other_school, Role.TEACHER, first_name="Kees", last_name="Buiten", email="buiten@school.test")


@pytest.fixture
def group(school, school_year, teacher):
    group = GroupFactory(school=school, school_year=school_year, name="Groep 3a", grade=3)
    GroupTeacherFactory(group=group, teacher=teacher)
    return group


@pytest.fixture
def pupil(school, group):
    return PupilFactory(school=school, group=group, first_name="Yasmina")


@pytest.fixture
def personas(teacher, colleague, directie, care_coordinator, administrator, interpreter, outsider, pupil):
    """Every persona by name, with a group and a pupil in place (for matrix tests)."""
    return {
        "teacher": teacher,
        "colleague": colleague,
        "directie": directie,
        "care_coordinator": care_coordinator,
        "administrator": administrator,
        "interpreter": interpreter,
        "outsider": outsider,
    }


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "real_second_factor: force_login does not pass the second factor; the test logs in through the real forms",
    )


@pytest.fixture(autouse=True)
def force_login_passes_second_factor(request, monkeypatch):
    """``client.force_login(user)`` also counts as having passed the second factor.

    Directie, care coordinator and administrator must verify a TOTP code on every log-in
    (huisbezoek/otp.py). Tests of other pages log in with ``force_login`` and should not
    care: this gives the user a confirmed TOTP device and marks the session verified, as
    django-otp's own ``login`` does. Tests marked ``real_second_factor`` go through the forms.
    """
    if request.node.get_closest_marker("real_second_factor"):
        yield
        return
    from huisbezoek.testing.second_factor import mark_session_verified

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        mark_session_verified(session, user)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
    yield


def pytest_sessionstart(session):
    """Compile the translations first, so a plain `pytest` sees the same pages as `make test`."""
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("compile_translations", stdout=quiet)
