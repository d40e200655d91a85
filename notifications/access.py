"""Who may see the message log and change the reminder settings.

The log is the administrator's (it holds addresses and parents' phone numbers); the settings
belong to the directie and the administrator. Everything is scoped to the current school, so
a message of another school answers 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from huisbezoek.access import Actor
from huisbezoek.models import Role

from .models import Notification

LOG_ROLES = frozenset({Role.ADMINISTRATOR})


def notifications_visible_to(actor: Actor) -> QuerySet[Notification]:
    if actor.school is None or not actor.user.is_authenticated or not actor.roles & LOG_ROLES:
        return Notification.objects.none()
    return Notification.objects.filter(school=actor.school)


def get_notification_for(actor: Actor, pk: int) -> Notification:
    return get_object_or_404(notifications_visible_to(actor), pk=pk)
