"""Marking and removing the windows in which a teacher or an interpreter can go on home visits."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..geo.travel import travel_minutes
from ..models import AvailabilityWindow, Interpreter, Programme

if TYPE_CHECKING:
    from huisbezoek.models import School, User

logger = logging.getLogger(__name__)

MAX_DATES = 20  # dates marked at once
DAYS_AHEAD = 366


@transaction.atomic
def windows_add(
    *,
    school: School,
    dates: Iterable[datetime.date],
    start: datetime.time,
    end: datetime.time,
    by: User,
    user: User | None = None,
    interpreter: Interpreter | None = None,
) -> list[AvailabilityWindow]:
    """Mark the same window (``start`` to ``end``) on each of ``dates`` for one person.

    The rule: exactly one person (a staff member or an interpreter of this school); the end after
    the start; dates from today up to a year ahead, at most ``MAX_DATES`` at once; a window may not
    overlap one the person already marked that day."""
    if (user is None) == (interpreter is None):
        raise ValidationError(_("Kies voor wie deze tijd geldt."))
    if interpreter is not None and interpreter.school_id != school.pk:
        raise ValidationError(_("Deze tolk werkt niet voor deze school."))
    days = sorted(set(dates))
    if not days:
        raise ValidationError({"date": _("Kies minstens één datum.")})
    if len(days) > MAX_DATES:
        raise ValidationError({"date": _("Kies hooguit %(count)s data tegelijk.") % {"count": MAX_DATES}})
    if end <= start:
        raise ValidationError({"end": _("De eindtijd moet na de begintijd liggen.")})
    today = timezone.localdate()
    if days[0] < today or days[-1] > today + datetime.timedelta(days=DAYS_AHEAD):
        raise ValidationError({"date": _("Kies data vanaf vandaag en binnen een jaar.")})
    person = Q(user=user) if user is not None else Q(interpreter=interpreter)
    clash = (
        AvailabilityWindow.objects.select_for_update()
        .filter(person, school=school, date__in=days, start__lt=end, end__gt=start)
        .order_by("date")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _("Op %(day)s is al een tijd gemarkeerd die hiermee overlapt (%(start)s-%(end)s).")
            % {
                "day": date_format(clash.date, "l j F"),
                "start": clash.start.strftime("%H:%M"),
                "end": clash.end.strftime("%H:%M"),
            }
        )
    windows = [
        AvailabilityWindow(school=school, user=user, interpreter=interpreter, date=day, start=start, end=end)
        for day in days
    ]
    for window in windows:
        window.full_clean()
    created = AvailabilityWindow.objects.bulk_create(windows)
    logger.info("User %s marked %s availability windows at school %s", by.pk, len(created), school.pk)
    return created


@transaction.atomic
def window_delete(*, window: AvailabilityWindow, by: User) -> None:
    """Remove a window; visits already booked in it stay (the teacher moves them if needed)."""
    logger.info("User %s removed availability window %s", by.pk, window.pk)
    window.delete()


@dataclass(frozen=True)
class DayWindows:
    date: datetime.date
    windows: list[AvailabilityWindow]
    families: int


def window_capacity(window: AvailabilityWindow, *, visit_minutes: int, travel: int) -> int:
    """How many visits of ``visit_minutes`` fit in the window, with ``travel`` minutes between two."""
    length = (
        datetime.datetime.combine(window.date, window.end) - datetime.datetime.combine(window.date, window.start)
    ).total_seconds() // 60
    return max(0, int((length + travel) // (visit_minutes + travel)))


def windows_by_date(windows: Iterable[AvailabilityWindow], programme: Programme | None) -> tuple[list[DayWindows], int]:
    """The windows grouped by date with the families each day can hold, and the total."""
    visit = programme.visit_minutes if programme else 60
    travel = travel_minutes(programme, None, None) if programme else 15
    days: dict[datetime.date, list[AvailabilityWindow]] = {}
    for window in windows:
        days.setdefault(window.date, []).append(window)
    rows = [
        DayWindows(day, items, sum(window_capacity(w, visit_minutes=visit, travel=travel) for w in items))
        for day, items in sorted(days.items())
    ]
    return rows, sum(row.families for row in rows)
