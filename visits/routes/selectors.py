"""What the evening page, its PDF and the season view read: a visitor's evening in route order
with travel times and warnings, the map links, and the optimiser's proposals.

Only reads; the one write (accepting a proposal) is ``visits.routes.services.route_accept``.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huisbezoek import languages

from .. import holidays
from ..geo.travel import Point, family_point, school_point, travel_minutes
from ..models import AvailabilityWindow, Guardian, Programme, Visit
from . import optimiser

if TYPE_CHECKING:
    from huisbezoek.models import School, User

S = Visit.Status
# The visits of an evening: planned, and (for an evening that has passed) visited or reported.
ON_THE_ROUTE = (S.SCHEDULED, S.VISITED, S.REPORTED)
# Home visits the visitor may still plan: the ones they can tick for a proposal.
STILL_TO_PLAN = (S.TO_PLAN, S.CONTACTED, S.UNREACHABLE)
MAX_TICKED = 12  # visits still to plan in one evening's proposal
MAX_SEASON_EVENINGS = 12
OSM_ENGINE: dict[str, str] = {
    Programme.TravelMode.BIKE: "fossgis_osrm_bike",
    Programme.TravelMode.CAR: "fossgis_osrm_car",
    Programme.TravelMode.WALK: "fossgis_osrm_foot",
    Programme.TravelMode.PUBLIC_TRANSPORT: "fossgis_osrm_foot",  # OpenStreetMap has no public transport
}


def _coordinates(point: Point) -> str:
    return f"{point.lat:.6f},{point.lng:.6f}"


def leg_link(programme: Programme, origin: Point, destination: Point) -> str:
    """Directions from one address to the next on OpenStreetMap: only coordinates in the URL."""
    engine = OSM_ENGINE.get(programme.travel_mode, "fossgis_osrm_bike")
    return "https://www.openstreetmap.org/directions?" + urlencode(
        {"engine": engine, "route": f"{_coordinates(origin)};{_coordinates(destination)}"}, safe=",;"
    )


def place_link(point: Point) -> str:
    """The place itself for the phone's own maps app."""
    return f"geo:{_coordinates(point)}"


def address_search_link(address: str) -> str:
    """For a family without a known place: the address (never the name) searched on the map."""
    return "https://www.openstreetmap.org/search?" + urlencode({"query": address})


def programme_on(school: School, day: datetime.date) -> Programme | None:
    """The programme of the school year the day falls in."""
    return Programme.objects.filter(school=school, school_year__start__lte=day, school_year__end__gte=day).first()


def _local(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, at))


def _evening_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return _local(day, datetime.time.min), _local(day + datetime.timedelta(days=1), datetime.time.min)


def visits_of(visits: QuerySet[Visit], visitor: User) -> QuerySet[Visit]:
    """The visits ``visitor`` makes (lead visitor or duo colleague) among ``visits``."""
    return visits.filter(Q(lead_visitor=visitor) | Q(colleague=visitor))


@dataclass
class RouteStop:
    """One visit on the route, with what a visitor needs at the door (no sensitivities)."""

    visit: Visit
    starts: datetime.datetime
    ends: datetime.datetime
    point: Point | None
    address: str
    travel_before: int | None = None  # minutes from the previous stop (None for the first)
    arrive: datetime.datetime | None = None  # earliest arrival after the previous visit
    gap_before: int | None = None  # minutes to spare before the start (negative: too tight)
    warning: str = ""
    main_carer: Guardian | None = None
    language: str = ""
    leg_link: str = ""  # directions from the previous stop
    place_link: str = ""  # the place, or a search for the address

    @property
    def at_school(self) -> bool:
        return self.visit.kind == Visit.Kind.SCHOOL_TALK

    @property
    def family(self):  # type: ignore[no-untyped-def]
        return self.visit.family


@dataclass
class Evening:
    visitor: User
    day: datetime.date
    programme: Programme
    has_programme: bool
    stops: list[RouteStop]
    warnings: list[str] = field(default_factory=list)
    travel_total: int = 0
    previous_day: datetime.date | None = None
    next_day: datetime.date | None = None
    start_point: Point | None = None

    @property
    def without_place(self) -> int:
        return sum(1 for stop in self.stops if stop.point is None and not stop.at_school)


def _address(visit: Visit) -> str:
    family = visit.family
    street = " ".join(part for part in (family.street, family.house_number) if part)
    town = " ".join(part for part in (family.postcode, family.city) if part)
    return ", ".join(part for part in (street, town) if part)


def _main_language(visit: Visit) -> str:
    family = visit.family
    code = family.interpreter_language or next((fl.language for fl in family.home_languages.all() if fl.is_main), "")
    language = languages.get(code) if code else None
    return str(language.name) if language else ""


def route_visits(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """Everything a stop shows, in a fixed number of queries."""
    return visits.select_related("family", "interpreter", "lead_visitor", "colleague").prefetch_related(
        "family__guardians",  # the main carer first (Guardian's ordering)
        "family__home_languages",
    )


def evening_capacity(programme: Programme) -> int:
    """How many visits fit between the evening's first start and its end, with the fixed travel buffer."""
    window = (
        datetime.datetime.combine(datetime.date.min, programme.evening_end)
        - datetime.datetime.combine(datetime.date.min, programme.evening_start)
    ).seconds // 60
    per_visit = programme.visit_minutes + programme.travel_minutes
    return max(1, (window + programme.travel_minutes) // per_visit)


def evening(*, visits: QuerySet[Visit], visitor: User, school: School, day: datetime.date) -> Evening:
    """``visitor``'s visits on ``day`` among ``visits`` (what the viewer may see), in route order (by
    start), with the travel between consecutive addresses, the time to spare, and a warning where
    the evening is too full: a visit starts before the previous one ends plus the travel, the
    last one ends after the programme's evening end, or there are more visits than fit."""
    return _evening(visits=visits, visitor=visitor, school=school, day=day, saved=programme_on(school, day))


def _evening(
    *, visits: QuerySet[Visit], visitor: User, school: School, day: datetime.date, saved: Programme | None
) -> Evening:
    programme = saved or Programme(school=school)  # the defaults until the directie sets the year's
    start_of_day, end_of_day = _evening_bounds(day)
    mine = visits_of(visits, visitor).filter(status__in=ON_THE_ROUTE, starts_at__isnull=False)
    todays = route_visits(mine.filter(starts_at__gte=start_of_day, starts_at__lt=end_of_day)).order_by(
        "starts_at", "pk"
    )
    around = mine.aggregate(
        before=Max("starts_at", filter=Q(starts_at__lt=start_of_day)),
        after=Min("starts_at", filter=Q(starts_at__gte=end_of_day)),
    )
    origin = school_point(school)
    result = Evening(
        visitor=visitor,
        day=day,
        programme=programme,
        has_programme=saved is not None,
        stops=[],
        previous_day=timezone.localtime(around["before"]).date() if around["before"] else None,
        next_day=timezone.localtime(around["after"]).date() if around["after"] else None,
        start_point=origin,
    )
    previous: RouteStop | None = None
    for visit in todays:
        assert visit.starts_at is not None
        starts = timezone.localtime(visit.starts_at)
        minutes = visit.duration_minutes or programme.visit_minutes
        at_school = visit.kind == Visit.Kind.SCHOOL_TALK
        point = origin if at_school else family_point(visit.family)
        address = _("Op school") if at_school else _address(visit)
        guardians = list(visit.family.guardians.all())
        stop = RouteStop(
            visit=visit,
            starts=starts,
            ends=starts + datetime.timedelta(minutes=minutes),
            point=point,
            address=address,
            main_carer=guardians[0] if guardians else None,
            language=_main_language(visit),
        )
        if point is not None:
            stop.place_link = place_link(point)
        elif address and not at_school:
            stop.place_link = address_search_link(address)
        from_point = previous.point if previous is not None else origin
        if previous is not None or origin is not None:
            stop.travel_before = travel_minutes(programme, from_point, point)
            result.travel_total += stop.travel_before
            if from_point is not None and point is not None and from_point != point:
                stop.leg_link = leg_link(programme, from_point, point)
        if previous is not None:
            assert stop.travel_before is not None
            stop.arrive = previous.ends + datetime.timedelta(minutes=stop.travel_before)
            stop.gap_before = math.floor((starts - stop.arrive).total_seconds() / 60)
            if stop.gap_before < 0:
                stop.warning = _(
                    "Te krap: het vorige bezoek is om %(end)s klaar en de reis duurt %(minutes)s min; "
                    "u bent hier op zijn vroegst om %(arrive)s."
                ) % {
                    "end": time_format(previous.ends, "H:i"),
                    "minutes": stop.travel_before,
                    "arrive": time_format(stop.arrive, "H:i"),
                }
        result.stops.append(stop)
        previous = stop
    if result.stops:
        last_end = result.stops[-1].ends
        if last_end.date() > day or last_end.time() > programme.evening_end:
            result.warnings.append(
                _("Het laatste bezoek is pas om %(end)s klaar, na het einde van de bezoektijden (%(limit)s).")
                % {"end": time_format(last_end, "H:i"), "limit": time_format(programme.evening_end, "H:i")}
            )
        if result.stops[0].starts.time() < programme.evening_start:
            result.warnings.append(
                _("Het eerste bezoek begint vóór de bezoektijden (vanaf %(start)s).")
                % {"start": time_format(programme.evening_start, "H:i")}
            )
        capacity = evening_capacity(programme)
        if len(result.stops) > capacity:
            result.warnings.append(
                ngettext(
                    "%(count)s bezoeken op één avond; tussen %(start)s en %(end)s past er %(fit)s.",
                    "%(count)s bezoeken op één avond; tussen %(start)s en %(end)s passen er %(fit)s.",
                    capacity,
                )
                % {
                    "count": len(result.stops),
                    "fit": capacity,
                    "start": time_format(programme.evening_start, "H:i"),
                    "end": time_format(programme.evening_end, "H:i"),
                }
            )
        tight = sum(1 for stop in result.stops if stop.warning)
        if tight:
            result.warnings.append(
                ngettext(
                    "%(count)s bezoek begint voordat u er kunt zijn.",
                    "%(count)s bezoeken beginnen voordat u er kunt zijn.",
                    tight,
                )
                % {"count": tight}
            )
    return result


def still_to_plan(*, visits: QuerySet[Visit], visitor: User, programme: Programme | None) -> QuerySet[Visit]:
    """The visitor's home visits of the programme's year that still need a time: they can be
    ticked for a proposal, which gives each a time in the evening window."""
    if programme is None or programme.pk is None:
        return visits.none()
    return (
        visits_of(visits, visitor)
        .filter(status__in=STILL_TO_PLAN, kind=Visit.Kind.HOME, school_year_id=programme.school_year_id)
        .select_related("family")
        .order_by("pk")
    )


@dataclass
class ProposedStop:
    visit: Visit
    starts: datetime.datetime
    booked: bool  # its time was agreed with the family: never moved
    travel_before: int


@dataclass
class Proposal:
    """The optimiser's order for an evening beside the order as it stands."""

    stops: list[ProposedStop]
    unplaced: list[Visit]
    current_travel: int
    travel: int
    current_order: list[Visit]

    @property
    def fits(self) -> bool:
        return not self.unplaced

    @property
    def saved(self) -> int:
        """Travel minutes the proposal saves against the current order (never below 0)."""
        return max(0, self.current_travel - self.travel)

    @property
    def to_plan(self) -> list[ProposedStop]:
        return [stop for stop in self.stops if not stop.booked]


def _minutes(moment: datetime.datetime, day: datetime.date) -> int:
    local = timezone.localtime(moment)
    return (local.date() - day).days * 1440 + local.hour * 60 + local.minute


def _moment(day: datetime.date, minutes: int) -> datetime.datetime:
    """The local moment ``minutes`` after ``day``'s midnight on the wall clock (days of 1440 minutes,
    so a season across the change to winter time keeps its evening hours)."""
    days, rest = divmod(minutes, 1440)
    return _local(day + datetime.timedelta(days=days), datetime.time(rest // 60, rest % 60))


def _matrix(programme: Programme, origin: Point | None, points: Sequence[Point | None]) -> list[list[int]]:
    """Travel minutes between the start point (row 0) and the stops; from an unknown start point
    every stop is 0 minutes away (the route then starts at its first family)."""
    matrix = [[0] * (len(points) + 1)]
    if origin is not None:
        matrix[0] = [0, *(travel_minutes(programme, origin, point) for point in points)]
    for a in points:
        matrix.append([0, *(0 if a is b else travel_minutes(programme, a, b) for b in points)])
    return matrix


def _visit_point(visit: Visit, origin: Point | None) -> Point | None:
    return origin if visit.kind == Visit.Kind.SCHOOL_TALK else family_point(visit.family)


def _clock(at: datetime.time) -> int:
    return at.hour * 60 + at.minute


def visitor_hours(
    *, visitor: User, programme: Programme, days: Sequence[datetime.date]
) -> dict[datetime.date, list[tuple[int, int]]]:
    """When the visitor can visit on each of ``days``, in minutes after midnight: their own
    availability windows (``AvailabilityWindow``) of that day where they marked any, else the
    programme's evening hours. One query."""
    own: dict[datetime.date, list[tuple[int, int]]] = {}
    for window in AvailabilityWindow.objects.filter(
        user=visitor, school_id=programme.school_id, date__in=list(days)
    ).order_by("date", "start"):
        own.setdefault(window.date, []).append((_clock(window.start), _clock(window.end)))
    evening = [(_clock(programme.evening_start), _clock(programme.evening_end))]
    return {day: own.get(day, evening) for day in days}


def _start_windows(hours: Sequence[tuple[int, int]], service: int, offset: int = 0) -> tuple[tuple[int, int], ...]:
    """The (earliest, latest) starts of a visit in ``hours`` (a window shorter than a visit still
    lets it begin at the window's start)."""
    return tuple((offset + start, offset + max(start, end - service)) for start, end in hours)


def propose(*, evening: Evening, ticked: Sequence[Visit]) -> Proposal:
    """The order and times that travel least: the evening's planned visits stay at their time,
    the ticked visits still to plan get a time when the visitor can visit (their availability
    windows of that day, else the programme's evening hours: ``visitor_hours``). "Current" is the
    planned visits by start time followed by the ticked ones in the order they were made."""
    programme, day = evening.programme, evening.day
    booked = [stop.visit for stop in evening.stops if stop.visit.status == S.SCHEDULED]
    visits = [*booked, *ticked]
    if not visits:
        return Proposal([], [], 0, 0, [])
    service = programme.visit_minutes
    if ticked:
        hours = visitor_hours(visitor=evening.visitor, programme=programme, days=[day])[day]
    else:  # only planned visits, each at its own time: no windows needed
        hours = [(_clock(programme.evening_start), _clock(programme.evening_end))]
    start, end = min(h[0] for h in hours), max(h[1] for h in hours)
    open_windows = _start_windows(hours, service)
    stops: list[optimiser.Stop] = []
    for index, visit in enumerate(visits):
        if index < len(booked):
            assert visit.starts_at is not None
            stops.append(optimiser.Stop(index, optimiser.fixed_window(_minutes(visit.starts_at, day)), fixed=True))
        else:
            stops.append(optimiser.Stop(index, open_windows))
    matrix = _matrix(programme, evening.start_point, [_visit_point(v, evening.start_point) for v in visits])
    # The planned visits' own times bound the evening too (a visit planned outside the hours stays).
    first = min([start, *(s.windows[0][0] for s in stops)])
    last = max([end, *(s.windows[0][0] + service for s in stops)])
    solution = optimiser.solve(
        stops=stops,
        travel=matrix,
        service=service,
        shifts=[(first, last)],
        time_limit=optimiser.time_limit_for(len(stops)),
    )
    proposed = [
        ProposedStop(
            visit=visits[placed.key],
            starts=_moment(day, placed.start),
            booked=placed.key < len(booked),
            travel_before=placed.travel_before,
        )
        for placed in solution.placed
    ]
    return Proposal(
        stops=proposed,
        unplaced=[visits[key] for key in solution.unplaced],
        current_travel=optimiser.route_travel(range(1, len(visits) + 1), matrix),
        travel=solution.travel,
        current_order=visits,
    )


@dataclass
class SeasonEvening:
    day: datetime.date
    stops: list[ProposedStop]


@dataclass
class SeasonProposal:
    evenings: list[SeasonEvening]
    unplaced: list[Visit]
    travel: int
    current_travel: int
    families: int

    @property
    def saved(self) -> int:
        """Travel minutes the proposal saves against the current order (never below 0)."""
        return max(0, self.current_travel - self.travel)


def season_days(*, school: School, first: datetime.date, count: int, programme: Programme) -> list[datetime.date]:
    """The first ``count`` school days (Monday to Friday) from ``first`` in the visit period on
    which the school visits (``holidays.closed_on``)."""
    days: list[datetime.date] = []
    day = max(first, programme.period_start)
    while len(days) < count and day <= programme.period_end:
        if day.weekday() < 5 and not holidays.closed_on(school, day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def propose_season(
    *, visits: QuerySet[Visit], visitor: User, school: School, programme: Programme, days: Sequence[datetime.date]
) -> SeasonProposal:
    """Which evening and time each family still to plan gets over ``days`` (one OR-Tools vehicle per
    evening), travelling least; the visits already planned on those evenings keep their time.
    "Current" travel is every evening's planned visits by start time, and the visits still to plan
    visited in the order they were made, as many per evening as fit, evening after evening."""
    if not days:
        return SeasonProposal([], [], 0, 0, 0)
    start_of_season, end_of_season = _evening_bounds(days[0])[0], _evening_bounds(days[-1])[1]
    booked = list(
        route_visits(
            visits_of(visits, visitor).filter(
                status=S.SCHEDULED, starts_at__gte=start_of_season, starts_at__lt=end_of_season
            )
        ).order_by("starts_at")
    )
    booked = [v for v in booked if v.starts_at and timezone.localtime(v.starts_at).date() in days]
    open_visits = list(still_to_plan(visits=visits, visitor=visitor, programme=programme))
    all_visits = [*booked, *open_visits]
    origin = school_point(school)
    service = programme.visit_minutes
    first_day = days[0]
    hours = visitor_hours(visitor=visitor, programme=programme, days=days)  # own windows, else the evening
    offsets = {day: (day - first_day).days * 1440 for day in days}
    shifts = [
        (offsets[day] + min(h[0] for h in hours[day]), offsets[day] + max(h[1] for h in hours[day])) for day in days
    ]
    evening_windows = tuple(window for day in days for window in _start_windows(hours[day], service, offsets[day]))
    stops = [
        optimiser.Stop(i, optimiser.fixed_window(_minutes(v.starts_at, first_day)), fixed=True)  # type: ignore[arg-type]
        for i, v in enumerate(booked)
    ]
    stops += [optimiser.Stop(len(booked) + i, evening_windows) for i in range(len(open_visits))]
    matrix = _matrix(programme, origin, [_visit_point(v, origin) for v in all_visits])
    if not all_visits:
        return SeasonProposal([SeasonEvening(day, []) for day in days], [], 0, 0, 0)
    solution = optimiser.solve(
        stops=stops,
        travel=matrix,
        service=service,
        shifts=shifts,
        time_limit=optimiser.SEASON_TIME_LIMIT,
    )
    evenings = [
        SeasonEvening(
            day,
            [
                ProposedStop(
                    visit=all_visits[placed.key],
                    starts=_moment(first_day, placed.start),
                    booked=placed.key < len(booked),
                    travel_before=placed.travel_before,
                )
                for placed in route
            ],
        )
        for day, route in zip(days, solution.routes, strict=True)
    ]
    return SeasonProposal(
        evenings=evenings,
        unplaced=[all_visits[key] for key in solution.unplaced],
        travel=solution.travel,
        current_travel=naive_season_travel(
            matrix=matrix,
            booked_days=[timezone.localtime(v.starts_at).date() for v in booked if v.starts_at],
            days=days,
            open_count=len(open_visits),
            per_evening=evening_capacity(programme),
        ),
        families=len(all_visits),
    )


def naive_season_travel(
    *,
    matrix: Sequence[Sequence[int]],
    booked_days: Sequence[datetime.date],
    days: Sequence[datetime.date],
    open_count: int,
    per_evening: int,
) -> int:
    """The travel of the order of booking: each evening's planned visits (matrix nodes 1..b, by
    start), then the visits still to plan (nodes b+1..) in the order they were made, filling each
    evening up to ``per_evening`` visits."""
    routes: dict[datetime.date, list[int]] = {day: [] for day in days}
    for node, day in enumerate(booked_days, start=1):
        routes[day].append(node)
    node = len(booked_days) + 1
    for day in days:
        while len(routes[day]) < per_evening and node <= len(booked_days) + open_count:
            routes[day].append(node)
            node += 1
    return sum(optimiser.route_travel(route, matrix) for route in routes.values())


def next_evening(*, visits: QuerySet[Visit], visitor: User, from_day: datetime.date) -> datetime.date | None:
    """The first day from ``from_day`` on which ``visitor`` has visits on the route."""
    first = (
        visits_of(visits, visitor)
        .filter(status__in=ON_THE_ROUTE, starts_at__gte=_evening_bounds(from_day)[0])
        .aggregate(first=Min("starts_at"))["first"]
    )
    return timezone.localtime(first).date() if first else None


@dataclass
class EveningPage:
    evening: Evening
    proposal: Proposal | None
    can_plan: bool  # the visitor's own evening, today or later, in a programme


def evening_page(
    *,
    visits: QuerySet[Visit],
    visitor: User,
    school: School,
    day: datetime.date,
    ticked: Sequence[Visit],
    own: bool,
    programme: Programme | None,
) -> EveningPage:
    """The evening, and on the visitor's own evening still to come the proposal once visits still
    to plan are ticked (the planned visits alone keep their agreed times: nothing to reorder).
    ``programme``: ``programme_on(school, day)``, read once by the page."""
    route = _evening(visits=visits, visitor=visitor, school=school, day=day, saved=programme)
    can_plan = own and route.has_programme and day >= timezone.localdate()
    proposal = None
    if can_plan and ticked:
        proposal = propose(evening=route, ticked=ticked)
    return EveningPage(evening=route, proposal=proposal, can_plan=can_plan)


def season(
    *, visits: QuerySet[Visit], visitor: User, school: School, first: datetime.date, count: int
) -> SeasonProposal | None:
    """The season proposal over ``count`` school evenings from ``first`` (None without a programme)."""
    programme = programme_on(school, first)
    if programme is None:
        return None
    days = season_days(school=school, first=first, count=count, programme=programme)
    return propose_season(visits=visits, visitor=visitor, school=school, programme=programme, days=days)
