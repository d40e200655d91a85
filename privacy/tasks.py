"""The nightly retention purge: one task per school, looked up again by id."""

from __future__ import annotations

from celery import shared_task

from huisbezoek.celery import TransactionAwareTask
from huisbezoek.models import School

from . import services


@shared_task(base=TransactionAwareTask)
def retention_purge_school(school_id: int) -> None:
    """Purge (or dry-run) one school. Idempotent: what is gone stays gone; a rerun removes nothing."""
    school = School.objects.filter(pk=school_id).first()
    if school is not None:
        services.retention_purge(school=school)


@shared_task(base=TransactionAwareTask)
def retention_purge_all() -> None:
    """Daily (beat): one purge task per school, so one school's trouble does not stop the others."""
    for school_id in School.objects.values_list("pk", flat=True):
        retention_purge_school.delay(school_id)
