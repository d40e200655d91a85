"""What the privacy app itself stores about a family: its entry in the personal-data registry.

A correction request holds what the parents asked and the decision: it is part of the export
and goes with the family's data. An ``AccessExport`` row records only that an export was made
(who, when, which format), never its content; it loses its family when the family is deleted.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huisbezoek import personal_data as registry

from .models import AccessExport, CorrectionRequest


def export(family: registry.Subject, withheld: frozenset[int]) -> dict[str, Any]:
    return {
        "correction_requests": [
            {
                "received_on": c.received_on.isoformat(),
                "requested_by": c.requested_by,
                "request": c.request,
                "decision": c.get_decision_display(),
                "decision_note": c.decision_note,
                "decided_on": c.decided_on.isoformat() if c.decided_on else None,
            }
            for c in CorrectionRequest.objects.filter(school=family.school, family_id=family.pk)
        ]
    }


def purge(family: registry.Subject, purge: registry.Purge) -> dict[str, int]:
    """Correction requests go with the family's data; the export records keep only their facts."""
    if purge == registry.Purge.DELETE_CARE:
        return {}
    return {"correctionrequest": CorrectionRequest.objects.filter(family_id=family.pk).delete()[0]}


def titles() -> dict[str, str]:
    return {"correction_requests": _("Verzoek om correctie")}


def labels() -> dict[str, str]:
    return {
        "received_on": _("ontvangen op"),
        "requested_by": _("gevraagd door"),
        "request": _("verzoek"),
        "decision": _("besluit"),
        "decision_note": _("toelichting bij het besluit"),
        "decided_on": _("besloten op"),
    }


def register() -> None:
    """Register the privacy app's own family data (called from ``PrivacyConfig.ready()``)."""
    registry.register(
        registry.Entry(
            key="privacy",
            label=gettext_lazy("De verzoeken om correctie van het gezin"),
            models=(CorrectionRequest, AccessExport),
            export=export,
            purge=purge,
            titles=titles,
            labels=labels,
            order=90,
        )
    )
