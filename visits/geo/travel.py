"""Points and travel times: the one contract the planner, parent booking and routes build on.

A family's point comes from ``Family.latitude/longitude`` (found from the address by
``visits.geo.geocoding`` or pinned by hand); a school has no address yet. The travel time between
two points is the straight-line distance times a detour factor at the programme's travel speed,
or, when ``settings.OSRM_URL`` names a road-routing server, that server's time by road (see
``visits.geo.osrm``; any trouble there falls back to the straight line). Without both points the
programme's fixed buffer (``Programme.travel_minutes``) is the answer, as before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from . import osrm

DETOUR_FACTOR = 1.35  # roads are longer than the straight line
EARTH_RADIUS_KM = 6371.0088
SPEED_KMH = {"walk": 4.5, "bike": 15.0, "car": 30.0, "public_transport": 15.0}
WAIT_MINUTES = {"public_transport": 5}  # waiting for the bus or tram
MIN_MINUTES = 2


@dataclass(frozen=True)
class Point:
    lat: float
    lng: float


def _point(lat: Any, lng: Any) -> Point | None:
    if lat is None or lng is None:
        return None
    return Point(float(lat), float(lng))


def family_point(family: Any) -> Point | None:
    """Where the family lives, ``None`` when unknown (not looked up yet, or not found)."""
    return _point(family.latitude, family.longitude)


def school_point(school: Any) -> Point | None:
    """Where the school is; ``None`` until schools have an address with a location."""
    return _point(getattr(school, "latitude", None), getattr(school, "longitude", None))


def distance_km(origin: Point, destination: Point) -> float:
    """The great-circle (haversine) distance in kilometres."""
    lat1, lat2 = math.radians(origin.lat), math.radians(destination.lat)
    dlat = lat2 - lat1
    dlng = math.radians(destination.lng - origin.lng)
    a = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def travel_minutes(programme: Any, origin: Point | None, destination: Point | None) -> int:
    """Minutes to travel from ``origin`` to ``destination`` the programme's way (``travel_mode``).

    Straight line x ``DETOUR_FACTOR`` at walk 4.5, bike 15, car 30 or public transport 15 km/h
    (+ 5 minutes waiting), or the road time of the OSRM server when one is configured (not for
    public transport); rounded up, at least 2. Without both points: ``programme.travel_minutes``.
    """
    if origin is None or destination is None:
        return int(programme.travel_minutes)
    mode = programme.travel_mode if programme.travel_mode in SPEED_KMH else "bike"
    minutes = osrm.road_minutes(mode, origin, destination)
    if minutes is None:
        minutes = distance_km(origin, destination) * DETOUR_FACTOR / SPEED_KMH[mode] * 60 + WAIT_MINUTES.get(mode, 0)
    return max(MIN_MINUTES, math.ceil(minutes - 1e-9))
