"""Travel time by road from an OSRM server (optional: only when ``settings.OSRM_URL`` is set).

``road_minutes`` asks ``{OSRM_URL}/route/v1/{profile}/{lng},{lat};{lng},{lat}?overview=false``
with a short time-out (``OSRM_TIMEOUT``) and keeps the answer in Django's cache
(``OSRM_CACHE_SECONDS``), keyed by a hash of the rounded coordinates and the profile. Any trouble
(no answer, an error status, an answer without a route) is logged without the coordinates and
answers ``None``: the caller then uses the straight-line estimate. After a failure the server is
left alone for ``OSRM_PAUSE_SECONDS``, so a page that needs many travel times does not wait for a
time-out on each. Public transport has no OSRM profile and always answers ``None``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache

if TYPE_CHECKING:
    from .travel import Point

logger = logging.getLogger(__name__)

PROFILES = {"bike": "bike", "car": "car", "walk": "foot"}
COORDINATE_DECIMALS = 4  # about 10 metres: one house's neighbours share the answer
PAUSED_KEY = "osrm:paused"


def cache_key(profile: str, origin: Point, destination: Point) -> str:
    """A key that holds no coordinates in the clear (the cache may live in a shared Redis)."""
    raw = "|".join(
        [
            profile,
            *(
                f"{value:.{COORDINATE_DECIMALS}f}"
                for value in (origin.lat, origin.lng, destination.lat, destination.lng)
            ),
        ]
    )
    return "osrm:" + hashlib.sha256(raw.encode()).hexdigest()


def _fetch(profile: str, origin: Point, destination: Point) -> float:
    """The route's duration in minutes; raises on any trouble."""
    base = settings.OSRM_URL.rstrip("/")
    coordinates = f"{origin.lng:.6f},{origin.lat:.6f};{destination.lng:.6f},{destination.lat:.6f}"
    url = f"{base}/route/v1/{profile}/{coordinates}?overview=false"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - a configured http(s) URL
    with urllib.request.urlopen(request, timeout=settings.OSRM_TIMEOUT) as response:  # noqa: S310
        payload = json.loads(response.read(1_000_000))
    if payload.get("code") != "Ok" or not payload.get("routes"):
        raise ValueError(f"no route (code {str(payload.get('code'))[:40]})")
    seconds = float(payload["routes"][0]["duration"])
    if not 0 <= seconds < 24 * 3600:
        raise ValueError("duration out of range")
    return seconds / 60


def road_minutes(mode: str, origin: Point, destination: Point) -> float | None:
    """Minutes by road the ``mode`` way, or ``None`` (no server, public transport, or any failure)."""
    profile = PROFILES.get(mode)
    if not settings.OSRM_URL or profile is None:
        return None
    key = cache_key(profile, origin, destination)
    cached = cache.get(key)
    if cached is not None:
        return float(cached)
    if cache.get(PAUSED_KEY):
        return None
    try:
        minutes = _fetch(profile, origin, destination)
    except (OSError, ValueError, KeyError, TypeError, urllib.error.URLError) as error:
        # Never the coordinates in the log: they are where a family lives.
        logger.warning("OSRM unavailable, straight-line travel times for now: %s", type(error).__name__)
        cache.set(PAUSED_KEY, True, settings.OSRM_PAUSE_SECONDS)
        return None
    cache.set(key, minutes, settings.OSRM_CACHE_SECONDS)
    return minutes
