"""Reading and saving a school's reminder settings."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction

from ..models import ReminderSettings

if TYPE_CHECKING:
    from huisbezoek.models import School, User

logger = logging.getLogger(__name__)


def reminder_settings_for(*, school: School) -> ReminderSettings:
    """The school's reminder settings; the defaults (unsaved) when the school never changed them."""
    return ReminderSettings.objects.filter(school=school).first() or ReminderSettings(school=school)


@transaction.atomic
def reminder_settings_ensure(*, school: School) -> ReminderSettings:
    """The school's reminder settings, created with the defaults on first use."""
    row, _created = ReminderSettings.objects.get_or_create(school=school)
    return row


@transaction.atomic
def reminder_settings_save(*, reminder_settings: ReminderSettings, by: User) -> ReminderSettings:
    """Save the directie's or administrator's choices; the ranges are checked by the model's validators."""
    reminder_settings.full_clean()
    reminder_settings.save()
    logger.info("Reminder settings of school %s changed by user %s", reminder_settings.school_id, by.pk)
    return reminder_settings
