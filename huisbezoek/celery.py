"""The Celery app and the one base class of every task.

Broker and result backend come from settings (REDIS_URL, or the file-system transport when it
is not set). Tasks live beside their services in each app's ``tasks.py`` (found by
``autodiscover_tasks``) or, for a package inside an app, are imported by that app's
``AppConfig.ready``.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, Task, signals
from django.db import close_old_connections, transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huisbezoek.settings")

app = Celery("huisbezoek")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
@signals.task_postrun.connect
def _database_connections_like_a_request(sender: Task | None = None, **kwargs: Any) -> None:
    """Around each task, what Django does around each request: close the connection only when
    it is older than ``CONN_MAX_AGE``, broken or left in a failed transaction. A worker so keeps
    one database connection for many tasks instead of opening one per task (Celery's own
    fix-up, which would close it every time, is held off by ``CELERY_DB_REUSE_MAX``).
    Not for a task run eagerly: that is the caller's connection."""
    if sender is not None and getattr(sender.request, "is_eager", False):
        return
    close_old_connections()


class TransactionAwareTask(Task):
    """A task whose ``delay``/``apply_async`` waits for the caller's transaction to commit.

    Called inside an atomic block, the message is handed to ``transaction.on_commit``: a worker
    never looks up a row that is not committed yet (it would find nothing, or the old state), and
    work that is rolled back sends nothing. Called outside one (in a worker, a management command,
    a view: ATOMIC_REQUESTS is off) the message goes to the broker at once.

    This is the only way the project enqueues after commit: write ``task.delay(...)`` wherever the
    change is made, never ``transaction.on_commit(lambda: task.delay(...))`` by hand.

    A message held for the commit is sent *robustly*: a broker that is down is logged, and the
    caller's committed work does not turn into an error. Every task is safe to run again, and what
    a lost message leaves undone is picked up later (the message dispatcher and the invitation
    sweep run periodically; a PDF is rendered when it is first asked for). Such a call returns
    ``None``: the message has no id until it is sent.
    """

    def apply_async(self, args: Any = None, kwargs: Any = None, **options: Any) -> Any:
        if not transaction.get_connection().in_atomic_block:
            return super().apply_async(args, kwargs, **options)
        send = super().apply_async

        def send_after_commit() -> None:
            send(args, kwargs, **options)

        transaction.on_commit(send_after_commit, robust=True)
        return None


@signals.worker_process_init.connect(dispatch_uid="huisbezoek_pdf_warm_up")
def warm_up_pdf_rendering(**kwargs: Any) -> None:
    """Each worker process renders a tiny PDF when it starts (fonts instanced, fontconfig loaded,
    WeasyPrint imported), so the first parent PDF it renders is as fast as the next ones."""
    from django.conf import settings

    if not getattr(settings, "PDF_WARM_UP_WORKER", True):
        return
    import logging

    from huisbezoek.pdf import warm_up

    try:
        warm_up()
    except Exception:  # a failed warm-up must not stop the worker: the real render reports its own errors
        logging.getLogger(__name__).exception("PDF warm-up failed")
