"""Celery task of the reminders: the sweep (beat, every few minutes). Imported by the visits
app's ``AppConfig.ready``, so the worker registers it."""

from celery import shared_task

from huisbezoek.celery import TransactionAwareTask

from . import rules as reminders


@shared_task(base=TransactionAwareTask, ignore_result=True)
def reminders_sweep() -> int:
    """Queue every reminder that is due now, at every school; each message exactly once (its key)."""
    return reminders.reminders_sweep()
