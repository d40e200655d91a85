"""Is the installation healthy? Database, broker and background worker, each ok or not."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import WorkerHeartbeat

HEARTBEAT_NAME = "worker"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        return Check("database", False, type(exc).__name__)
    return Check("database", True, connection.vendor)


def check_broker() -> Check:
    from .celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
            transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001
        return Check("broker", False, type(exc).__name__)
    return Check("broker", True, str(transport))


def check_worker() -> Check:
    """The worker is alive when its heartbeat (sent by beat every minute) is recent."""
    beat = WorkerHeartbeat.objects.filter(name=HEARTBEAT_NAME).first()
    if beat is None:
        return Check("worker", False, "no heartbeat yet")
    age = (timezone.now() - beat.last_seen).total_seconds()
    if age > settings.WORKER_HEARTBEAT_MAX_AGE:
        return Check("worker", False, f"last heartbeat {int(age)} s ago")
    return Check("worker", True, f"last heartbeat {int(age)} s ago")


def run_checks() -> list[Check]:
    database = check_database()
    worker = check_worker() if database.ok else Check("worker", False, "database unavailable")
    return [database, check_broker(), worker]
