"""``python -m bench.reminders`` (started by ``python -m bench`` with its environment): the reminder
sweep with real Celery workers, the real broker and local fake providers.

* Its own throw-away database (the demo's schools would add their own reminders): one school,
  ``BENCH_REMINDERS`` (default 10,000) families with a home visit tomorrow evening, each wanting
  an SMS or an e-mail in the share the demo's families have (``BENCH_SMS_SHARE``), eight
  languages; only the parents' reminder is switched on, so exactly that many messages are due.
* Two workers (``celery -A huisbezoek worker -P solo``: concurrency 1 each) on the real broker:
  Redis when ``REDIS_URL`` is set, else the file-system broker (as ``make test-worker``);
  listening on every queue the settings route tasks to.
* E-mail goes to a local aiosmtpd server, SMS to a local Twilio-like HTTP server
  (``bench/fakes.py``); both record every message they accept.
* Parents get messages between 08:00 and 21:00 and the reminder from the send hour on, so
  this process and the workers run on a clock moved to a Monday at 17:00 Amsterdam time
  (``time_machine``, all processes on the same moved clock, ticking).

Run 1: the sweep task is queued (as beat does) and timed from then until the fake servers
received all messages. Run 2: the messages are deleted, the sweep queued again, and once a third
has arrived the fake SMS provider takes the next SMS but holds its answer, and the worker that
sent it (found by its connection's port) is killed (SIGKILL) mid-send; after the arrivals stop,
the dispatcher is run as beat would after the sending time-out, and the bench counts from the
servers' records how many arrived twice, and from the database how many ended "unknown: check".
"""

from __future__ import annotations

import datetime
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

N = int(os.environ.get("BENCH_REMINDERS", "10000"))
LANGUAGES = ["nl", "ary", "tr", "pl", "uk", "so", "rif", "en"]
TARGET = datetime.datetime(2026, 11, 2, 17, 0, tzinfo=ZoneInfo("Europe/Amsterdam")).timestamp()
SENDING_TIMEOUT = 10  # NOTIFICATION_SENDING_TIMEOUT for this run: then "unknown: check"
VISIBILITY_TIMEOUT = 60  # Redis hands an unacknowledged task to another worker after this (a long batch must fit)
STALL = 75  # no arrival for this long: the run is over (longer than VISIBILITY_TIMEOUT)

WORKER = """
import os, sys, time
import time_machine
moved = float(os.environ["BENCH_TRAVEL_TARGET"]) + time.time() - float(os.environ["BENCH_TRAVEL_ANCHOR"])
time_machine.travel(moved, tick=True).start()
from celery.__main__ import main
sys.argv = ["celery", *sys.argv[1:]]
main()
"""


def _travel() -> None:
    import time_machine

    anchor = os.environ.setdefault("BENCH_TRAVEL_ANCHOR", str(time.time()))
    os.environ["BENCH_TRAVEL_TARGET"] = str(TARGET)
    time_machine.travel(TARGET + time.time() - float(anchor), tick=True).start()


def build(now: datetime.datetime, sms_share: float):  # type: ignore[no-untyped-def]
    from huisbezoek.models import Board, Membership, Role, School, SchoolYear, User
    from visits.models import (
        Enrolment,
        Family,
        FamilyLanguage,
        Group,
        Programme,
        Pupil,
        ReminderSettings,
        Visit,
        VisitPupil,
    )

    board = Board.objects.create(name="Bench-bestuur")
    school = School.objects.create(
        board=board,
        name="Basisschool De Benchmark",
        brin="98ZZ",
        school_type="primary",
        holiday_region="middle",
        phone="030-1234567",
    )
    year = SchoolYear.objects.create(
        school=school, label="2026-2027", start=datetime.date(2026, 8, 17), end=datetime.date(2027, 7, 16)
    )
    Programme.objects.create(
        school=school,
        school_year=year,
        period_start=datetime.date(2026, 10, 26),
        period_end=datetime.date(2026, 12, 18),
    )
    ReminderSettings.objects.create(
        school=school,
        teacher_not_contacted=False,
        teacher_visit_tomorrow=False,
        teacher_report_overdue=False,
        parent_confirmation=False,
        interpreter_messages=False,
        care_unreviewed=False,
        directie_digest=False,
    )
    teacher = User.objects.create_user("leerkracht@bench.test", "x", first_name="Fatima", last_name="Bakker")
    Membership.objects.create(user=teacher, school=school, role=Role.TEACHER)
    group = Group.objects.create(school=school, school_year=year, name="Groep 3", grade=3)
    # SMS for the first share of every hundred families, e-mail for the rest (spread evenly).
    wants_sms = [(i % 100) < round(sms_share * 100) for i in range(N)]
    families = Family.objects.bulk_create(
        [
            Family(
                school=school,
                name=f"Familie {i}",
                street="Lindenlaan",
                house_number=str(i),
                postcode="3500 AB",
                city="Utrecht",
                phone=f"06{10_000_000 + i}",
                email=f"ouders{i}@example.org",
                preferred_channel=Family.Channel.SMS if wants_sms[i] else Family.Channel.EMAIL,
            )
            for i in range(N)
        ],
        batch_size=1000,
    )
    FamilyLanguage.objects.bulk_create(
        [
            FamilyLanguage(family=f, language=LANGUAGES[i % len(LANGUAGES)], is_main=True)
            for i, f in enumerate(families)
        ],
        batch_size=1000,
    )
    pupils = Pupil.objects.bulk_create(
        [
            Pupil(school=school, family=f, group=group, external_id=f"B{i:06d}", first_name="Kind", last_name=f.name)
            for i, f in enumerate(families)
        ],
        batch_size=1000,
    )
    Enrolment.objects.bulk_create([Enrolment(pupil=p, school_year=year, group=group) for p in pupils], batch_size=1000)
    evening = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(16), tzinfo=now.tzinfo)
    visits = Visit.objects.bulk_create(
        [
            Visit(
                school=school,
                school_year=year,
                family=f,
                status=Visit.Status.SCHEDULED,
                starts_at=evening + datetime.timedelta(minutes=(i % 20) * 15),
                duration_minutes=45,
                lead_visitor=teacher,
            )
            for i, f in enumerate(families)
        ],
        batch_size=1000,
    )
    VisitPupil.objects.bulk_create(
        [VisitPupil(visit=v, pupil=p, school_year=year) for v, p in zip(visits, pupils, strict=True)], batch_size=1000
    )
    return sum(wants_sms)


def queues() -> list[str]:
    """Every queue the settings send tasks to (the default one and any routed one)."""
    from django.conf import settings

    names = {getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", None) or "celery"}
    routes = getattr(settings, "CELERY_TASK_ROUTES", None) or {}
    for route in routes.values() if isinstance(routes, dict) else []:
        if isinstance(route, dict) and route.get("queue"):
            names.add(str(route["queue"]))
    for declared in getattr(settings, "CELERY_TASK_QUEUES", None) or []:
        names.add(str(getattr(declared, "name", declared)))
    return sorted(names)


class Worker:
    def __init__(self, env: dict[str, str], name: str, log: Path, queue_names: list[str]) -> None:
        self.name = name
        self.process = subprocess.Popen(  # noqa: S603 - this Python running Celery with fixed arguments
            [
                sys.executable,
                "-c",
                WORKER,
                "-A",
                "huisbezoek",
                "worker",
                "-P",
                "solo",
                "--concurrency",
                "1",
                "-l",
                "WARNING",
                "-Q",
                ",".join(queue_names),
                "--without-gossip",
                "--without-mingle",
                "--hostname",
                f"{name}-{os.getpid()}@%h",
            ],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            stdout=log.open("a"),
            stderr=subprocess.STDOUT,
        )

    def owns_port(self, port: int) -> bool:
        """Whether this worker (or a child of it) has a TCP connection from local ``port``."""
        import psutil

        try:
            root = psutil.Process(self.process.pid)
            for process in [root, *root.children(recursive=True)]:
                if any(c.laddr and c.laddr.port == port for c in process.net_connections(kind="tcp")):
                    return True
        except psutil.Error:
            return False
        return False

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_for_arrivals(received, target: int, timeout: float, on_progress=None) -> float:  # type: ignore[no-untyped-def]
    """Wait until ``received()`` reaches ``target``, or nothing new arrives for ``STALL`` s, or
    ``timeout``; return the seconds from the call until the last arrival seen."""
    started = time.perf_counter()
    last_count, last_change = received(), time.perf_counter()
    while True:
        count = received()
        now = time.perf_counter()
        if count != last_count:
            last_count, last_change = count, now
            if on_progress is not None:
                on_progress(count)
        if count >= target or now - last_change > STALL or now - started > timeout:
            return last_change - started if count < target else now - started
        time.sleep(0.05)


def main() -> None:
    _travel()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from notifications.models import Notification
    from notifications.tasks import notifications_dispatch
    from visits.reminders.tasks import reminders_sweep

    from .fakes import FakeSms, FakeSmtp
    from .measure import count_duplicates

    call_command("migrate", verbosity=0)
    tmp = Path(os.environ["BENCH_TMP"])
    started = time.perf_counter()
    sms_count = build(timezone.now(), float(os.environ.get("BENCH_SMS_SHARE", "0.5")))
    print(
        f"  built {N} due reminders ({sms_count} SMS, {N - sms_count} e-mail) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    smtp, sms = FakeSmtp(), FakeSms()
    env = {
        **os.environ,
        "EMAIL_URL": smtp.url,
        "EMAIL_TIMEOUT": "3",
        "SMS_BACKEND": "twilio",
        "TWILIO_API_URL": sms.url,
        "TWILIO_ACCOUNT_SID": "ACbench",
        "TWILIO_AUTH_TOKEN": "bench-token",
        "SMS_FROM": "Huisbezoek",
        "SMS_TIMEOUT": "3",
        "NOTIFICATION_SENDING_TIMEOUT": str(SENDING_TIMEOUT),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "LOG_LEVEL": "WARNING",
    }
    queue_names = queues()
    broker = "Redis" if os.environ.get("REDIS_URL") else "file-system broker"
    print(f"  2 workers (-P solo), {broker}, {connection.vendor}, queues {', '.join(queue_names)}", flush=True)
    log = tmp / "workers.log"
    workers = [Worker(env, f"bench{i}", log, queue_names) for i in (1, 2)]

    def received() -> int:
        return len(smtp.recorder) + len(sms.recorder)

    def identities() -> list[tuple[str, ...]]:
        return smtp.recorder.identities + sms.recorder.identities

    result: dict[str, object] = {"n": N, "sms": sms_count, "broker": broker, "database": connection.vendor}
    try:
        time.sleep(3)  # the workers connect
        began = time.perf_counter()
        reminders_sweep.delay()
        seconds = wait_for_arrivals(received, N, timeout=max(900, N * 0.3))
        got = received()
        result.update(seconds=seconds, received=got, duplicates=count_duplicates(identities()))
        statuses = dict(Notification.objects.values_list("status").annotate(n=django.db.models.Count("pk")))
        result["statuses"] = statuses
        print(
            f"  run 1: {got} of {N} received in {seconds:.1f} s (since the sweep was queued: "
            f"{time.perf_counter() - began:.1f} s); duplicates {result['duplicates']}; database {statuses}",
            flush=True,
        )

        # Run 2: the same messages again, one worker killed mid-send once a third has arrived.
        Notification.objects.all().delete()
        smtp.recorder.reset()
        sms.recorder.reset()
        killed = threading.Event()
        how: list[str] = []

        def killer() -> None:
            """Kill the worker whose SMS the fake provider took and holds the answer of: it dies
            after the hand-over, before it can record the message as sent."""
            try:
                port = sms.held.get(timeout=60)
            except queue.Empty:
                port = None
            victim = next((w for w in workers if port is not None and w.owns_port(port)), workers[0])
            victim.kill()
            moment = "while the provider held the answer to its SMS" if port else "between messages"
            how.append(f"{victim.name} killed (SIGKILL) {moment}")
            killed.set()
            sms.release()
            print(f"  run 2: {how[-1]}, after {received()} arrivals", flush=True)

        def kill_at_a_third(count: int) -> None:
            if count >= N // 3 and not sms.armed.is_set() and not killed.is_set() and not how:
                how.append("armed")
                sms.hold()
                threading.Thread(target=killer, daemon=True).start()

        reminders_sweep.delay()
        wait_for_arrivals(received, N, timeout=max(900, N * 0.3), on_progress=kill_at_a_third)
        # What beat's dispatcher does after the sending time-out: stuck claims become "unknown".
        time.sleep(1)
        import time_machine
        from django.conf import settings

        later = timezone.now() + datetime.timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT + 1)
        with time_machine.travel(later, tick=True):
            notifications_dispatch()  # the task, run here as beat's worker would
        wait_for_arrivals(received, N, timeout=STALL + 10)
        statuses = dict(Notification.objects.values_list("status").annotate(n=django.db.models.Count("pk")))
        result["killed"] = {
            "received": received(),
            "duplicates": count_duplicates(identities()),
            "unknown": statuses.get(Notification.Status.UNKNOWN, 0),
            "statuses": statuses,
            "worker_was_killed": killed.is_set(),
            "how": how[-1] if how else "",
        }
        print(
            f"  run 2: {received()} received, duplicates {result['killed']['duplicates']}, "  # type: ignore[index]
            f"'unknown: check' {result['killed']['unknown']}; database {statuses}",
            flush=True,
        )  # type: ignore[index]
    finally:
        for worker in workers:
            worker.stop()
        smtp.stop()
        sms.stop()
        Path(os.environ["BENCH_RESULT"]).write_text(json.dumps(result, default=str))
        if os.environ.get("BENCH_VERBOSE") and log.exists():
            print(log.read_text()[-5000:])


if __name__ == "__main__":
    main()
