"""An address to a point, behind one interface.

``Geocoder.locate(postcode, house_number, street, city)`` answers the point, ``None`` when the
service does not know the address, and raises ``GeocoderUnavailable`` when it could not be asked
(no answer, an error status): the caller then tries again later. The production geocoder is the
Dutch government's free PDOK Locatieserver (``settings.GEOCODER_URL``); it is sent the address
and nothing else: the postcode and house number, or, without a postcode, street, number and place.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Protocol

from django.conf import settings

from .travel import Point

POINT_WKT = re.compile(r"^POINT\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)$")


class GeocoderUnavailable(Exception):
    """The geocoder could not be asked or gave no usable answer (try again later)."""


class Geocoder(Protocol):
    def locate(self, postcode: str, house_number: str, street: str, city: str) -> Point | None: ...


def normal_postcode(postcode: str) -> str:
    """``3552 ab`` -> ``3552AB``."""
    return re.sub(r"\s+", "", postcode or "").upper()


def normal_house_number(house_number: str) -> str:
    """``12 a`` / ``12-A`` -> ``12a`` / ``12-a``: what tells two homes at one postcode apart."""
    return re.sub(r"\s+", "", house_number or "").lower()


def address_key(postcode: str, house_number: str, street: str = "", city: str = "") -> str:
    """The address as one key (``"3552AB|12a"``), the same for every household living there;
    without a postcode ``"|straat 12|plaats"``; empty when there is too little to look up."""
    number = normal_house_number(house_number)
    if not number:
        return ""
    code = normal_postcode(postcode)
    if code:
        return f"{code}|{number}"
    street, city = " ".join(street.split()).lower(), " ".join(city.split()).lower()
    if street and city:
        return f"|{street} {number}|{city}"
    return ""


def query_text(postcode: str, house_number: str, street: str, city: str) -> str:
    """The search text sent: only the address."""
    code = normal_postcode(postcode)
    if code:
        return f"{code} {house_number.strip()}"
    return f"{' '.join(street.split())} {house_number.strip()} {' '.join(city.split())}"


def parse_point(wkt: str) -> Point | None:
    """``POINT(4.89 52.37)`` (longitude first) -> Point(52.37, 4.89)."""
    match = POINT_WKT.match((wkt or "").strip())
    if not match:
        return None
    lng, lat = float(match.group(1)), float(match.group(2))
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return Point(lat, lng)


class PdokGeocoder:
    """The PDOK Locatieserver's ``free`` search, the first address found."""

    def __init__(self, base_url: str | None = None, timeout: float | None = None) -> None:
        self.base_url = base_url if base_url is not None else settings.GEOCODER_URL
        self.timeout = timeout if timeout is not None else settings.GEOCODER_TIMEOUT

    def locate(self, postcode: str, house_number: str, street: str, city: str) -> Point | None:
        query = urllib.parse.urlencode(
            {
                "q": query_text(postcode, house_number, street, city),
                "fq": "type:adres",
                "rows": "1",
                "fl": "centroide_ll,weergavenaam",
            }
        )
        request = urllib.request.Request(  # noqa: S310 - a configured http(s) URL
            f"{self.base_url}?{query}", headers={"Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read(1_000_000))
        except urllib.error.HTTPError as error:
            raise GeocoderUnavailable(f"HTTP {error.code}") from None
        except (OSError, ValueError) as error:
            raise GeocoderUnavailable(type(error).__name__) from None
        try:
            docs = payload["response"]["docs"]
        except (KeyError, TypeError):
            raise GeocoderUnavailable("unexpected answer") from None
        if not docs:
            return None
        return parse_point(str(docs[0].get("centroide_ll", "")))


def default_geocoder() -> Geocoder | None:
    """The configured geocoder; ``None`` when lookups are switched off (``GEOCODER_URL`` empty)."""
    if not settings.GEOCODER_URL:
        return None
    return PdokGeocoder()
