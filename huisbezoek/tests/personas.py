"""The personas every test shares, as plain functions: the root conftest.py turns each into a
fixture, and ``build_personas`` builds them all at once for fixtures of a wider scope (the
permission matrix builds its world once per module).

teacher          mentor of ``group`` (with ``pupil``) at ``school``
colleague        teacher of another group at ``school``
directie, care_coordinator, administrator, interpreter   at ``school``
outsider         teacher at ``other_school`` (same board): must see nothing of ``school``
"""

from __future__ import annotations

from typing import Any

from huisbezoek.models import Role
from huisbezoek.tests.factories import BoardFactory, MembershipFactory, SchoolFactory, SchoolYearFactory, UserFactory
from visits.tests.factories import GroupFactory, GroupTeacherFactory, InterpreterFactory, PupilFactory

# Persona name -> role and the user's names; the outsider belongs to ``other_school``.
STAFF: dict[str, tuple[str, dict[str, str]]] = {
    "teacher": (Role.TEACHER, {"first_name": "Fatima", "last_name": "Bakker", "email": "leerkracht@school.test"}),
    "colleague": (Role.TEACHER, {"first_name": "Pieter", "last_name": "de Vries", "email": "collega@school.test"}),
    "directie": (Role.DIRECTIE, {"first_name": "Ingrid", "last_name": "Smit", "email": "directie@school.test"}),
    "care_coordinator": (
        Role.CARE_COORDINATOR,
        {"first_name": "Samira", "last_name": "Yilmaz", "email": "zorg@school.test"},
    ),
    "administrator": (Role.ADMINISTRATOR, {"first_name": "Bert", "last_name": "Jansen", "email": "beheer@school.test"}),
    "interpreter": (Role.INTERPRETER, {"first_name": "Nadia", "last_name": "Amrani", "email": "tolk@school.test"}),
    "outsider": (Role.TEACHER, {"first_name": "Kees", "last_name": "Buiten", "email": "buiten@school.test"}),
}


def make_board():
    return BoardFactory(name="Stichting Samen Leren")


def make_school(board):
    return SchoolFactory(board=board, name="Basisschool De Regenboog", brin="12AB")


def make_other_school(board):
    return SchoolFactory(board=board, name="Het Baken College", brin="34CD", school_type="secondary")


def make_school_year(school):
    return SchoolYearFactory(school=school)


def make_persona(name: str, school):
    """The staff member ``name`` (a key of STAFF) with a membership of ``school``."""
    role, names = STAFF[name]
    user = UserFactory(**names)
    MembershipFactory(user=user, school=school, role=role)
    if name == "interpreter":
        InterpreterFactory(school=school, user=user, name=user.get_full_name(), languages=["rif", "ary"])
    return user


def make_group(school, school_year, teacher):
    group = GroupFactory(school=school, school_year=school_year, name="Groep 3a", grade=3)
    GroupTeacherFactory(group=group, teacher=teacher)
    return group


def make_pupil(school, group):
    return PupilFactory(school=school, group=group, first_name="Yasmina")


def build_personas() -> dict[str, Any]:
    """Everything the root fixtures build, in the same order: ``board``, ``school``,
    ``other_school``, ``school_year``, ``group``, ``pupil`` and ``personas`` (name -> user)."""
    board = make_board()
    school = make_school(board)
    other_school = make_other_school(board)
    school_year = make_school_year(school)
    people = {name: make_persona(name, other_school if name == "outsider" else school) for name in STAFF}
    group = make_group(school, school_year, people["teacher"])
    pupil = make_pupil(school, group)
    return {
        "board": board,
        "school": school,
        "other_school": other_school,
        "school_year": school_year,
        "group": group,
        "pupil": pupil,
        "personas": people,
    }
