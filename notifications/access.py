"""Who may see the message log and change the reminder settings.

The log is the administrator's (it holds addresses and parents' phone numbers); the settings
belong to the directie and the administrator. Everything is scoped to the current school, so
a message of another school answers 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from huisbezoek.models import Role

from .models import Notification

if TYPE_CHECKING:
    from huisbezoek.models import School, User

LOG_ROLES = frozenset({Role.ADMINISTRATOR})


def notifications_visible_to(user: User, school: School | None, roles: frozenset[str]) -> QuerySet[Notification]:
    if school is None or not user.is_authenticated or not roles & LOG_ROLES:
        return Notification.objects.none()
    return Notification.objects.filter(school=school)


def get_notification_for(user: User, school: School | None, roles: frozenset[str], pk: int) -> Notification:
    return get_object_or_404(notifications_visible_to(user, school, roles), pk=pk)
