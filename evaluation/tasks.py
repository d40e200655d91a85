"""Background work of the evaluation: sending the parents their personal links, and again every
quarter of an hour for every open evaluation, so links not sent when it opened (broker down) still go."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.dispatch import receiver

from huisbezoek.celery import TransactionAwareTask
from visits.selectors import evaluation_families

from . import services
from .models import Evaluation
from .signals import evaluation_opened


@shared_task(base=TransactionAwareTask)
def send_parent_invitations(evaluation_id: int) -> int:
    """Invite every family of the year's cohort that has no invitation yet; returns how many were
    invited now. Safe to run again: a family with an invitation is skipped (one transaction each)."""
    evaluation = Evaluation.objects.select_related("school", "school_year").filter(pk=evaluation_id).first()
    if evaluation is None or evaluation.status != Evaluation.Status.OPEN:
        return 0
    families = evaluation_families(school=evaluation.school, school_year=evaluation.school_year)
    return sum(services.parent_invitation_send(evaluation_id=evaluation.pk, family=family) for family in families)


@shared_task(base=TransactionAwareTask)
def send_open_invitations() -> int:
    """Periodic (beat): invite the families without an invitation of every open evaluation;
    returns how many were invited now. Nothing is sent twice (see ``send_parent_invitations``)."""
    open_ids = Evaluation.objects.filter(status=Evaluation.Status.OPEN).values_list("pk", flat=True)
    return sum(send_parent_invitations(evaluation_id) for evaluation_id in open_ids)


@receiver(evaluation_opened, dispatch_uid="evaluation_invite_parents_when_opened")
def invite_parents_when_opened(*, evaluation_id: int, **kwargs: Any) -> None:
    send_parent_invitations.delay(evaluation_id)
