"""Celery tasks of the notifications app: thin wrappers that take ids and call the services.

``notifications_dispatch`` is a beat task and runs on the ``periodic`` queue (CELERY_TASK_ROUTES
in settings); the send tasks run on the default queue, where a backlog of messages may wait."""

from typing import Any

from celery import shared_task
from django.dispatch import receiver

from huisbezoek.celery import TransactionAwareTask

from . import services
from .signals import notification_ready, notifications_due


@shared_task(base=TransactionAwareTask, ignore_result=True)
def notification_send(notification_id: int) -> str:
    """Send one queued message (idempotent: a message that is not waiting any more is left alone)."""
    return services.notification_send(notification_id=notification_id)


@shared_task(base=TransactionAwareTask, ignore_result=True)
def notifications_send_batch() -> int:
    """Claim up to NOTIFICATION_BATCH_SIZE due messages (committed), then send them over one
    connection per channel. Safe to run any number of times: each claims what is left."""
    return services.notifications_send_batch()


@shared_task(base=TransactionAwareTask, ignore_result=True)
def notifications_dispatch() -> int:
    """Beat, every minute: have what is due sent in batches, flag messages stuck in 'sending'."""
    return services.notifications_dispatch()


@receiver(notification_ready, dispatch_uid="notifications_send_when_ready")
def send_when_ready(*, notification_id: int, **kwargs: Any) -> None:
    notification_send.delay(notification_id)


@receiver(notifications_due, dispatch_uid="notifications_send_batches_when_due")
def send_batches_when_due(*, batches: int, **kwargs: Any) -> None:
    for _batch in range(batches):
        notifications_send_batch.delay()
