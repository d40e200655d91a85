"""Linking teachers to groups: the administrator decides who is mentor or teacher of a group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huisbezoek.models import Membership, Role

from ..models import Group, GroupTeacher

if TYPE_CHECKING:
    from huisbezoek.models import User


def _require_administrator(*, user: User, school_id: int) -> None:
    if not Membership.objects.filter(
        user=user, school_id=school_id, role=Role.ADMINISTRATOR, user__is_active=True
    ).exists():
        raise PermissionDenied


def _require_open_year(group: Group) -> None:
    year = group.school_year
    if year.end < timezone.localdate():
        raise ValidationError(
            _("Schooljaar %(label)s is voorbij; de leerkrachten van de groepen blijven zoals ze waren.")
            % {"label": year.label}
        )


@transaction.atomic
def group_teacher_link(*, group: Group, teacher: User, kind: str, by: User) -> tuple[GroupTeacher, bool]:
    """Make ``teacher`` mentor or teacher of ``group``; returns the link and whether it is new.

    Rules: only an administrator of the group's school links; the teacher must hold the
    teacher role at that same school; one link per teacher and group, so linking again
    changes the kind instead of adding a second link; a group of a school year that has ended
    keeps its teachers (that year's figures per teacher stay as they were).
    """
    _require_administrator(user=by, school_id=group.school_id)
    _require_open_year(group)
    if kind not in GroupTeacher.Kind.values:
        raise ValidationError({"kind": _("Kies mentor of vakdocent.")})
    if not Membership.objects.filter(
        user=teacher, school_id=group.school_id, role=Role.TEACHER, user__is_active=True
    ).exists():
        raise ValidationError(
            {"teacher": _("Alleen een leerkracht van deze school kan aan een groep gekoppeld worden.")}
        )
    return GroupTeacher.objects.update_or_create(group=group, teacher=teacher, defaults={"kind": kind})


@transaction.atomic
def group_teacher_unlink(*, link: GroupTeacher, by: User) -> None:
    """Remove a teacher from a group. Rules: only an administrator of the group's school does this, and
    not for a group of a school year that has ended."""
    _require_administrator(user=by, school_id=link.group.school_id)
    _require_open_year(link.group)
    link.delete()
