"""The bench's harness: alternated timing, median and spread, tables, goal lines, the JSON record.

* ``alternate(sides, rounds, warmup)`` calls every side once per round, in an order shuffled
  per round with a fixed seed (A B, B A, A B ...), so a slow minute on a shared machine hits
  every side alike; it returns each side's timings.
* ``Stats`` of a side: median, p10 and p90 (the spread) and n.
* ``ratio(page, floor)``: median(page) / median(floor), and the spread of the per-round ratios
  (page and floor timed in the same round), their median, p10 and p90.
* ``Report`` prints one table per measure, collects goal lines and writes everything as JSON.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SEED = 15


@dataclass(frozen=True)
class Stats:
    """Timings of one side, in seconds: median, 10th and 90th percentile, count."""

    median: float
    p10: float
    p90: float
    n: int

    @classmethod
    def of(cls, values: Iterable[float]) -> Stats:
        data = sorted(values)
        if not data:
            raise ValueError("no timings")
        return cls(statistics.median(data), percentile(data, 10), percentile(data, 90), len(data))

    def ms(self) -> str:
        return f"{self.median * 1000:9.2f} ms  [{self.p10 * 1000:.2f}-{self.p90 * 1000:.2f}]  n={self.n}"

    def seconds(self) -> str:
        return f"{self.median:8.3f} s  [{self.p10:.3f}-{self.p90:.3f}]  n={self.n}"


@dataclass(frozen=True)
class Ratio:
    """median(page) / median(floor), and the median and p10-p90 of the per-round ratios."""

    value: float
    per_round: Stats

    def text(self) -> str:
        spread = self.per_round
        return f"{self.value:7.2f}x  (per round {spread.median:.2f}x [{spread.p10:.2f}-{spread.p90:.2f}])"


def percentile(sorted_values: list[float], pct: float) -> float:
    """Linear interpolation between the closest ranks (as numpy's default); ``sorted_values`` sorted."""
    if not sorted_values:
        raise ValueError("no values")
    if len(sorted_values) == 1:
        return sorted_values[0]
    position = (len(sorted_values) - 1) * pct / 100
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def alternate(
    sides: Mapping[str, Callable[[], object]],
    rounds: int,
    warmup: int = 1,
    *,
    seed: int = SEED,
    clock: Callable[[], float] = time.perf_counter,
    order_log: list[list[str]] | None = None,
) -> dict[str, list[float]]:
    """Time each side once per round, sides interleaved in a shuffled order per round.

    The first ``warmup`` rounds are run the same way and not kept. ``order_log`` (if given)
    receives the order of every kept round."""
    if rounds < 1 or not sides:
        raise ValueError("need at least one round and one side")
    rng = random.Random(seed)
    names = list(sides)
    timings: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(warmup + rounds):
        order = names[:]
        rng.shuffle(order)
        for name in order:
            started = clock()
            sides[name]()
            elapsed = clock() - started
            if round_number >= warmup:
                timings[name].append(elapsed)
        if round_number >= warmup and order_log is not None:
            order_log.append(order)
    return timings


def ratio(page: list[float], floor: list[float]) -> Ratio:
    """``page`` and ``floor`` timed in the same rounds (same length, same order of rounds)."""
    if len(page) != len(floor) or not page:
        raise ValueError("page and floor need the same, non-zero number of rounds")
    per_round = [p / f for p, f in zip(page, floor, strict=True) if f > 0]
    return Ratio(statistics.median(page) / statistics.median(floor), Stats.of(per_round))


def goal_line(measure: str, value: float | None, limit: float, digits: int = 2) -> str:
    """``goal <measure>: <value> (goal <= <limit>) met`` or ``... not met`` (no value: not met)."""
    limit_text = f"{limit:g}"
    if value is None:
        return f"goal {measure}: n/a (goal <= {limit_text}) not met"
    shown = f"{value:.{digits}f}" if digits else f"{round(value):d}"
    met = value <= limit
    return f"goal {measure}: {shown} (goal <= {limit_text}) {'met' if met else 'not met'}"


@dataclass
class Report:
    """What one run measured: printed as it goes, goal lines at the end, all of it as JSON."""

    started: float = field(default_factory=time.time)
    data: dict[str, Any] = field(default_factory=dict)
    goals: list[dict[str, Any]] = field(default_factory=list)

    def heading(self, text: str) -> None:
        print(f"\n== {text}", flush=True)

    def line(self, text: str) -> None:
        print(f"  {text}", flush=True)

    def record(self, key: str, value: Any) -> None:
        self.data[key] = _plain(value)

    def table(
        self,
        title: str,
        timings: dict[str, list[float]],
        *,
        floor: str | None = None,
        unit: str = "ms",
        ratio_of: list[str] | None = None,
    ) -> dict:
        """Print one alternated measure: each side's median and spread, and the ratio to ``floor``
        of each side in ``ratio_of`` (default: every other side). Returns (and records under
        ``title``) the stats and ratios."""
        print(f"\n  {title}", flush=True)
        stats = {name: Stats.of(values) for name, values in timings.items()}
        width = max(len(name) for name in stats)
        for name, stat in stats.items():
            print(f"    {name.ljust(width)}  {stat.ms() if unit == 'ms' else stat.seconds()}", flush=True)
        ratios: dict[str, Ratio] = {}
        if floor is not None:
            for name in stats:
                if name != floor and (ratio_of is None or name in ratio_of):
                    ratios[name] = ratio(timings[name], timings[floor])
                    print(f"    {name} / {floor}: {ratios[name].text()}", flush=True)
        result = {"stats": stats, "ratios": ratios, "floor": floor}
        self.record(title, result)
        return result

    def goal(self, measure: str, value: float | None, limit: float, digits: int = 2) -> str:
        text = goal_line(measure, value, limit, digits)
        met = text.endswith(" met") and not text.endswith("not met")
        self.goals.append({"measure": measure, "value": value, "limit": limit, "digits": digits, "met": met})
        return text

    def print_goals(self) -> None:
        print("\n== Goals (issue 15)", flush=True)
        for item in self.goals:
            print(goal_line(item["measure"], item["value"], item["limit"], _digits(item)), flush=True)

    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(self.started))
        path = folder / f"{stamp}.json"
        payload = {"started": stamp, "seconds": round(time.time() - self.started, 1), **self.data}
        payload["goals"] = [
            {**g, "line": goal_line(g["measure"], g["value"], g["limit"], _digits(g))} for g in self.goals
        ]
        path.write_text(json.dumps(_plain(payload), indent=2, default=str))
        return path


def _digits(goal: dict[str, Any]) -> int:
    return int(goal["digits"])


def _plain(value: Any) -> Any:
    if isinstance(value, Stats | Ratio):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def count_duplicates(received: Iterable[tuple[str, ...]]) -> int:
    """How many messages arrived more than once: every arrival of a key after its first.

    ``received`` holds one identity per arrival (e.g. ``(message id,)`` or ``(address, text)``)."""
    seen: set[tuple[str, ...]] = set()
    duplicates = 0
    for identity in received:
        if identity in seen:
            duplicates += 1
        else:
            seen.add(identity)
    return duplicates
