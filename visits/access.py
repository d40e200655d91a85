"""Which groups, pupils and families a user may see at their current school.

A teacher sees the groups they teach and those groups' pupils and families; directie,
care coordinator and administrator see every group of the school. Nobody sees anything
of another school. See ``huisbezoek/access.py`` for the pattern.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from huisbezoek.models import Role, School

from .models import Family, Group, Pupil

if TYPE_CHECKING:
    from huisbezoek.models import User

SCHOOL_WIDE_ROLES = frozenset({Role.DIRECTIE, Role.CARE_COORDINATOR, Role.ADMINISTRATOR})


def groups_visible_to(user: User, school: School | None, roles: frozenset[str]) -> QuerySet[Group]:
    if school is None or not user.is_authenticated:
        return Group.objects.none()
    qs = Group.objects.filter(school=school)
    if roles & SCHOOL_WIDE_ROLES:
        return qs
    if Role.TEACHER in roles:
        return qs.filter(group_teachers__teacher=user).distinct()
    return Group.objects.none()


def pupils_visible_to(user: User, school: School | None, roles: frozenset[str]) -> QuerySet[Pupil]:
    if school is None or not user.is_authenticated:
        return Pupil.objects.none()
    qs = Pupil.objects.filter(school=school)
    if roles & SCHOOL_WIDE_ROLES:
        return qs
    if Role.TEACHER in roles:
        return qs.filter(group__group_teachers__teacher=user).distinct()
    return Pupil.objects.none()


def families_visible_to(user: User, school: School | None, roles: frozenset[str]) -> QuerySet[Family]:
    if school is None or not user.is_authenticated:
        return Family.objects.none()
    qs = Family.objects.filter(school=school)
    if roles & SCHOOL_WIDE_ROLES:
        return qs
    if Role.TEACHER in roles:
        return qs.filter(pupils__group__group_teachers__teacher=user).distinct()
    return Family.objects.none()
