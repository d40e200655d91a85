"""A pupil's group per school year, and the start of a new school year.

``enrolments_set`` is the one way to put pupils in a group for a year: it writes their ``Enrolment``
of that year and, when that year's groups are the current ones (``selectors.group_year``), their
``Pupil.group`` too. ``year_start`` makes a year's enrolments the pupils' current groups.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huisbezoek.models import Membership, Role, School, SchoolYear

from ..models import Enrolment, Group, Pupil, YearStart
from ..selectors.pupils import group_year
from .plan import YearStartPlan, year_start_plan

if TYPE_CHECKING:
    from huisbezoek.models import User


@transaction.atomic
def enrolments_set(*, school_year: SchoolYear, groups: Iterable[tuple[Pupil, Group | None]]) -> int:
    """Put each (saved) pupil in its group for ``school_year`` (None: in no group that year); returns
    how many enrolments changed.

    Rules: the pupils, the groups and the year belong to one school; every group belongs to
    ``school_year``; a pupil has one group per year. When ``school_year`` is the year of the pupils'
    current groups, ``Pupil.group`` follows; the other years' groups are left as they are."""
    groups = list(groups)
    if not groups:
        return 0
    for pupil, group in groups:
        if pupil.pk is None or pupil.school_id != school_year.school_id:
            raise ValidationError(_("Deze leerling hoort niet bij de school van dit schooljaar."))
        if group is not None and (group.school_year_id != school_year.pk or group.school_id != pupil.school_id):
            raise ValidationError(
                _("Groep %(group)s hoort niet bij schooljaar %(year)s.") % {"group": group.name, "year": school_year}
            )
    by_pupil = {pupil.pk: (pupil, group) for pupil, group in groups}
    existing = {e.pupil_id: e for e in Enrolment.objects.filter(school_year=school_year, pupil__in=list(by_pupil))}
    to_create, to_update, to_delete = [], [], []
    for pupil_id, (pupil, group) in by_pupil.items():
        enrolment = existing.get(pupil_id)
        if group is None:
            if enrolment is not None:
                to_delete.append(enrolment.pk)
        elif enrolment is None:
            to_create.append(Enrolment(pupil=pupil, school_year=school_year, group=group))
        elif enrolment.group_id != group.pk:
            enrolment.group = group
            to_update.append(enrolment)
    Enrolment.objects.filter(pk__in=to_delete).delete()
    Enrolment.objects.bulk_create(to_create, batch_size=500)
    Enrolment.objects.bulk_update(to_update, ["group"], batch_size=500)

    current = group_year(school=school_year.school)
    if current is not None and current.pk == school_year.pk:
        moved = []
        for pupil, group in by_pupil.values():
            if pupil.group_id != (group.pk if group else None):
                pupil.group = group
                moved.append(pupil)
        Pupil.objects.bulk_update(moved, ["group"], batch_size=500)
    return len(to_create) + len(to_update) + len(to_delete)


def enrolment_set(*, pupil: Pupil, school_year: SchoolYear, group: Group | None) -> bool:
    """Put one pupil in ``group`` for ``school_year`` (see ``enrolments_set``); True when it changed."""
    return bool(enrolments_set(school_year=school_year, groups=[(pupil, group)]))


@transaction.atomic
def year_start(*, school: School, by: User | None, day: datetime.date | None = None) -> YearStartPlan:
    """Make the next school year's groups the pupils' current groups: every pupil goes to the group of
    their enrolment in that year; a pupil without one keeps no current group (not removed, not marked
    as left: the administrator handles leavers). Returns what was planned (and is now done).

    Rules: only an administrator of ``school`` starts a year by hand (``by=None`` is the nightly task);
    a year starts on its first day or, by hand, at most ``plan.EARLY_START_DAYS`` days before; a year starts
    once, so running this again changes nothing."""
    if (
        by is not None
        and not Membership.objects.filter(
            user=by, school=school, role=Role.ADMINISTRATOR, user__is_active=True
        ).exists()
    ):
        raise PermissionDenied
    # One start per school at a time (a row lock on PostgreSQL; SQLite writes one at a time anyway).
    School.objects.select_for_update().filter(pk=school.pk).first()
    plan = year_start_plan(school=school, day=day)
    if plan.school_year is None or not plan.allowed:
        raise ValidationError(plan.refusal)
    for change in plan.changes:
        change.pupil.group = change.new_group
    Pupil.objects.bulk_update([change.pupil for change in plan.changes], ["group"], batch_size=500)
    YearStart.objects.get_or_create(school_year=plan.school_year, defaults={"started_by": by})
    return plan


def year_start_sweep(*, day: datetime.date | None = None) -> list[int]:
    """Start every school year that began on or before ``day`` (default: today) and has not started
    yet (the nightly task); returns the ids of the years started. A rerun starts nothing."""
    day = day or timezone.localdate()
    started = []
    for school in School.objects.filter(school_years__start__lte=day).distinct().order_by("pk"):
        plan = year_start_plan(school=school, day=day)
        if plan.school_year is not None and plan.has_begun:
            year_start(school=school, by=None, day=day)
            started.append(plan.school_year.pk)
    return started
