"""Celery task of the new school year: every night, a year whose first day has come makes its groups the
pupils' current groups. Imported by the visits app's ``AppConfig.ready``, so the worker registers it."""

from celery import shared_task

from huisbezoek.celery import TransactionAwareTask

from .services import year_start_sweep


@shared_task(base=TransactionAwareTask, ignore_result=True)
def year_start_daily() -> int:
    """Start every school year that has begun and not started yet; a rerun starts nothing."""
    return len(year_start_sweep())
