"""``python -m bench`` (``make bench``): how far the heavy pages, PDFs and the reminder sweep are
from their floors, every side alternated in one run, with median and spread.

Parts, in this order (``BENCH_ONLY=pages,pdfs,http,reminders`` runs a selection):

1. ``bench/pages.py``: the dashboard, the board view and a teacher's pupil list in this process
   vs the replay of all their own SQL, at each scale of ``BENCH_SCALES`` (default 1,5,20).
2. ``bench/pdfs.py``: protocol PDFs cold (a fresh process per language) and warm, the booklet,
   the team-meeting PDF.
3. ``bench/server.py``: through gunicorn in production mode: the cached PDF and the public page
   vs static files of the same size, the dashboard and board view.
4. ``bench/reminders.py`` in a process of its own: 10,000 due reminders (``BENCH_REMINDERS``)
   through two real Celery workers to local fake SMTP and SMS servers, then again with one
   worker killed mid-batch.
5. The modules in ``EXTRA_MODULES`` (``bench/routes.py``, ``bench/booking.py``): each has ``run(report)`` and
   adds its own tables and goal lines (see below). They run before the reminders.

It ends with one line per goal of issue 15 (``goal <measure>: <value> (goal <= <limit>) met``
or ``not met``) and writes every figure to ``var/bench/<timestamp>.json``.

Where: SQLite in a temporary folder by default; ``BENCH_DATABASE_URL`` (a PostgreSQL server) and
``BENCH_REDIS_URL`` (or ``REDIS_URL``) for PostgreSQL + Redis (see ``bench/stack.py``).
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys
import time

from .measure import Report
from .stack import BASE_DIR, BENCH_DATABASE, Stack, setup_django

# More bench parts: a module listed here is imported if it exists and its
# ``run(report: Report)`` (or ``run(report, stack: Stack)``) is called after the parts above, with Django set
# up on the bench database (the scale-20 demo board is in it). It prints its own tables
# (``report.table(title, alternate(...), floor=...)``) and adds goal lines (``report.goal``);
# ``BENCH_ONLY`` names it by its last part (e.g. ``routes``).
EXTRA_MODULES = ["bench.routes", "bench.booking"]

PARTS = ("pages", "pdfs", "http", "reminders")


def _wanted() -> set[str]:
    only = os.environ.get("BENCH_ONLY", "")
    extra = {name.rsplit(".", 1)[-1] for name in EXTRA_MODULES}
    return {p.strip() for p in only.split(",") if p.strip()} if only else {*PARTS, *extra}


def _sms_share() -> float:
    from visits.models import Family

    sms = Family.objects.filter(preferred_channel=Family.Channel.SMS).count()
    email = Family.objects.filter(preferred_channel=Family.Channel.EMAIL).count()
    return sms / (sms + email) if sms + email else 0.5


def reminders(report: Report, stack: Stack, sms_share: float) -> None:
    n = int(os.environ.get("BENCH_REMINDERS", "10000"))
    report.heading(f"Reminders: {n} due, two Celery workers, fake SMTP and SMS servers")
    database = f"{BENCH_DATABASE}_reminders"
    stack.create_database(database)
    stack.flush_redis()  # nothing left on the broker from the other parts (e.g. PDF renders)
    result_file = stack.tmp / "reminders.json"
    env = stack.environment(
        database,
        BENCH_REMINDERS=str(n),
        BENCH_SMS_SHARE=f"{sms_share:.3f}",
        BENCH_RESULT=str(result_file),
        BENCH_TMP=str(stack.tmp),
    )
    if os.environ.get("BENCH_VERBOSE"):
        env["BENCH_VERBOSE"] = "1"
    done = subprocess.run([sys.executable, "-m", "bench.reminders"], cwd=BASE_DIR, env=env, check=False)
    result = json.loads(result_file.read_text()) if result_file.exists() else {}
    report.record("reminders", result)
    if done.returncode:
        report.line(f"the reminder bench failed (exit {done.returncode})")
    received = result.get("received")
    complete = received == n
    seconds = result.get("seconds") if complete else None
    if not complete:
        report.line(f"only {received} of {n} arrived: the time goal cannot be met")
    report.goal(f"{n} reminders two workers s", seconds, 60, digits=1)
    report.goal("reminder duplicates", result.get("duplicates"), 0, digits=0)
    killed = result.get("killed") or {}
    report.goal("reminder duplicates after a killed worker", killed.get("duplicates"), 0, digits=0)
    if killed:
        report.line(f"after the killed worker: {killed.get('unknown')} 'unknown: check' in the database")


def main() -> None:
    wanted = _wanted()
    stack = Stack.from_environment()
    report = Report()
    scales = sorted({int(s) for s in os.environ.get("BENCH_SCALES", "1,5,20").split(",") if s.strip()})
    try:
        stack.create_database()
        stack.flush_redis()
        setup_django(stack)
        report.heading(f"Huisbezoek bench on {stack.name}, scales {scales}")
        report.record("stack", stack.name)
        report.record("scales", scales)
        from . import pages

        people = pages.run(report, scales) if "pages" in wanted else None
        if people is None:
            pages.seed(scales[-1], report)
            people = pages.personas()
        protocol = None
        if wanted & {"pdfs", "http"}:
            from . import pdfs

            if "pdfs" in wanted:
                protocol = pdfs.run(report, stack, people.school, people.directie)
            else:
                version, code, languages = pdfs.publish_protocol(people.school)
                pdfs.ensure_rendered(version.pk, ["nl"])
                protocol = {"version": version, "code": code, "languages": languages}
        if "http" in wanted and protocol is not None:
            from . import server

            server.run(report, stack, people, protocol)
        sms_share = _sms_share()
        for name in EXTRA_MODULES:
            if name.rsplit(".", 1)[-1] not in wanted:
                continue
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                continue
            wants_stack = len(inspect.signature(module.run).parameters) > 1
            if wants_stack:
                module.run(report, stack)
            else:
                module.run(report)
        if "reminders" in wanted:
            reminders(report, stack, sms_share)
    finally:
        report.print_goals()
        path = report.save(BASE_DIR / "var" / "bench")
        print(f"\nAll figures: {path.relative_to(BASE_DIR)} ({time.time() - report.started:.0f} s)")
        stack.close()


if __name__ == "__main__":
    main()
