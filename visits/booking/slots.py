"""The slot engine: the times a family can choose that truly work for everyone who comes.

A slot is offered only when

* the visit can be planned as a home visit and the family's wish about who visits is met by the
  visit's visitors (``services.visitor_preference_problems``, the planner's rule);
* it lies in the programme's period and evening hours, on a 15-minute grid, after ``now``;
* the school does not close that day (``holidays.closed_days``) and, for a family who keeps the
  Ramadan, it is no Ramadan day or Eid (the planner's warnings ``ramadan:``/``islamic:``);
* every visitor (the lead visitor, the duo colleague, and, when the family needs an interpreter
  the school arranges, an active interpreter who speaks the family's language) is inside one of
  their availability windows for the whole visit, including the travel from their visit before
  and to their visit after that day (``geo.travel.travel_minutes`` between the families), and
  free of every other scheduled visit.

Pure and fast: everything is loaded first with a fixed number of queries, then computed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from .. import holidays
from ..geo.travel import Point, family_point, travel_minutes
from ..models import AvailabilityWindow, Family, Interpreter, Programme, Visit
from ..services import BUSY, MAX_VISIT_MINUTES, family_language, plannable_kind, visitor_preference_problems

if TYPE_CHECKING:
    from huisbezoek.models import User

GRID_MINUTES = 15
SKIPPED_WARNINGS = ("ramadan:", "islamic:")


@dataclass(frozen=True)
class Slot:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    lead_visitor: User
    colleague: User | None
    interpreter: Interpreter | None

    @property
    def key(self) -> str:
        """How a form names this slot: its local start."""
        return timezone.localtime(self.starts_at).strftime("%Y-%m-%dT%H:%M")

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at)


@dataclass(frozen=True)
class _Busy:
    start: datetime.datetime
    end: datetime.datetime
    point: Point | None


@dataclass
class _Person:
    windows: dict[datetime.date, list[tuple[datetime.datetime, datetime.datetime]]]
    busy: dict[datetime.date, list[_Busy]]


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _fits(
    person: _Person,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    point: Point | None,
    programme: Programme,
) -> bool:
    """Whether the person is free from ``start`` to ``end`` with travel to and from their other
    visits that day, all inside one of their windows."""
    day = timezone.localtime(start).date()
    for other in person.busy.get(day, ()):
        if other.end <= start:
            if other.end + datetime.timedelta(minutes=travel_minutes(programme, other.point, point)) > start:
                return False
        elif other.start >= end:
            if end + datetime.timedelta(minutes=travel_minutes(programme, point, other.point)) > other.start:
                return False
        else:
            return False
    # The travel from the visit just before and to the visit just after lies in the window too.
    prev = max((o for o in person.busy.get(day, ()) if o.end <= start), key=lambda o: o.end, default=None)
    nxt = min((o for o in person.busy.get(day, ()) if o.start >= end), key=lambda o: o.start, default=None)
    need_from = start - datetime.timedelta(minutes=travel_minutes(programme, prev.point, point)) if prev else start
    need_to = end + datetime.timedelta(minutes=travel_minutes(programme, point, nxt.point)) if nxt else end
    return any(w_start <= need_from and need_to <= w_end for w_start, w_end in person.windows.get(day, ()))


def offer_slots(*, visit: Visit, now: datetime.datetime) -> list[Slot]:
    """The times this family can choose for ``visit``, in order (see the module's rules)."""
    if plannable_kind(visit) != Visit.Kind.HOME:
        return []
    programme = Programme.objects.filter(school_year_id=visit.school_year_id).first()
    if programme is None:
        return []
    visit = (
        Visit.objects.select_related("family", "lead_visitor", "colleague", "interpreter")
        .prefetch_related("family__home_languages")
        .get(pk=visit.pk)
    )
    family: Family = visit.family
    visitors = [v for v in (visit.lead_visitor, visit.colleague) if v is not None]
    if visitor_preference_problems(family.visitor_preference, visitors):
        return []
    first = max(programme.period_start, timezone.localtime(now).date())
    last = programme.period_end
    if first > last:
        return []

    # Who must come: the visitors, and the interpreter: the one already on the visit, or, when the
    # school arranges one, an active interpreter who speaks the family's language.
    arranged_by_school = family.interpreter_arranged_by == Family.InterpreterArrangedBy.SCHOOL
    candidates: list[Interpreter] = []
    if visit.interpreter is not None and visit.interpreter.is_active:
        candidates = [visit.interpreter]
    elif family.interpreter_needed and arranged_by_school:
        language = family_language(family)
        candidates = [
            i
            for i in Interpreter.objects.filter(school_id=visit.school_id, is_active=True).order_by("name", "pk")
            if language and language in i.languages
        ]
        if not candidates:
            return []
    need_interpreter = bool(candidates)

    user_ids = [v.pk for v in visitors]
    interpreter_ids = [i.pk for i in candidates]
    people: dict[tuple[str, int], _Person] = {
        **{("user", pk): _Person(defaultdict(list), defaultdict(list)) for pk in user_ids},
        **{("interpreter", pk): _Person(defaultdict(list), defaultdict(list)) for pk in interpreter_ids},
    }
    for window in AvailabilityWindow.objects.filter(
        Q(user_id__in=user_ids) | Q(interpreter_id__in=interpreter_ids),
        school_id=visit.school_id,
        date__gte=first,
        date__lte=last,
    ):
        key = ("user", window.user_id) if window.user_id else ("interpreter", window.interpreter_id)
        people[key].windows[window.date].append((_aware(window.date, window.start), _aware(window.date, window.end)))  # type: ignore[index]

    earliest = _aware(first, datetime.time.min) - datetime.timedelta(minutes=MAX_VISIT_MINUTES)
    others = (
        Visit.objects.filter(
            Q(lead_visitor_id__in=user_ids) | Q(colleague_id__in=user_ids) | Q(interpreter_id__in=interpreter_ids),
            status__in=BUSY,
            starts_at__gte=earliest,
            starts_at__lt=_aware(last + datetime.timedelta(days=1), datetime.time.min),
        )
        .exclude(pk=visit.pk)
        .select_related("family")
        .only(
            "starts_at",
            "duration_minutes",
            "lead_visitor_id",
            "colleague_id",
            "interpreter_id",
            "family__latitude",
            "family__longitude",
        )
    )
    for other in others:
        if other.starts_at is None:
            continue
        busy = _Busy(
            other.starts_at,
            other.starts_at + datetime.timedelta(minutes=other.duration_minutes or programme.visit_minutes),
            family_point(other.family),
        )
        day = timezone.localtime(other.starts_at).date()
        keys = (("user", other.lead_visitor_id), ("user", other.colleague_id), ("interpreter", other.interpreter_id))
        for key in keys:
            if key in people:
                people[key].busy[day].append(busy)  # type: ignore[index]

    closed = holidays.closed_days(visit.school, first, last)
    here = family_point(family)
    length = datetime.timedelta(minutes=programme.visit_minutes)
    step = datetime.timedelta(minutes=GRID_MINUTES)
    lead_windows = people[("user", visit.lead_visitor_id)].windows
    slots: list[Slot] = []
    for day in sorted(d for d in lead_windows if first <= d <= last):
        if day in closed:
            continue
        if family.keeps_ramadan and any(
            code.startswith(SKIPPED_WARNINGS) for code, _message in holidays.day_warnings(day, keeps_ramadan=True)
        ):
            continue
        opening = _aware(day, programme.evening_start)
        minute = opening.minute % GRID_MINUTES
        start = opening + datetime.timedelta(minutes=(GRID_MINUTES - minute) % GRID_MINUTES) if minute else opening
        closing = _aware(day, programme.evening_end)
        while start + length <= closing:
            end = start + length
            if start > now and all(
                _fits(people[("user", pk)], start=start, end=end, point=here, programme=programme) for pk in user_ids
            ):
                interpreter = next(
                    (
                        i
                        for i in candidates
                        if _fits(people[("interpreter", i.pk)], start=start, end=end, point=here, programme=programme)
                    ),
                    None,
                )
                if not need_interpreter or interpreter is not None:
                    slots.append(Slot(start, end, visit.lead_visitor, visit.colleague, interpreter))
            start += step
    return slots
