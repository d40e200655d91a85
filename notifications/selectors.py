"""Read-only questions about messages, for views and other apps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Notification

if TYPE_CHECKING:
    from huisbezoek.models import School


def notifications_for_family(*, school: School, family_id: int) -> QuerySet[Notification]:
    """Every message the log holds for one family of ``school``, newest first (right of access)."""
    return Notification.objects.filter(school=school, family_id=family_id).order_by("-created", "-pk")


def attention_count(*, school: School) -> int:
    """How many of the school's messages failed or may not have arrived."""
    return Notification.objects.filter(
        school=school, status__in=[Notification.Status.FAILED, Notification.Status.UNKNOWN]
    ).count()
