"""Exactly once with real Celery worker processes and the real Redis broker.

* A worker is killed (SIGKILL) after handing an SMS to the provider and before recording it.
  Redis hands the unacknowledged task to a second worker (short visibility time-out): the
  second worker finds the message claimed and sends nothing; the dispatcher then shows it as
  "unknown" (needs attention). One SMS, and the log says so.
* Two workers take the same messages at once (every send task enqueued twice, plus a
  dispatcher run): every message is handed over exactly once and logged as sent.

Skipped without Redis, except in CI (``CI=true``), where Redis must answer.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from huisbezoek.tests.worker_processes import REDIS_TEST_URL, manage, redis_answers

from .sms_backends import handed_over

pytestmark = pytest.mark.integration


def _own_database(url: str) -> str:
    """The test Redis, the database number below the heartbeat test's (14 for the default 15), so
    their workers never take each other's tasks."""
    parts = urlsplit(url)
    db = (int(parts.path.strip("/") or 0) - 1) % 16
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    if not redis_answers(REDIS_TEST_URL):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must test the Redis broker, but no Redis answers at {REDIS_TEST_URL}.")
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_", "TEST_SMS_"))}
    env.update(
        HUISBEZOEK_ENV="development",
        DEBUG="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        REDIS_URL=_own_database(REDIS_TEST_URL),
        CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "beat-schedule"),
        CELERY_VISIBILITY_TIMEOUT="3",
        SMS_BACKEND="notifications.tests.sms_backends.AppendingSmsBackend",
        SMS_FILE_PATH=str(tmp_path / "sms"),
        NOTIFICATION_SENDING_TIMEOUT="2",
        EMAIL_TIMEOUT="1",
        LOG_LEVEL="INFO",
    )
    done = manage(env, "migrate", "--noinput", "-v0")
    assert done.returncode == 0, done.stderr
    purge = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "huisbezoek", "purge", "-f"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert purge.returncode == 0, purge.stderr
    return env


def shell(env: dict[str, str], code: str) -> str:
    done = manage(env, "shell", "--no-imports", "-c", code)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


class Worker:
    """A Celery worker process whose output is collected as it runs."""

    def __init__(self, env: dict[str, str], name: str, extra_env: dict[str, str] | None = None) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(  # noqa: S603 - the Celery CLI with fixed arguments
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
                "--without-heartbeat",
                "-Q",
                "celery,periodic",  # as Procfile.dev and the README run it
                "--hostname",
                f"{name}-{os.getpid()}@%h",
            ],
            cwd=settings.BASE_DIR,
            env={**env, **(extra_env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=5)


def wait_for(condition, timeout: float, what: str, worker: Worker | None = None) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    log = f"\n--- worker log ---\n{worker.log}" if worker else ""
    pytest.fail(f"timed out waiting for {what}{log}")


SETUP = """
from django.db import transaction
from huisbezoek.models import Board, School
from notifications import services
board = Board.objects.create(name="Bestuur")
school = School.objects.create(board=board, name="De Regenboog", brin="12AB", school_type="primary",
                               holiday_region="middle")
"""


def status_of(env: dict[str, str]) -> list[tuple[str, int]]:
    out = shell(
        env,
        "from notifications.models import Notification; "
        "print(';'.join(f'{s},{a}' for s, a in Notification.objects.order_by('pk').values_list('status', 'attempts')))",
    )
    return [(s, int(a)) for s, a in (row.split(",") for row in out.split(";") if row)]


def test_a_worker_killed_mid_send_never_causes_a_second_sms(env):
    sms_folder = Path(env["SMS_FILE_PATH"])
    # Queue one SMS: the send task goes to Redis when the transaction commits.
    shell(
        env,
        SETUP
        + "services.notification_queue(school=school, key='parent_reminder:1:20261105T1800', kind='parent_reminder',"
        " channel='sms', address='+31612345678', subject='', body='Morgen 19:00 huisbezoek.', language='nl')",
    )
    first = Worker(env, "first", {"TEST_SMS_PAUSE_AFTER_SEND": "60"})
    try:
        wait_for(lambda: len(handed_over(sms_folder)) == 1, 60, "the first hand-over", first)
        first.kill()  # after the hand-over, before "sent" is recorded
    finally:
        first.stop()
    # Killed in the middle of kombu's periodic hand-back scan, the worker would leave that scan's
    # lock in Redis for five minutes; the test does not wait for it to expire.
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).delete("unacked_mutex")
    assert status_of(env) == [("sending", 1)]
    # Redis hands a task back only once its visibility time-out has passed since delivery, and a new
    # worker looks for such tasks when it starts and then only every ~100 s: start it after that.
    time.sleep(float(env["CELERY_VISIBILITY_TIMEOUT"]) + 1)

    second = Worker(env, "second")
    try:
        # Redis gives the killed worker's unacknowledged task to the second worker.
        wait_for(lambda: "succeeded" in second.log and "'sending'" in second.log, 60, "the redelivery", second)
        time.sleep(2.5)  # past NOTIFICATION_SENDING_TIMEOUT
        shell(env, "from notifications.tasks import notifications_dispatch; notifications_dispatch.delay()")
        wait_for(lambda: status_of(env) == [("unknown", 1)], 60, "the dispatcher", second)
    finally:
        second.stop()
    assert len(handed_over(sms_folder)) == 1
    assert "notifications.tasks.notifications_dispatch" in second.log


def test_two_workers_at_once_hand_every_message_over_once(env):
    sms_folder = Path(env["SMS_FILE_PATH"])
    shell(
        env,
        SETUP
        + """
from notifications.tasks import notification_send
with transaction.atomic():
    created = [
        services.notification_queue(
            school=school, key=f"parent_reminder:{i}", kind="parent_reminder", channel="sms",
            address=f"+316123456{i:02d}", subject="", body="Morgen 19:00 huisbezoek.",
        )
        for i in range(20)
    ]
for n in created:  # a second task for each message, as a retried or duplicated delivery would
    notification_send.delay(n.pk)
""",
    )
    workers = [Worker(env, "left"), Worker(env, "right")]
    try:
        shell(env, "from notifications.tasks import notifications_dispatch; notifications_dispatch.delay()")
        wait_for(
            lambda: len(status_of(env)) == 20 and all(s == "sent" for s, _a in status_of(env)),
            90,
            "every message sent",
            workers[0],
        )
        time.sleep(2)  # let the duplicate tasks run out
    finally:
        for worker in workers:
            worker.stop()
    lines = handed_over(sms_folder)
    assert len(lines) == 20
    assert len({line["reference"] for line in lines}) == 20
    assert all(attempts == 1 for _s, attempts in status_of(env))


def test_a_worker_killed_mid_batch_leaves_its_claimed_messages_unknown_and_sends_none_twice(env):
    """A sweep's worth of SMS goes out in batches. The worker is killed after the first hand-over
    of its batch: that message and the rest of its batch end as "unknown" (at most one batch),
    a second worker sends the other batches, and no message reaches the provider twice."""
    sms_folder = Path(env["SMS_FILE_PATH"])
    batch_env = {**env, "NOTIFICATION_BATCH_SIZE": "5"}
    shell(
        batch_env,
        SETUP
        + """
messages = [
    services.Outgoing(key=f"parent_reminder:{i}", kind="parent_reminder", channel="sms",
                      address=f"+316123456{i:02d}", subject="", body="Morgen 19:00 huisbezoek.")
    for i in range(12)
]
print(services.notifications_queue_many(school=school, messages=messages))
""",
    )
    first = Worker(batch_env, "first", {"TEST_SMS_PAUSE_AFTER_SEND": "60"})
    try:
        wait_for(lambda: len(handed_over(sms_folder)) == 1, 60, "the first hand-over", first)
        first.kill()  # after one hand-over of its batch of five, before anything is recorded
    finally:
        first.stop()
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).delete("unacked_mutex")
    assert [s for s, _a in status_of(env)].count("sending") == 5
    time.sleep(float(env["CELERY_VISIBILITY_TIMEOUT"]) + 1)

    second = Worker(batch_env, "second")
    try:
        wait_for(lambda: sum(s == "sent" for s, _a in status_of(env)) == 7, 60, "the other batches", second)
        time.sleep(2.5)  # past NOTIFICATION_SENDING_TIMEOUT
        shell(batch_env, "from notifications.tasks import notifications_dispatch; notifications_dispatch.delay()")
        wait_for(lambda: [s for s, _a in status_of(env)].count("unknown") == 5, 60, "the dispatcher", second)
        time.sleep(2)  # any batch task still queued finds nothing to send
    finally:
        second.stop()
    lines = handed_over(sms_folder)
    assert len(lines) == 1 + 7
    assert len({line["reference"] for line in lines}) == len(lines)
    assert sorted(s for s, _a in status_of(env)) == ["sent"] * 7 + ["unknown"] * 5
