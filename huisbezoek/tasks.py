from celery import shared_task
from django.utils import timezone

from .celery import TransactionAwareTask
from .health import HEARTBEAT_NAME
from .models import WorkerHeartbeat


@shared_task(base=TransactionAwareTask)
def record_heartbeat() -> str:
    """Run by beat every minute (and by ``manage.py health --ping``); the health check
    reads when the worker last did this."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=HEARTBEAT_NAME, defaults={"last_seen": now})
    return now.isoformat()
