"""``python -m bench.table RUN.json [RUN.json ...]``: one Markdown table of the goals of runs of
``make bench`` (``var/bench/<timestamp>.json``), e.g. one run on SQLite and one on PostgreSQL + Redis.

A row per goal line of each run: the measure, the stack, this project's median and spread
(p10-p90), its floor's, the ratio (with the spread of the per-round ratios), the goal and whether it
is met. Everything comes from the run's own JSON: nothing is measured or judged here, the "met"
column is the run's own goal line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _spread(stat: dict[str, Any] | None, unit: str = "ms") -> str:
    if not stat:
        return ""
    factor, digits = (1000, 1) if unit == "ms" else (1, 2)
    return (
        f"{stat['median'] * factor:.{digits}f} {unit} "
        f"[{stat['p10'] * factor:.{digits}f}-{stat['p90'] * factor:.{digits}f}] n={stat['n']}"
    )


def _ratio(measure: dict[str, Any], side: str) -> str:
    found = measure.get("ratios", {}).get(side)
    if not found:
        return ""
    rounds = found["per_round"]
    return f"{found['value']:.2f}x [{rounds['p10']:.2f}-{rounds['p90']:.2f}]"


def _sides(run: dict[str, Any], goal: str) -> tuple[str, str, str]:
    """This project, its floor and the ratio for a goal's measure, from the run's records."""
    if goal.startswith("dashboard / its SQL replay, scale "):
        measure = run.get(f"dashboard, scale {goal.rsplit(' ', 1)[1]}", {})
        side = "dashboard"
    elif goal == "dashboard / its SQL replay":  # runs before the goal was per scale
        measure, side = run.get("final dashboard", {}), "dashboard"
    elif goal.startswith("board view / its SQL replay") or goal.startswith("board view SQL replay ms"):
        measure, side = run.get("final board view", {}), "board view"
    elif goal.startswith("cached protocol PDF"):
        measure, side = run.get("cached protocol PDF vs static file", {}), "cached protocol PDF"
    elif goal.startswith("public protocol page"):
        measure, side = run.get("public protocol page vs static file", {}), "public protocol page"
    elif goal.startswith("protocol render warm worst language"):
        warm = run.get("pdf warm", {}).get("languages", {})
        worst = max(warm, key=lambda code: warm[code]["median"], default=None)
        return (f"{worst}: {_spread(warm[worst], 's')}" if worst else "", "", "")
    elif goal.startswith("booklet render"):
        return (_spread(run.get("pdf warm", {}).get("booklet"), "s"), "", "")
    else:
        return ("", "", "")
    stats = measure.get("stats", {})
    floor = measure.get("floor") or ""
    if goal.startswith("board view SQL replay ms"):
        return (_spread(stats.get(floor)), "", "")
    return (_spread(stats.get(side)), f"{floor}: {_spread(stats.get(floor))}", _ratio(measure, side))


def rows(run: dict[str, Any]) -> list[list[str]]:
    stack = run.get("stack", "?")
    out = []
    for goal in run.get("goals", []):
        this, floor, ratio = _sides(run, goal["measure"])
        value = goal["value"]
        shown = "n/a" if value is None else (f"{value:.{goal['digits']}f}" if goal["digits"] else f"{round(value)}")
        out.append(
            [
                goal["measure"],
                stack,
                this,
                floor,
                ratio or shown,
                f"<= {goal['limit']:g}",
                "met" if goal["met"] else "**not met**",
            ]
        )
    return out


def table(runs: list[dict[str, Any]]) -> str:
    header = ["measure", "stack", "this project", "floor", "ratio / value", "goal", ""]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for run in runs:
        lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows(run)]
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    print(table([json.loads(Path(path).read_text()) for path in paths]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
