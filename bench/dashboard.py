"""``make bench``, the dashboard part: a board-size dataset and how fast its figures come.

* Builds ``seed_demo --scale 20``: the demo school plus 19 large copies (about 12,000 pupils,
  every family with a visit in some state, reports, contact attempts, flags) and times it.
* Times, through the test client and the whole middleware stack (server time, no browser), the
  median of several runs: the directie's dashboard of one large school, the team-meeting page,
  the board view of all 21 schools, and a teacher's pupil list.
* Times the raw SQL aggregate the dashboard cannot do without — pupils per group per visit status,
  one GROUP BY over a LEFT JOIN — for one school and for the whole board: the floor. The ratios
  say what the ORM, the other figures, the templates and the charts add on top.

``run()`` expects Django to be set up on a migrated, throw-away database (see bench/__main__.py).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNS = 15
SCALE = 20

FLOOR_SQL = """
SELECT p.group_id, COALESCE(v.status, 'to_plan') AS status, COUNT(*)
FROM visits_pupil p
JOIN visits_group g ON g.id = p.group_id
LEFT JOIN visits_visitpupil vp ON vp.pupil_id = p.id AND vp.school_year_id = g.school_year_id
LEFT JOIN visits_visit v ON v.id = vp.visit_id
WHERE p.school_id IN ({schools}) AND g.school_year_id IN ({years})
GROUP BY p.group_id, COALESCE(v.status, 'to_plan')
"""


def _median_ms(action: Callable[[], Any], runs: int = RUNS) -> float:
    action()  # warm up: caches, compiled templates, the database's pages
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def _client_for(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    try:  # with the second factor in place, a real log-in would have passed it
        from huisbezoek.testing.second_factor import mark_session_verified
    except ImportError:
        return client
    session = client.session
    mark_session_verified(session, user)
    session.save()
    return client


def _get(client: Any, url: str) -> Callable[[], None]:
    def action() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return action


def run() -> dict[str, Any]:
    from django.db import connection
    from django.urls import reverse

    from demo.builder import build_demo
    from huisbezoek.models import Membership, Role, School, SchoolYear, User
    from visits.models import GroupTeacher, Pupil, Visit
    from visits.selectors import year_figures

    started = time.perf_counter()
    counts = build_demo(scale=SCALE)
    seed_seconds = time.perf_counter() - started
    visits = Visit.objects.count()
    print(
        f"\nDashboard — seed_demo --scale {SCALE}: {counts['schools']} schools, {counts['pupils']} pupils, "
        f"{counts['families']} families, {visits} visits in {seed_seconds:.1f} s"
    )

    school = School.objects.get(name=f"Basisschool De Regenboog {SCALE}")
    year = SchoolYear.objects.get(school=school, label="2026-2027")
    pupils_at_school = Pupil.objects.filter(school=school).count()
    directie = Membership.objects.filter(school=school, role=Role.DIRECTIE).select_related("user").first().user
    # The board member is directie at every school of the board: make them so for the copies too.
    board_user = User.objects.get(email="bestuur@demo.test")
    schools = list(School.objects.filter(board=school.board).order_by("name"))
    Membership.objects.bulk_create(
        [Membership(user=board_user, school=s, role=Role.DIRECTIE) for s in schools], ignore_conflicts=True
    )
    teacher = GroupTeacher.objects.filter(group__school=school, kind="mentor").select_related("teacher").first()
    assert directie is not None and teacher is not None

    directie_client = _client_for(directie)
    board_client = _client_for(board_user)
    session = board_client.session
    session["current_school_id"] = school.pk
    session.save()
    teacher_client = _client_for(teacher.teacher)

    timings = {
        "dashboard_ms": _median_ms(_get(directie_client, reverse("dashboard:dashboard"))),
        "team_meeting_ms": _median_ms(_get(directie_client, reverse("dashboard:team_meeting"))),
        "board_view_ms": _median_ms(_get(board_client, reverse("dashboard:board"))),
        "teacher_pupil_list_ms": _median_ms(_get(teacher_client, reverse("visits:pupil_list"))),
        "year_figures_call_ms": _median_ms(lambda: year_figures(school=school, school_year=year)),
    }

    def floor(school_ids: list[int], year_ids: list[int]) -> Callable[[], None]:
        sql = FLOOR_SQL.format(schools=", ".join(map(str, school_ids)), years=", ".join(map(str, year_ids)))

        def action() -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                assert cursor.fetchall()

        return action

    board_years = list(SchoolYear.objects.filter(school__in=schools, label="2026-2027").values_list("pk", flat=True))
    timings["floor_one_school_ms"] = _median_ms(floor([school.pk], [year.pk]))
    timings["floor_board_ms"] = _median_ms(floor([s.pk for s in schools], board_years))
    board_pupils = Pupil.objects.filter(school__in=schools).count()

    ratios = {
        "dashboard_vs_floor": timings["dashboard_ms"] / timings["floor_one_school_ms"],
        "team_meeting_vs_floor": timings["team_meeting_ms"] / timings["floor_one_school_ms"],
        "year_figures_vs_floor": timings["year_figures_call_ms"] / timings["floor_one_school_ms"],
        "board_view_vs_board_floor": timings["board_view_ms"] / timings["floor_board_ms"],
        "teacher_list_vs_dashboard": timings["teacher_pupil_list_ms"] / timings["dashboard_ms"],
    }
    print(f"Server time through the test client, median of {RUNS} runs (same run, same database)")
    print(f"  dashboard, one school ({pupils_at_school} pupils)      {timings['dashboard_ms']:8.1f} ms")
    print(f"  team-meeting page, one school             {timings['team_meeting_ms']:8.1f} ms")
    print(f"  board view, {len(schools)} schools ({board_pupils} pupils)  {timings['board_view_ms']:8.1f} ms")
    print(f"  teacher's pupil list (one group)          {timings['teacher_pupil_list_ms']:8.1f} ms")
    print(f"  year_figures() alone, one school          {timings['year_figures_call_ms']:8.1f} ms")
    print(f"  floor: raw SQL aggregate, one school      {timings['floor_one_school_ms']:8.2f} ms")
    print(f"  floor: raw SQL aggregate, whole board     {timings['floor_board_ms']:8.2f} ms")
    print("Ratios")
    for name, value in ratios.items():
        print(f"  {name:32} {value:7.1f}x")

    result = {
        "scale": SCALE,
        "seed_seconds": round(seed_seconds, 1),
        "schools": counts["schools"],
        "pupils": counts["pupils"],
        "visits": visits,
        "pupils_at_school": pupils_at_school,
        "runs": RUNS,
        **{k: round(v, 2) for k, v in timings.items()},
        "ratios": {k: round(v, 1) for k, v in ratios.items()},
    }
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / "dashboard.json").write_text(json.dumps(result, indent=2))
    return result
