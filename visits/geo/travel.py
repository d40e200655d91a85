"""Travel time between two addresses: straight-line distance with a detour factor at the
programme's travel speed; the programme's fixed buffer when a point is unknown."""

from __future__ import annotations

import math
from dataclasses import dataclass

DETOUR_FACTOR = 1.35
# km/h per Programme.TravelMode, and the minutes public transport adds (waiting, walking to a stop).
SPEED_KMH = {"walk": 4.5, "bike": 15.0, "car": 30.0, "public_transport": 15.0}
EXTRA_MINUTES = {"public_transport": 5}
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Point:
    lat: float
    lng: float


def family_point(family) -> Point | None:  # type: ignore[no-untyped-def]
    if family.latitude is None or family.longitude is None:
        return None
    return Point(float(family.latitude), float(family.longitude))


def school_point(school) -> Point | None:  # type: ignore[no-untyped-def]
    return None


def _km(a: Point, b: Point) -> float:
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlng = lat2 - lat1, math.radians(b.lng - a.lng)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def travel_minutes(programme, origin: Point | None, destination: Point | None) -> int:  # type: ignore[no-untyped-def]
    if origin is None or destination is None:
        return int(programme.travel_minutes)
    mode = programme.travel_mode
    minutes = _km(origin, destination) * DETOUR_FACTOR / SPEED_KMH.get(mode, 15.0) * 60 + EXTRA_MINUTES.get(mode, 0)
    return max(2, math.ceil(minutes))
