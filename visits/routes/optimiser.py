"""The route optimiser: Google OR-Tools' routing solver with time windows.

Pure arithmetic on minutes, no database: the caller (``visits.routes.selectors``) turns visits
into ``Stop``s and a travel matrix and reads the answer back.

* A *shift* is one evening (a vehicle in OR-Tools' terms): the route starts at the start point
  (row and column 0 of the travel matrix: the school, or — when the school's place is unknown — a
  point 0 minutes from everyone, so the route starts at its first family) and ends when the last
  visit is over (going home is not counted).
* A stop has one or more windows for its start: a visit the family booked is fixed (a window of
  one minute), a visit still to plan may start anywhere in the evening (``[start, end - service]``).
* Minimised: the total travel minutes. Every stop is placed if it can be; a stop that fits
  nowhere is left out and named (``Solution.unplaced``): "no plan fits".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

TIME_LIMIT_SECONDS = 2.0
# A season's search: what is left of the 2 seconds after building the model and reading it back.
SEASON_TIME_LIMIT = 1.5
# Times in a proposal fall on whole five minutes: each leg (visit + travel) is rounded up to it.
ROUND_TO = 5
# What leaving a stop out costs: far more than any route's travel, so a stop is only left out
# when it fits nowhere; leaving out a fixed (booked) stop costs far more again, so a visit still
# to plan never pushes out one whose time was agreed.
UNPLACED_PENALTY = 1_000_000
UNPLACED_FIXED_PENALTY = 1_000 * UNPLACED_PENALTY


@dataclass(frozen=True)
class Stop:
    key: int
    windows: tuple[tuple[int, int], ...]  # (earliest, latest) start, in minutes on the model's clock
    fixed: bool = False


@dataclass(frozen=True)
class Placed:
    key: int
    shift: int
    start: int
    travel_before: int  # minutes from the previous stop (or the start point)


@dataclass
class Solution:
    routes: list[list[Placed]]  # per shift, in order
    unplaced: list[int] = field(default_factory=list)
    travel: int = 0

    @property
    def fits(self) -> bool:
        return not self.unplaced

    @property
    def placed(self) -> list[Placed]:
        return [stop for route in self.routes for stop in route]


def time_limit_for(stops: int) -> float:
    """Seconds of search for this many stops: guided local search always uses its whole limit, and
    a small evening is solved (to the optimum in every random 6-stop trial against brute force)
    in a fraction of the 2 seconds a season may take."""
    return min(TIME_LIMIT_SECONDS, 0.1 + 0.05 * stops)


def fixed_window(start: int) -> tuple[tuple[int, int], ...]:
    return ((start, start),)


def leg_minutes(service: int, travel: int) -> int:
    """The time from one visit's start to the earliest start of the next."""
    return math.ceil((service + travel) / ROUND_TO) * ROUND_TO


def route_travel(order: Sequence[int], travel: Sequence[Sequence[int]]) -> int:
    """Travel minutes of visiting the matrix's stops 1..n in ``order`` (matrix indices), from point 0."""
    total, previous = 0, 0
    for node in order:
        total += travel[previous][node]
        previous = node
    return total


def solve(
    *,
    stops: Sequence[Stop],
    travel: Sequence[Sequence[int]],
    service: int,
    shifts: Sequence[tuple[int, int]],
    time_limit: float = TIME_LIMIT_SECONDS,
) -> Solution:
    """Order the stops over the shifts, minimising travel within every stop's windows.

    ``travel`` is (len(stops) + 1) square: index 0 is the start point, index i the stop
    ``stops[i - 1]``. A shift ``(start, end)``: its visits start at ``start`` or later and are over
    by ``end``. Search stops at ``time_limit`` seconds (guided local search after a first
    solution)."""
    n = len(stops)
    if n == 0:
        return Solution(routes=[[] for _ in shifts])
    manager = pywrapcp.RoutingIndexManager(n + 1, len(shifts), 0)
    routing = pywrapcp.RoutingModel(manager)

    def cost(from_index: int, to_index: int) -> int:
        a, b = manager.IndexToNode(from_index), manager.IndexToNode(to_index)
        return 0 if b == 0 else int(travel[a][b])

    def elapsed(from_index: int, to_index: int) -> int:
        a, b = manager.IndexToNode(from_index), manager.IndexToNode(to_index)
        if a == 0:
            return 0 if b == 0 else int(travel[0][b])
        if b == 0:
            return service
        return leg_minutes(service, int(travel[a][b]))

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(cost))
    horizon = max(end for _start, end in shifts) + 1
    routing.AddDimension(routing.RegisterTransitCallback(elapsed), horizon, horizon, False, "time")
    time = routing.GetDimensionOrDie("time")
    lead = max(int(travel[0][i]) for i in range(1, n + 1))
    for vehicle, (start, end) in enumerate(shifts):
        time.CumulVar(routing.Start(vehicle)).SetRange(max(0, start - lead), end)
        time.CumulVar(routing.End(vehicle)).SetRange(max(0, start - lead), end)
    for node, stop in enumerate(stops, start=1):
        index = manager.NodeToIndex(node)
        windows = sorted(stop.windows)
        variable = time.CumulVar(index)
        variable.SetRange(windows[0][0], windows[-1][1])
        for (_lo, hi), (next_lo, _hi) in pairwise(windows):
            if next_lo > hi + 1:
                variable.RemoveInterval(hi + 1, next_lo - 1)
        routing.AddDisjunction([index], UNPLACED_FIXED_PENALTY if stop.fixed else UNPLACED_PENALTY)

    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    parameters.time_limit.FromMilliseconds(int(time_limit * 1000))
    answer = routing.SolveWithParameters(parameters)
    if answer is None:  # not even a first solution: nothing placed
        return Solution(routes=[[] for _ in shifts], unplaced=[stop.key for stop in stops])

    routes: list[list[Placed]] = []
    placed_nodes: set[int] = set()
    total = 0
    for vehicle in range(len(shifts)):
        route: list[Placed] = []
        index, previous = answer.Value(routing.NextVar(routing.Start(vehicle))), 0
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            leg = int(travel[previous][node])
            total += leg
            route.append(Placed(stops[node - 1].key, vehicle, answer.Min(time.CumulVar(index)), leg))
            placed_nodes.add(node)
            previous = node
            index = answer.Value(routing.NextVar(index))
        routes.append(route)
    unplaced = [stop.key for node, stop in enumerate(stops, start=1) if node not in placed_nodes]
    return Solution(routes=routes, unplaced=unplaced, travel=total)
