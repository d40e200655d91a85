"""Celery tasks of the visits app: the reminder sweep (beat, every few minutes)."""

from celery import shared_task

from . import rules as reminders


@shared_task(ignore_result=True)
def reminders_sweep() -> int:
    """Queue every reminder that is due now, at every school; each message exactly once (its key)."""
    return reminders.reminders_sweep()
