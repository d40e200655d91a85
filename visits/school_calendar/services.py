"""Adding, changing and removing days of the school calendar."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from huisbezoek.limits import CALENDAR_LABEL_MAX, check_lengths

from ..models import SchoolCalendarEntry

if TYPE_CHECKING:
    from huisbezoek.models import User

logger = logging.getLogger(__name__)

LONGEST_DAYS = 92  # a summer holiday is six to seven weeks; a longer period is a typing error
YEARS_BACK = 1
YEARS_AHEAD = 3


def entry_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days an entry may lie in: from the start of last year to the end of three years ahead."""
    return datetime.date(today.year - YEARS_BACK, 1, 1), datetime.date(today.year + YEARS_AHEAD, 12, 31)


@transaction.atomic
def calendar_entry_save(*, entry: SchoolCalendarEntry, by: User) -> SchoolCalendarEntry:
    """Save a day or period of the school calendar.

    The rule: a short label without hidden characters; the last day not before the first; at most
    ``LONGEST_DAYS`` days; between a year ago and three years ahead."""
    entry.label = entry.label.strip()
    check_lengths(label=(entry.label, CALENDAR_LABEL_MAX))
    if entry.start and entry.end:
        if entry.end < entry.start:
            raise ValidationError({"end": _("De laatste dag mag niet vóór de eerste dag liggen.")})
        if entry.days > LONGEST_DAYS:
            raise ValidationError(
                {"end": _("Een periode duurt hooguit %(days)s dagen. Maak er anders twee.") % {"days": LONGEST_DAYS}}
            )
        first, last = entry_window(timezone.localdate())
        if not (first <= entry.start and entry.end <= last):
            raise ValidationError(
                {
                    "start": _("Kies data tussen %(first)s en %(last)s.")
                    % {"first": date_format(first, "j F Y"), "last": date_format(last, "j F Y")}
                }
            )
    entry.full_clean()
    entry.save()
    logger.info("School calendar entry %s of school %s saved by user %s", entry.pk, entry.school_id, by.pk)
    return entry


@transaction.atomic
def calendar_entry_delete(*, entry: SchoolCalendarEntry, by: User) -> None:
    """Remove a day or period from the school calendar; the planner follows the region there again."""
    logger.info("School calendar entry %s of school %s deleted by user %s", entry.pk, entry.school_id, by.pk)
    entry.delete()
