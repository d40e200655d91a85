"""``python -m bench.routes``: the route optimiser (``visits/routes/optimiser.py``, OR-Tools).

* An evening: 8 families still to plan within 1.5 km, each free in the evening (16:00-21:00,
  30-minute visits).
* A season: a teacher's 30 families within 3 km across 8 evenings (60-minute visits, at most 4
  an evening).

Families lie at fixed pseudo-random places around a school in Utrecht; travel is
``visits.geo.travel.travel_minutes`` by bike. Each is solved 5 times; the report gives the wall
time of a whole call (model built, solved, read back) as median and spread, and the travel
minutes the plan saves against the order of booking (the evening: the families in the order they
signed up; the season: that order, filling evening after evening). Goal: a plan in under 2 s.
Needs no database; takes about 15 seconds.
"""

from __future__ import annotations

import random
import statistics
import time
from types import SimpleNamespace
from typing import Any

from visits.geo.travel import Point, travel_minutes
from visits.routes import optimiser

RUNS = 5
GOAL_SECONDS = 2.0
SCHOOL = Point(52.0907, 5.1214)
PROGRAMME = SimpleNamespace(travel_mode="bike", travel_minutes=15)
EVENING = (16 * 60, 21 * 60)


def _places(count: int, seed: int, km: float) -> list[Point]:
    """``count`` places within about ``km`` of the school, the same every run."""
    rng = random.Random(seed)
    lat, lng = km / 111.0, km / 68.5
    return [Point(SCHOOL.lat + rng.uniform(-lat, lat), SCHOOL.lng + rng.uniform(-lng, lng)) for _ in range(count)]


def _matrix(points: list[Point]) -> list[list[int]]:
    """Row 0: from the school (unknown to the app today, so 0 minutes: the route starts at its first family)."""
    return [[0] * (len(points) + 1)] + [
        [0, *(0 if a is b else travel_minutes(PROGRAMME, a, b) for b in points)] for a in points
    ]


def _timed(call):  # type: ignore[no-untyped-def]
    timings, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = call()
        timings.append(time.perf_counter() - started)
    return result, timings


def _spread(timings: list[float]) -> str:
    return (
        f"median {statistics.median(timings):.2f} s, min {min(timings):.2f} s, max {max(timings):.2f} s ({RUNS} runs)"
    )


def evening() -> dict:
    service = 30
    matrix = _matrix(_places(8, seed=14, km=1.5))
    stops = [optimiser.Stop(i, ((EVENING[0], EVENING[1] - service),)) for i in range(1, 9)]
    booked_order = optimiser.route_travel(range(1, 9), matrix)
    solution, timings = _timed(
        lambda: optimiser.solve(
            stops=stops, travel=matrix, service=service, shifts=[EVENING], time_limit=optimiser.time_limit_for(8)
        )
    )
    return {
        "visits": 8,
        "placed": len(solution.placed),
        "booking_order_travel": booked_order,
        "plan_travel": solution.travel,
        "saved": booked_order - solution.travel,
        "seconds": timings,
    }


def season() -> dict:
    service, evenings, families = 60, 8, 30
    matrix = _matrix(_places(families, seed=30, km=3.0))
    days = [d + 7 * (d // 4) for d in range(evenings)]  # Monday to Thursday, two weeks
    shifts = [(day * 1440 + EVENING[0], day * 1440 + EVENING[1]) for day in days]
    windows = tuple((start, end - service) for start, end in shifts)
    stops = [optimiser.Stop(i, windows) for i in range(1, families + 1)]
    per_evening = 4
    booked_order = sum(
        optimiser.route_travel(range(1 + e * per_evening, 1 + min(families, (e + 1) * per_evening)), matrix)
        for e in range(evenings)
    )
    solution, timings = _timed(
        lambda: optimiser.solve(
            stops=stops, travel=matrix, service=service, shifts=shifts, time_limit=optimiser.SEASON_TIME_LIMIT
        )
    )
    return {
        "families": families,
        "evenings": evenings,
        "placed": len(solution.placed),
        "booking_order_travel": booked_order,
        "plan_travel": solution.travel,
        "saved": booked_order - solution.travel,
        "seconds": timings,
    }


def run(report: Any = None) -> list[str]:
    """Solve both, print the lines and, inside ``make bench``, add them and the goal lines to ``report``."""
    results = {"evening": evening(), "season": season()}
    lines = []
    for name, label in (("evening", "an evening of 8 visits"), ("season", "30 families across 8 evenings")):
        result = results[name]
        within = "yes" if max(result["seconds"]) < GOAL_SECONDS else "NO"
        total = result.get("visits", result.get("families"))
        lines.append(
            f"  {label:32} {_spread(result['seconds'])}; under 2 s: {within}; placed {result['placed']}/{total}; "
            f"travel {result['plan_travel']} min against {result['booking_order_travel']} min in booking order "
            f"(saves {result['saved']} min)"
        )
    if report is None:
        print("Route optimiser (OR-Tools routing with time windows), goal: a plan in under 2 s")
        for line in lines:
            print(line)
        return lines
    report.heading("Route optimiser (OR-Tools routing with time windows), goal: a plan in under 2 s")
    for line in lines:
        report.line(line)
    report.record("routes", results)
    for name, label in (
        ("evening", "route optimiser evening of 8 visits s"),
        ("season", "route optimiser season of 30 families s"),
    ):
        report.goal(label, statistics.median(results[name]["seconds"]), GOAL_SECONDS)
    return lines


if __name__ == "__main__":
    run()
