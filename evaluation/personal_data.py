"""What the evaluation stores about a family: its entry in the personal-data registry.

Only the parents' invitations (a hashed link per family, its language, whether it was used)
refer to a family; the answers were never linked to it and are not personal data.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huisbezoek import personal_data as registry

from .models import ParentInvitation
from .services import invitations_forget_family


def export(family: registry.Subject, withheld: frozenset[int]) -> dict[str, Any]:
    """The family's questionnaire invitations (never the answers: they are anonymous)."""
    invitations = (
        ParentInvitation.objects.filter(school=family.school, family_id=family.pk)
        .select_related("evaluation__school_year")
        .order_by("expires_at", "pk")
    )
    return {
        "questionnaire_invitations": [
            {
                "evaluation": str(invitation.evaluation),
                "language": invitation.language,
                "expires_at": invitation.expires_at.isoformat(),
                "used": invitation.used,
            }
            for invitation in invitations
        ]
    }


def purge(family: registry.Subject, purge: registry.Purge) -> dict[str, int]:
    """The invitations go with the family's data (deleted or anonymised), not with a care case."""
    if purge == registry.Purge.DELETE_CARE:
        return {}
    return {"parentinvitation": invitations_forget_family(school=family.school, family_id=family.pk)}


def titles() -> dict[str, str]:
    return {"questionnaire_invitations": _("Uitnodiging voor de vragenlijst")}


def labels() -> dict[str, str]:
    return {
        "evaluation": _("evaluatie"),
        "language": _("taal"),
        "expires_at": _("link geldig tot"),
        "used": _("vragenlijst ingevuld"),
    }


def register() -> None:
    """Register the evaluation's family data (called from ``EvaluationConfig.ready()``)."""
    registry.register(
        registry.Entry(
            key="evaluation",
            label=gettext_lazy("De uitnodigingen voor de vragenlijst van de evaluatie (niet de antwoorden)"),
            models=(ParentInvitation,),
            export=export,
            purge=purge,
            titles=titles,
            labels=labels,
            order=50,
        )
    )
