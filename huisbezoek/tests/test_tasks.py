"""The task base class sends a message only once the caller's transaction has committed, and the
worker knows every task the scheduler names.

These tests use real transactions (``transaction=True``): the usual test transaction would hold
every message until the end of the test.
"""

import ast
import logging
from pathlib import Path

import celery
import pytest
from django.conf import settings
from django.db import transaction

from huisbezoek.celery import TransactionAwareTask, app
from huisbezoek.tasks import record_heartbeat

PROJECT_APPS = ("huisbezoek", "visits", "dashboard", "demo", "notifications", "protocol", "evaluation", "privacy")


@pytest.fixture
def sent(monkeypatch):
    """The messages handed to the broker (the base class's parent), as (task name, args)."""
    messages: list[tuple[str, tuple]] = []

    def apply_async(self, args=None, kwargs=None, **options):
        messages.append((self.name, tuple(args or ())))

    monkeypatch.setattr(celery.Task, "apply_async", apply_async)
    return messages


class Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_nothing_is_sent_until_it_commits(sent):
    with transaction.atomic():
        assert record_heartbeat.delay() is None
        assert sent == []
    assert sent == [("huisbezoek.tasks.record_heartbeat", ())]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing(sent):
    with pytest.raises(Rollback), transaction.atomic():
        record_heartbeat.delay()
        raise Rollback
    assert sent == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_sends_nothing_while_the_rest_commits(sent):
    with transaction.atomic():
        record_heartbeat.apply_async(("kept",))
        with pytest.raises(Rollback), transaction.atomic():
            record_heartbeat.apply_async(("rolled back",))
            raise Rollback
    assert sent == [("huisbezoek.tasks.record_heartbeat", ("kept",))]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_is_sent_at_once(sent):
    record_heartbeat.delay()
    assert sent == [("huisbezoek.tasks.record_heartbeat", ())]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_caller_gets_the_result():
    from huisbezoek.models import WorkerHeartbeat

    assert settings.CELERY_TASK_ALWAYS_EAGER  # the test settings run tasks in this process
    result = record_heartbeat.delay()
    assert result.get(timeout=5) == WorkerHeartbeat.objects.get().last_seen.isoformat()


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_is_down_at_commit_is_logged_and_the_work_stays_committed(monkeypatch, caplog):
    from huisbezoek.models import School
    from huisbezoek.tests.factories import BoardFactory, SchoolFactory

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(celery.Task, "apply_async", broker_down)
    with caplog.at_level(logging.ERROR), transaction.atomic():
        SchoolFactory(board=BoardFactory())
        record_heartbeat.delay()
    assert School.objects.count() == 1
    assert "broker down" in caplog.text


def project_tasks() -> dict[str, celery.Task]:
    app.loader.import_default_modules()  # what a worker imports when it starts
    return {name: task for name, task in app.tasks.items() if name.split(".")[0] in PROJECT_APPS}


def test_every_task_of_the_project_waits_for_the_commit():
    tasks = project_tasks()
    assert len(tasks) >= 8
    assert [name for name, task in tasks.items() if not isinstance(task, TransactionAwareTask)] == []


def test_every_task_the_scheduler_names_is_registered_with_the_worker():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "visits.reminders.tasks.reminders_sweep" in scheduled
    assert scheduled - set(project_tasks()) == set()


def test_no_service_imports_a_task_module():
    """Tasks import services; a service that needs background work sends a signal instead, so the
    two never import each other (not even inside a function)."""
    root = Path(__file__).resolve().parents[2]
    services = [
        path
        for app in PROJECT_APPS
        for path in (root / app).rglob("*.py")
        if "tests" not in path.parts and "services" in path.relative_to(root).as_posix()
    ]
    assert len(services) >= 8
    offenders = []
    for path in services:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(f"{node.module or ''}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name.split(".")[-1] == "tasks" for name in names):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []
