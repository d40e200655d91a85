from celery import shared_task
from django.utils import timezone

from .health import HEARTBEAT_NAME
from .models import WorkerHeartbeat


@shared_task
def record_heartbeat() -> str:
    """Run by beat every minute; the health check reads when the worker last did this."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=HEARTBEAT_NAME, defaults={"last_seen": now})
    return now.isoformat()


@shared_task
def ping(value: str) -> str:
    """A task with no side effects, used to prove a worker answers."""
    return f"pong:{value}"
