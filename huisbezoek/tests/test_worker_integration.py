"""A real Celery worker process runs a task sent through a real broker.

Both brokers the product supports are exercised: Kombu's file-system transport (what
`make run` uses) and Redis (what production uses). The Redis case is skipped on a
machine without Redis, except in CI, where it must run.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from huisbezoek.tests.worker_processes import REDIS_TEST_URL, manage, redis_answers

pytestmark = pytest.mark.integration


@pytest.fixture(params=["filesystem", "redis"])
def worker_env(request, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_"))}
    env.update(
        HUISBEZOEK_ENV="development",
        DEBUG="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        CELERY_FILESYSTEM_DIR=str(tmp_path / "celery"),
        CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "beat-schedule"),
        REDIS_URL="",
    )
    if request.param == "redis":
        if not redis_answers(REDIS_TEST_URL):
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI must test the Redis broker, but no Redis answers at {REDIS_TEST_URL}.")
            pytest.skip(f"no Redis at {REDIS_TEST_URL}")
        env["REDIS_URL"] = REDIS_TEST_URL
    return env


def test_a_worker_process_runs_a_task_sent_through_the_broker(worker_env):
    migrated = manage(worker_env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr

    # Before any worker ran, the health check says so and exits non-zero.
    before = manage(worker_env, "health")
    assert before.returncode == 1
    assert "worker: FAILING (no heartbeat yet)" in before.stdout

    worker = subprocess.Popen(  # noqa: S603 - the Celery CLI with fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "huisbezoek",
            "worker",
            "-P",
            "solo",
            "-l",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            "celery,periodic",  # as Procfile.dev and the README run it: the heartbeat is on "periodic"
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=worker_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        result = manage(worker_env, "health", "--ping", "45", timeout=90)
    finally:
        worker.terminate()
        try:
            log, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            log, _ = worker.communicate()

    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}\n--- worker log ---\n{log}"
    assert "database: ok" in result.stdout
    assert "broker: ok" in result.stdout
    assert "worker: ok" in result.stdout
    assert "huisbezoek.tasks.record_heartbeat" in log
    assert "succeeded" in log
