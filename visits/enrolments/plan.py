"""What starting the next school year would change: which year, whether it may start now, and which
pupils move to another group or keep no current group. Reads only; ``services.year_start`` writes it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from huisbezoek.models import School, SchoolYear

from ..models import Enrolment, Group, Pupil, YearStart

# The administrator may start a school year by hand at most this many days before its first day
# (to let teachers see their new groups before the summer ends); the nightly task starts it on the day.
EARLY_START_DAYS = 14


@dataclass(frozen=True)
class GroupChange:
    pupil: Pupil
    old_group: Group | None
    new_group: Group | None  # None: in no group in the new year


@dataclass
class YearStartPlan:
    school_year: SchoolYear | None  # the year to start; None: there is none
    day: datetime.date
    has_begun: bool = False  # its first day has come
    allowed: bool = False
    refusal: str = ""
    changes: list[GroupChange] = field(default_factory=list)

    @property
    def moving(self) -> list[GroupChange]:
        return [c for c in self.changes if c.new_group is not None]

    @property
    def without_group(self) -> list[GroupChange]:
        return [c for c in self.changes if c.new_group is None]


def year_start_plan(*, school: School, day: datetime.date | None = None) -> YearStartPlan:
    """The year to start next and what it changes. The year is the one that has begun and has not
    started yet (the nightly task has not run), else the first year after the year of the current
    groups. It may start from ``EARLY_START_DAYS`` days before its first day. Three queries."""
    day = day or timezone.localdate()
    years = list(
        SchoolYear.objects.filter(school=school)
        .annotate(started=Exists(YearStart.objects.filter(school_year=OuterRef("pk"))))
        .order_by("start")
    )
    begun = [y for y in years if y.start <= day]
    started = [y for y in years if y.started]  # type: ignore[attr-defined]
    target: SchoolYear | None
    if begun and not any(y.start >= begun[-1].start for y in started):
        target = begun[-1]
    else:
        current = max([*begun[-1:], *started[-1:]], key=lambda y: y.start, default=None)
        target = next((y for y in years if current is None or y.start > current.start), None)
    plan = YearStartPlan(school_year=target, day=day)
    if target is None:
        plan.refusal = _("Er is nog geen volgend schooljaar. Maak dat eerst aan; daarna kunt u het hier starten.")
        return plan
    plan.has_begun = target.start <= day
    first_day = target.start - datetime.timedelta(days=EARLY_START_DAYS)
    plan.allowed = day >= first_day
    if not plan.allowed:
        plan.refusal = _(
            "Schooljaar %(year)s begint op %(start)s. Het kan hooguit %(days)s dagen eerder starten, "
            "dus vanaf %(first_day)s; op de eerste schooldag start het vanzelf."
        ) % {
            "year": target.label,
            "start": formats.date_format(target.start, "j F Y"),
            "days": EARLY_START_DAYS,
            "first_day": formats.date_format(first_day, "j F Y"),
        }

    enrolled = {e.pupil_id: e.group for e in Enrolment.objects.filter(school_year=target).select_related("group")}
    pupils = (
        Pupil.objects.filter(school=school)
        .filter(Q(group__isnull=False) | Q(pk__in=Enrolment.objects.filter(school_year=target).values("pupil")))
        .select_related("group")
        .order_by("last_name", "first_name", "pk")
    )
    for pupil in pupils:
        new = enrolled.get(pupil.pk)
        if new is None and pupil.group is not None and pupil.group.school_year_id == target.pk:
            continue  # already in a group of that year
        if (new.pk if new else None) != pupil.group_id:
            plan.changes.append(GroupChange(pupil=pupil, old_group=pupil.group, new_group=new))
    return plan
