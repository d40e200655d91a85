"""What parents choosing their own time leaves about a family: the invitations (never the link
itself, only when it was made, until when it worked, when it was used) and what parents asked."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huisbezoek import personal_data as registry

from ..models import BookingInvitation, BookingRequest


def export(family: Any, withheld: frozenset[int]) -> dict[str, Any]:
    invitations = BookingInvitation.objects.filter(visit__family=family).order_by("created", "pk")
    requests = BookingRequest.objects.filter(visit__family=family).order_by("created", "pk")
    return {
        "booking_invitations": [
            {
                "created": i.created.isoformat(),
                "expires_at": i.expires_at.isoformat(),
                "booked_at": i.booked_at.isoformat() if i.booked_at else None,
                "channel": i.channel,
            }
            for i in invitations
        ],
        "booking_requests": [
            {
                "kind": str(r.get_kind_display()),
                "created": r.created.isoformat(),
                "confirmed_at": r.confirmed_at.isoformat() if r.confirmed_at else None,
            }
            for r in requests
        ],
    }


def purge(family: Any, purge: registry.Purge) -> dict[str, int]:
    """They go with the family's visits (deleted or anonymised), never with a care case."""
    if purge == registry.Purge.DELETE_CARE:
        return {}
    invitations, _detail = BookingInvitation.objects.filter(visit__family=family).delete()
    requests, _detail = BookingRequest.objects.filter(visit__family=family).delete()
    return {"bookinginvitation": invitations, "bookingrequest": requests}


def titles() -> dict[str, str]:
    return {
        "booking_invitations": _("Uitnodiging om zelf een tijd te kiezen"),
        "booking_requests": _("Vraag van de ouders bij het kiezen van een tijd"),
    }


def labels() -> dict[str, str]:
    return {
        "created": _("gemaakt"),
        "expires_at": _("link geldig tot"),
        "booked_at": _("tijd gekozen op"),
        "channel": _("verstuurd via"),
        "kind": _("vraag"),
        "confirmed_at": _("afgehandeld op"),
    }


def register() -> None:
    registry.register(
        registry.Entry(
            key="visits_booking",
            label=gettext_lazy("Uitnodigingen om zelf een tijd te kiezen en wat de ouders daarbij vroegen"),
            models=(BookingInvitation, BookingRequest),
            export=export,
            purge=purge,
            titles=titles,
            labels=labels,
            order=5,
        )
    )
