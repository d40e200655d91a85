"""What the message log stores about a family: its entry in the personal-data registry.

The log knows a family only by number (``Notification.family_id``); the entry exports the
family's messages for the right of access and makes the log forget the family at retention.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huisbezoek import personal_data as registry

from .models import Notification
from .selectors import notifications_for_family
from .services import notifications_forget_family


def export(family: registry.Subject, withheld: frozenset[int]) -> dict[str, Any]:
    """Every message the log holds for the family, newest first, without link secrets."""
    return {
        "messages": [
            {
                "created": n.created.isoformat(),
                "kind": n.kind,
                "channel": n.get_channel_display(),
                "address": n.address,
                "language": n.language,
                "subject": n.subject,
                "body": n.body_for_display,
                "status": n.get_status_display(),
                "sent_at": n.sent_at.isoformat() if n.sent_at else None,
            }
            for n in notifications_for_family(school=family.school, family_id=family.pk)
        ]
    }


def purge(family: registry.Subject, purge: registry.Purge) -> dict[str, int]:
    """Unsent messages go; sent ones lose address, text and the link to the family.

    A closed care case going on its own says nothing about the family's messages: they stay."""
    if purge == registry.Purge.DELETE_CARE:
        return {}
    return {"notification": notifications_forget_family(school=family.school, family_id=family.pk)}


def titles() -> dict[str, str]:
    return {"messages": _("Bericht aan het gezin")}


def labels() -> dict[str, str]:
    return {
        "kind": _("soort"),
        "channel": _("kanaal"),
        "address": _("aan"),
        "language": _("taal"),
        "subject": _("onderwerp"),
        "body": _("tekst"),
        "status": _("status"),
        "sent_at": _("verstuurd"),
        "created": _("aangemaakt"),
    }


def register() -> None:
    """Register the message log's family data (called from ``NotificationsConfig.ready()``)."""
    registry.register(
        registry.Entry(
            key="notifications",
            label=gettext_lazy("De berichten die het gezin kreeg"),
            models=(Notification,),
            export=export,
            purge=purge,
            titles=titles,
            labels=labels,
            order=60,
        )
    )
