"""Personas shared by every test: one school with its staff, and an outsider of another school.

teacher          mentor of ``group`` (with ``pupil``) at ``school``
colleague        teacher of another group at ``school``
directie, care_coordinator, administrator, interpreter   at ``school``
outsider         teacher at ``other_school`` (same board): must see nothing of ``school``

The builders live in huisbezoek/tests/personas.py; fixtures shared by several apps are
loaded below through ``pytest_plugins`` (never by importing another conftest or test module).
"""

import os

import pytest
from django.test import Client

from huisbezoek.tests import personas as build
from huisbezoek.tests.factories import PASSWORD

pytest_plugins = ["visits.tests.fixtures", "huisbezoek.testing.s3"]


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def board(db):
    return build.make_board()


@pytest.fixture
def school(board):
    return build.make_school(board)


@pytest.fixture
def other_school(board):
    return build.make_other_school(board)


@pytest.fixture
def school_year(school):
    return build.make_school_year(school)


@pytest.fixture
def teacher(school):
    return build.make_persona("teacher", school)


@pytest.fixture
def colleague(school):
    return build.make_persona("colleague", school)


@pytest.fixture
def directie(school):
    return build.make_persona("directie", school)


@pytest.fixture
def care_coordinator(school):
    return build.make_persona("care_coordinator", school)


@pytest.fixture
def administrator(school):
    return build.make_persona("administrator", school)


@pytest.fixture
def interpreter(school):
    return build.make_persona("interpreter", school)


@pytest.fixture
def outsider(other_school):
    return build.make_persona("outsider", other_school)


@pytest.fixture
def group(school, school_year, teacher):
    return build.make_group(school, school_year, teacher)


@pytest.fixture
def pupil(school, group):
    return build.make_pupil(school, group)


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
    """Compile the translations first, so a plain `pytest` sees the same pages as `make test`.

    Under pytest-xdist only the controlling process compiles: the workers start after it and
    find the .mo files written, instead of writing the same files at the same time."""
    if hasattr(session.config, "workerinput"):
        return
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("compile_translations", stdout=quiet)
