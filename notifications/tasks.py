"""Celery tasks of the notifications app: thin wrappers that take ids and call the services."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def notification_send(notification_id: int) -> str:
    """Send one queued message (idempotent: a message that is not waiting any more is left alone)."""
    return services.notification_send(notification_id=notification_id)


@shared_task(ignore_result=True)
def notifications_dispatch() -> int:
    """Beat, every minute: send what is due (new and retries), flag messages stuck in 'sending'."""
    return services.notifications_dispatch()
