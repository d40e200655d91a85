"""Background work of the evaluation: sending the parents their personal links."""

from __future__ import annotations

from celery import shared_task

from . import services
from .models import Evaluation


@shared_task
def send_parent_invitations(evaluation_id: int) -> int:
    """Invite every family of the year's cohort that has no invitation yet; returns how many were
    invited now. Safe to run again: a family with an invitation is skipped (one transaction each)."""
    from visits.selectors import evaluation_families

    evaluation = Evaluation.objects.select_related("school", "school_year").filter(pk=evaluation_id).first()
    if evaluation is None or evaluation.status != Evaluation.Status.OPEN:
        return 0
    families = evaluation_families(school=evaluation.school, school_year=evaluation.school_year)
    return sum(services.parent_invitation_send(evaluation_id=evaluation.pk, family=family) for family in families)
