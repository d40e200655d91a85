"""The route optimiser (OR-Tools routing with time windows) on small instances whose answer is known."""

from itertools import pairwise

from visits.routes.optimiser import Stop, fixed_window, leg_minutes, route_travel, solve

EVENING = (16 * 60, 21 * 60)
SERVICE = 30


def line_matrix(positions: list[int], minutes_per_step: int = 10) -> list[list[int]]:
    """Stops on a straight line; from the unknown start point every stop is 0 minutes away."""
    size = len(positions) + 1
    matrix = [[0] * size for _ in range(size)]
    for i, a in enumerate(positions, start=1):
        for j, b in enumerate(positions, start=1):
            matrix[i][j] = abs(a - b) * minutes_per_step
    return matrix


def open_stop(key: int) -> Stop:
    return Stop(key, ((EVENING[0], EVENING[1] - SERVICE),))


def starts_follow_the_legs(route, matrix, keys_to_node) -> None:
    for before, after in pairwise(route):
        leg = matrix[keys_to_node[before.key]][keys_to_node[after.key]]
        assert after.start >= before.start + leg_minutes(SERVICE, leg)


def test_four_addresses_on_a_line_booked_zig_zag_are_visited_in_line_order():
    # Booked in the order 0 km, 2 km, 1 km, 3 km: 20 + 10 + 20 = 50 minutes of travel.
    matrix = line_matrix([0, 2, 1, 3])
    assert route_travel([1, 2, 3, 4], matrix) == 50
    solution = solve(
        stops=[open_stop(k) for k in (1, 2, 3, 4)], travel=matrix, service=SERVICE, shifts=[EVENING], time_limit=0.3
    )
    assert solution.fits
    assert solution.travel == 30  # 0 -> 1 -> 2 -> 3 km (or back)
    order = [placed.key for placed in solution.routes[0]]
    assert order in ([1, 3, 2, 4], [4, 2, 3, 1])
    assert solution.routes[0][0].start == EVENING[0]  # the first visit at the start of the evening
    starts_follow_the_legs(solution.routes[0], matrix, {k: k for k in (1, 2, 3, 4)})


def test_a_booked_visit_keeps_its_time_and_the_others_fit_around_it():
    matrix = line_matrix([0, 2, 1, 3])
    booked = Stop(3, fixed_window(18 * 60), fixed=True)  # the family at 1 km booked 18:00
    stops = [open_stop(1), open_stop(2), booked, open_stop(4)]
    solution = solve(stops=stops, travel=matrix, service=SERVICE, shifts=[EVENING], time_limit=0.3)
    assert solution.fits
    placed = {p.key: p.start for p in solution.placed}
    assert placed[3] == 18 * 60
    assert all(EVENING[0] <= start <= EVENING[1] - SERVICE for start in placed.values())
    starts_follow_the_legs(solution.routes[0], matrix, {k: k for k in (1, 2, 3, 4)})


def test_when_no_plan_fits_the_stop_that_cannot_be_placed_is_named():
    # Two families booked the same time: one of them cannot be visited.
    matrix = line_matrix([0, 1, 2])
    stops = [Stop(1, fixed_window(17 * 60), fixed=True), Stop(2, fixed_window(17 * 60), fixed=True), open_stop(3)]
    solution = solve(stops=stops, travel=matrix, service=SERVICE, shifts=[EVENING], time_limit=0.3)
    assert not solution.fits
    assert len(solution.unplaced) == 1 and solution.unplaced[0] in (1, 2)
    assert {p.key for p in solution.placed} == {1, 2, 3} - set(solution.unplaced)


def test_more_visits_than_the_evening_holds_are_left_out_not_squeezed_in():
    matrix = line_matrix([0, 1, 2, 3, 4, 5, 6])
    stops = [Stop(k, ((EVENING[0], EVENING[1] - 60),)) for k in range(1, 8)]
    solution = solve(stops=stops, travel=matrix, service=60, shifts=[EVENING], time_limit=0.3)
    # 16:00-21:00 with 60-minute visits and 10 minutes between neighbours: at most 4 visits.
    assert len(solution.placed) == 4
    assert len(solution.unplaced) == 3
    assert solution.routes[0][-1].start + 60 <= EVENING[1]


def test_a_season_spreads_families_over_evenings_each_inside_its_own_evening():
    days = 3
    shifts = [(d * 1440 + EVENING[0], d * 1440 + EVENING[1]) for d in range(days)]
    windows = tuple((start, end - 60) for start, end in shifts)
    matrix = line_matrix(list(range(12)), minutes_per_step=5)
    stops = [Stop(k, windows) for k in range(1, 13)]
    solution = solve(stops=stops, travel=matrix, service=60, shifts=shifts, time_limit=1.0)
    assert solution.fits
    for day, route in enumerate(solution.routes):
        for placed in route:
            assert shifts[day][0] <= placed.start and placed.start + 60 <= shifts[day][1]
    assert sum(len(route) for route in solution.routes) == 12


def test_a_visit_still_to_plan_never_pushes_out_a_booked_one():
    # Four booked hours fill the evening; the open stop is the one left out, whichever is cheaper.
    matrix = line_matrix([0, 0, 0, 0, 0])
    booked = [Stop(k, fixed_window(16 * 60 + (k - 1) * 75), fixed=True) for k in range(1, 5)]
    solution = solve(
        stops=[*booked, Stop(5, ((EVENING[0], EVENING[1] - 60),))],
        travel=matrix,
        service=60,
        shifts=[EVENING],
        time_limit=0.3,
    )
    assert solution.unplaced == [5]
