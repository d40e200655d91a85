"""``python -m bench.load`` (``make load``): locust against gunicorn at board scale.

Sets up the bench database as ``make bench`` does (``BENCH_DATABASE_URL``/``BENCH_REDIS_URL``
for PostgreSQL + Redis, else SQLite), seeds ``seed_demo --scale LOAD_SCALE`` (default 20),
publishes a protocol and renders its Dutch PDF, makes session cookies (second factor passed)
for up to 20 teachers, the directie of every school and the board member, starts gunicorn in
production mode (2 workers) and runs ``bench/locustfile.py`` headless: a 15-second warm-up with
10 users (not reported), then 1, 10 and 50 users (``LOAD_USERS``) for ``LOAD_SECONDS`` (default
30) each. Prints requests per second and p95 per page, and the gunicorn workers' memory (RSS)
after each step; the figures go to ``var/bench/load-<timestamp>.json``.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .measure import Report
from .stack import BASE_DIR, Stack, setup_django


def personas_config(people: Any, protocol: dict[str, Any]) -> dict[str, Any]:
    from django.urls import reverse

    from demo.builder import BOARD_NAME
    from huisbezoek.models import Membership, Role
    from visits.models import GroupTeacher, Visit

    from .pages import logged_in_client, session_cookie

    teachers = []
    mentors = GroupTeacher.objects.filter(kind="mentor", group__school__board__name=BOARD_NAME).select_related(
        "teacher", "group"
    )
    for mentor in mentors.order_by("pk")[:20]:
        visit = Visit.objects.filter(lead_visitor=mentor.teacher).order_by("pk").first()
        if visit is None:
            continue
        teachers.append(
            {
                "cookie": session_cookie(logged_in_client(mentor.teacher)),
                "visit": reverse("visits:visit_detail", args=[visit.pk]),
            }
        )
    directie = [
        {"cookie": session_cookie(logged_in_client(m.user))}
        for m in Membership.objects.filter(role=Role.DIRECTIE, school__board__name=BOARD_NAME)
        .exclude(user=people.board_member)
        .select_related("user")
    ]
    directie.append({"cookie": session_cookie(logged_in_client(people.board_member, people.school))})
    return {
        "teachers": teachers,
        "directie": directie,
        "urls": {
            "home": reverse("home"),
            "pupil_list": reverse("visits:pupil_list"),
            "calendar": reverse("visits:calendar_settings"),
            "dashboard": reverse("dashboard:dashboard"),
            "board": reverse("dashboard:board"),
            "team_meeting": reverse("dashboard:team_meeting"),
            "public_page": reverse("protocol:public_page", args=[protocol["code"]]),
            "public_pdf": reverse("protocol:public_pdf", args=[protocol["code"], "nl"]),
        },
    }


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


WARM_UP_USERS, WARM_UP_SECONDS = 10, 15


def run_locust(url: str, users: int, seconds: int, prefix: Path, config_path: Path) -> None:
    """Locust headless against ``url`` with ``users`` for ``seconds``; its figures go to ``prefix``_*.csv."""
    subprocess.run(  # noqa: S603 - locust with fixed arguments
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(BASE_DIR / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--host",
            url,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "BENCH_LOAD_CONFIG": str(config_path)},
        stdout=subprocess.DEVNULL,
        stderr=Path(f"{prefix}.log").open("w"),
        check=False,
        timeout=seconds + 120,
    )


def main() -> None:
    stack = Stack.from_environment()
    report = Report()
    scale = int(os.environ.get("LOAD_SCALE", "20"))
    seconds = int(os.environ.get("LOAD_SECONDS", "30"))
    steps = [int(u) for u in os.environ.get("LOAD_USERS", "1,10,50").split(",") if u.strip()]
    try:
        stack.create_database()
        stack.flush_redis()
        setup_django(stack)
        from . import pages, pdfs, server

        report.heading(f"Load test on {stack.name}, seed_demo --scale {scale}, gunicorn 2 workers")
        pages.seed(scale, report)
        people = pages.personas()
        version, code, _languages = pdfs.publish_protocol(people.school)
        pdfs.ensure_rendered(version.pk, ["nl"])
        config_path = stack.tmp / "load.json"
        config_path.write_text(json.dumps(personas_config(people, {"code": code})))
        stack.manage(stack.production_environment(), "collectstatic", "--noinput", "-v0")
        results: dict[str, Any] = {}
        with server.gunicorn(stack) as gunicorn:
            # Warm-up, not reported: every page a few times in each worker (templates, first
            # queries, fonts), so a step's p95 is not its few first requests in a cold worker.
            run_locust(gunicorn.url, WARM_UP_USERS, WARM_UP_SECONDS, stack.tmp / "locust-warm-up", config_path)
            for users in steps:
                prefix = stack.tmp / f"locust-{users}"
                run_locust(gunicorn.url, users, seconds, prefix, config_path)
                rows = read_stats(prefix)
                errors = Path(f"{prefix}_exceptions.csv")
                if errors.exists() and len(errors.read_text().splitlines()) > 1:
                    report.line("errors in the journeys:\n" + errors.read_text()[-2000:])
                rss = gunicorn.worker_rss_mb()
                report.line("")
                report.line(f"{users} users, {seconds} s: page   requests/s   p95 ms   failures")
                for row in rows:
                    report.line(
                        f"  {row['Name'][:32]:32} {float(row['Requests/s']):8.1f}  {row['95%']:>7}"
                        f"   {row['Failure Count']}"
                    )
                report.line("gunicorn worker memory (RSS): " + ", ".join(f"{mb:.0f} MB" for mb in rss.values()))
                results[str(users)] = {"pages": rows, "worker_rss_mb": list(rss.values())}
        report.record("load", results)
    finally:
        path = report.save(BASE_DIR / "var" / "bench")
        final = path.with_name("load-" + path.name)
        path.rename(final)
        print(f"\nAll figures: {final.relative_to(BASE_DIR)} ({time.time() - report.started:.0f} s)")
        stack.close()


if __name__ == "__main__":
    main()
