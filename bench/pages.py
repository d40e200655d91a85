"""Pages against their own SQL: the dashboard, the board view and a teacher's pupil list.

For each scale (``seed_demo --scale N``; ``BENCH_SCALES``, default 1,5,20 — each scale adds the
missing school copies to the same database):

* the page is requested in this process through Django's test ``Client`` (all middleware, a
  logged-in user whose session passed the second factor, as after a real log-in);
* its data SQL is captured once (``connection.execute_wrapper``: each statement with its
  parameters), leaving out the bookkeeping listed in ``EXCLUDED`` (session, the logged-in user,
  second-factor devices, savepoints and transactions);
* then, alternated in one run: the page, **the replay of all its data SQL** (each captured
  statement executed again with its parameters on a raw cursor, every row fetched) and the
  single heaviest statement alone. Ratios: page / replay (the goal) and page / heaviest.

The query count per page is printed at every scale: flat in school size, and (board view)
not growing faster than the number of schools.
"""

from __future__ import annotations

import os
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from typing import Any

from .measure import Report, alternate

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
WARMUP = 2

# Statements that are the request's bookkeeping, not the page's data.
EXCLUDED = {
    "session": re.compile(r'\b"?django_session"?\b', re.I),
    "logged-in user": re.compile(
        r'^\s*SELECT .* FROM "?huisbezoek_user"? WHERE "?huisbezoek_user"?\."?id"? = ', re.I | re.S
    ),
    "second-factor devices": re.compile(r'\b"?otp_(totp|static)_\w+"?\b', re.I),
    "savepoints/transactions": re.compile(
        r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT|BEGIN|COMMIT)\b", re.I
    ),
}


@dataclass
class Captured:
    data: list[tuple[str, Any, bool]]  # (sql, params, many) of the data statements
    excluded: dict[str, int]
    total: int


def capture(action: Callable[[], object]) -> Captured:
    from django.db import connection

    seen: list[tuple[str, Any, bool]] = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append((sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        action()
    data: list[tuple[str, Any, bool]] = []
    excluded = dict.fromkeys(EXCLUDED, 0)
    for sql, params, many in seen:
        for name, pattern in EXCLUDED.items():
            if pattern.search(sql):
                excluded[name] += 1
                break
        else:
            if sql.lstrip().upper().startswith(("SELECT", "WITH", "(SELECT")):
                data.append((sql, params, many))
            else:
                excluded.setdefault("writes (a GET should make none)", 0)
                excluded["writes (a GET should make none)"] += 1
    return Captured(data, excluded, len(seen))


def replayer(statements: list[tuple[str, Any, bool]]) -> Callable[[], None]:
    from django.db import connection

    def replay() -> None:
        with connection.cursor() as cursor:
            for sql, params, _many in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return replay


def heaviest(statements: list[tuple[str, Any, bool]]) -> tuple[int, float]:
    """The index of the slowest statement (median of 3 runs each) and its time."""
    from django.db import connection

    best, best_time = 0, -1.0
    with connection.cursor() as cursor:
        for index, (sql, params, _many) in enumerate(statements):
            times = []
            for _ in range(3):
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                times.append(time.perf_counter() - started)
            if statistics.median(times) > best_time:
                best, best_time = index, statistics.median(times)
    return best, best_time


def logged_in_client(user: Any, school: Any | None = None) -> Any:
    """A test client with a session as after a real log-in, second factor passed."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.session
    try:
        from huisbezoek.testing.second_factor import mark_session_verified
    except ImportError:  # before the second factor existed
        pass
    else:
        mark_session_verified(session, user)
    if school is not None:
        session["current_school_id"] = school.pk
    session.save()
    return client


def session_cookie(client: Any) -> str:
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@dataclass
class Personas:
    school: Any
    directie: Any
    board_member: Any
    teacher: Any
    schools: int
    pupils_at_school: int
    board_pupils: int


def personas() -> Personas:
    """Who looks: the directie of the largest school, the board member (directie at every school
    of the board) and a mentor of that school."""
    from demo.builder import BOARD_NAME, PRIMARY_NAME
    from huisbezoek.models import Membership, Role, School, User
    from visits.models import GroupTeacher, Pupil

    copies = School.objects.filter(name__startswith=f"{PRIMARY_NAME} ").order_by("pk")
    school = copies.first() or School.objects.get(name=PRIMARY_NAME)
    directie_membership = Membership.objects.filter(school=school, role=Role.DIRECTIE).select_related("user").first()
    board_user = User.objects.get(email="bestuur@demo.test")
    schools = list(School.objects.filter(board__name=BOARD_NAME))
    Membership.objects.bulk_create(
        [Membership(user=board_user, school=s, role=Role.DIRECTIE) for s in schools], ignore_conflicts=True
    )
    mentor = GroupTeacher.objects.filter(group__school=school, kind="mentor").select_related("teacher").first()
    assert directie_membership is not None and mentor is not None, "the demo school has a directie and mentors"
    return Personas(
        school=school,
        directie=directie_membership.user,
        board_member=board_user,
        teacher=mentor.teacher,
        schools=len(schools),
        pupils_at_school=Pupil.objects.filter(school=school).count(),
        board_pupils=Pupil.objects.filter(school__in=schools).count(),
    )


def seed(scale: int, report: Report) -> float:
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("seed_demo", scale=scale, stdout=StringIO())
    seconds = time.perf_counter() - started
    # The planner's statistics, as autovacuum (PostgreSQL) gathers them within a minute of a bulk
    # load in a real installation: without them the bench would time plans of a table it thinks
    # empty (the board's status query took 70 ms instead of 50 at scale 20 on PostgreSQL).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report.line(f"seed_demo --scale {scale}: {seconds:.1f} s (then ANALYZE)")
    return seconds


def page_getter(client: Any, url: str) -> Callable[[], None]:
    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)

    return get


def run(report: Report, scales: list[int]) -> Personas:
    from django.urls import reverse

    report.heading("Pages in the process vs the replay of their own SQL (test Client, all middleware)")
    report.line("excluded from a page's SQL: " + ", ".join(EXCLUDED) + " (and any write)")
    counts: dict[str, dict[int, int]] = {}
    people: Personas | None = None
    for scale in scales:
        seed(scale, report)
        people = personas()
        report.line(
            f"scale {scale}: {people.schools} schools, {people.board_pupils} pupils; "
            f"the dashboard's school has {people.pupils_at_school} pupils"
        )
        pages = {
            "dashboard": (logged_in_client(people.directie), reverse("dashboard:dashboard")),
            "board view": (logged_in_client(people.board_member, people.school), reverse("dashboard:board")),
            "teacher's pupil list": (logged_in_client(people.teacher), reverse("visits:pupil_list")),
        }
        for name, (client, url) in pages.items():
            get = page_getter(client, url)
            get()  # warm: templates, caches
            captured = capture(get)
            counts.setdefault(name, {})[scale] = len(captured.data)
            replay = replayer(captured.data)
            index, _single = heaviest(captured.data) if captured.data else (0, 0.0)
            single = replayer(captured.data[index : index + 1])
            skipped = ", ".join(f"{k} {v}" for k, v in captured.excluded.items() if v)
            report.line(f"{name} at scale {scale}: {len(captured.data)} data queries ({skipped or 'none'} excluded)")
            timings = alternate({name: get, "its SQL replay": replay, "heaviest query alone": single}, ROUNDS, WARMUP)
            result = report.table(f"{name}, scale {scale}", timings, floor="its SQL replay", ratio_of=[name])
            result["queries"] = len(captured.data)
            result["heaviest_sql"] = captured.data[index][0][:300] if captured.data else ""
            page_single = statistics.median(timings[name]) / max(
                statistics.median(timings["heaviest query alone"]), 1e-9
            )
            report.line(f"{name} / heaviest query alone: {page_single:.1f}x")
            report.record(f"{name}, scale {scale}", result)
            if name == "dashboard":  # the goal holds at every scale: flat in the size of the board
                report.goal(f"dashboard / its SQL replay, scale {scale}", result["ratios"][name].value, 3)
            if scale == scales[-1]:
                report.record(f"final {name}", result)
                if name == "board view":  # the goal is for the board of scale 20 (21 schools)
                    report.goal(
                        f"board view / its SQL replay, {people.schools} schools", result["ratios"][name].value, 3
                    )
                    replay_ms = statistics.median(timings["its SQL replay"]) * 1000
                    report.goal(f"board view SQL replay ms, {people.schools} schools", replay_ms, 50, digits=0)
    report.line("")
    report.line("data queries per page at each scale: " + ", ".join(f"scale {s}" for s in scales))
    for name, by_scale in counts.items():
        report.line(f"  {name:22} " + "  ".join(f"{by_scale[s]:5d}" for s in scales))
    report.record("queries per page", counts)
    report.goal("dashboard queries", max(counts["dashboard"].values()), 15, digits=0)
    if len(scales) > 1:
        board = counts["board view"]
        growth = board[scales[-1]] - board[scales[0]]
        report.goal("board view extra queries from more schools", growth, 0, digits=0)
    assert people is not None
    return people
