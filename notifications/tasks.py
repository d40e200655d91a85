"""Celery tasks of the notifications app: thin wrappers that take ids and call the services."""

from typing import Any

from celery import shared_task
from django.dispatch import receiver

from huisbezoek.celery import TransactionAwareTask

from . import services
from .signals import notification_ready


@shared_task(base=TransactionAwareTask, ignore_result=True)
def notification_send(notification_id: int) -> str:
    """Send one queued message (idempotent: a message that is not waiting any more is left alone)."""
    return services.notification_send(notification_id=notification_id)


@shared_task(base=TransactionAwareTask, ignore_result=True)
def notifications_dispatch() -> int:
    """Beat, every minute: send what is due (new and retries), flag messages stuck in 'sending'."""
    return services.notifications_dispatch()


@receiver(notification_ready, dispatch_uid="notifications_send_when_ready")
def send_when_ready(*, notification_id: int, **kwargs: Any) -> None:
    notification_send.delay(notification_id)
