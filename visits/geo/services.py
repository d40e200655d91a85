"""A family's location: found from its address by the geocoder, or pinned by hand.

``locate_family`` looks the address up (once per address: the answer is kept in
``GeocodedAddress``, shared by every household at that address) and never overwrites a pin set by
hand. ``families_locate`` does that for many families, one request at a time with a pause in
between. ``family_pin`` is the mentor's or administrator's correction. ``unused_addresses_delete``
and ``address_forget`` keep the kept answers to addresses some family still has.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from huisbezoek import audit

from .. import access, audit_types
from ..models import Family, GeocodedAddress
from .geocoding import Geocoder, GeocoderUnavailable, address_key, default_geocoder

if TYPE_CHECKING:
    from huisbezoek.access import Actor

logger = logging.getLogger(__name__)

Source = Family.LocationSource
# Roughly the Netherlands (with the Wadden islands and South Limburg): a pin outside is a typo.
LATITUDE_RANGE = (Decimal("50.7"), Decimal("53.6"))
LONGITUDE_RANGE = (Decimal("3.3"), Decimal("7.3"))
SIX_DECIMALS = Decimal("0.000001")


def family_address_key(family: Family) -> str:
    return address_key(family.postcode, family.house_number, family.street, family.city)


def _apply(family: Family, entry: GeocodedAddress | None) -> Family:
    """Write the answer onto the family, unless someone pinned it by hand meanwhile."""
    if entry is not None and entry.found:
        values = {"latitude": entry.latitude, "longitude": entry.longitude, "location_source": Source.GEOCODED}
    else:
        values = {"latitude": None, "longitude": None, "location_source": Source.NOT_FOUND}
    if Family.objects.filter(pk=family.pk).exclude(location_source=Source.MANUAL).update(**values):
        for name, value in values.items():
            setattr(family, name, value)
    return family


def _six(value: float) -> Decimal:
    return Decimal(str(value)).quantize(SIX_DECIMALS, rounding=ROUND_HALF_UP)


def locate_family(*, family: Family, geocoder: Geocoder | None = None) -> tuple[Family, bool]:
    """Find where the family lives from its address; returns the family and whether a request went out.

    Rules: a pin set by hand (``manual``) is never overwritten. An address asked before is not
    asked again (its answer, found or not, is kept); a new one is asked once, with the address
    only. When the geocoder cannot be reached nothing is kept or changed (a later run tries again);
    when it does not know the address the family is ``not_found`` (the card asks for a pin). Without
    a house number and a postcode (or street and place) the family is ``not_found`` without asking.
    Not one transaction around the request (a slow service must not hold the database): each
    write is a single statement, and the family's own update skips a pin set meanwhile.
    """
    if family.location_source == Source.MANUAL:
        return family, False
    key = family_address_key(family)
    if not key:
        return _apply(family, None), False
    entry = GeocodedAddress.objects.filter(key=key).first()
    if entry is not None:
        return _apply(family, entry), False
    geocoder = geocoder or default_geocoder()
    if geocoder is None:
        return family, False  # lookups switched off (GEOCODER_URL empty)
    try:
        point = geocoder.locate(family.postcode, family.house_number, family.street, family.city)
    except GeocoderUnavailable as error:
        logger.warning("Geocoder unavailable for family %s, tried again later: %s", family.pk, error)
        return family, True
    entry, _created = GeocodedAddress.objects.update_or_create(
        key=key,
        defaults={
            "found": point is not None,
            "latitude": _six(point.lat) if point else None,
            "longitude": _six(point.lng) if point else None,
            "looked_up_at": timezone.now(),
        },
    )
    return _apply(family, entry), True


def families_locate(*, family_ids: Iterable[int], geocoder: Geocoder | None = None) -> Counter[str]:
    """Locate the families one after the other, pausing ``GEOCODER_DELAY_SECONDS`` after each
    request (a free public service: never many at once). Returns counts by resulting source."""
    counts: Counter[str] = Counter()
    geocoder = geocoder or default_geocoder()
    for family in Family.objects.filter(pk__in=list(family_ids)).order_by("pk").iterator():
        family, asked = locate_family(family=family, geocoder=geocoder)
        counts[family.location_source or "unknown"] += 1
        if asked and settings.GEOCODER_DELAY_SECONDS:
            time.sleep(settings.GEOCODER_DELAY_SECONDS)
    return counts


def families_to_locate(*, school_id: int | None = None, again: bool = False) -> list[int]:
    """Families never looked up; with ``again`` also those not found (their kept "not found"
    answers are forgotten, so the geocoder is asked once more). Pins are never included."""
    wanted = [Source.NONE, Source.NOT_FOUND] if again else [Source.NONE]
    families = Family.objects.filter(location_source__in=wanted)
    if school_id is not None:
        families = families.filter(school_id=school_id)
    if again:
        keys = {family_address_key(f) for f in families.filter(location_source=Source.NOT_FOUND)}
        GeocodedAddress.objects.filter(key__in=keys, found=False).delete()
    return list(families.values_list("pk", flat=True))


def checked_coordinates(latitude: Decimal, longitude: Decimal) -> tuple[Decimal, Decimal]:
    """The pin rounded to six decimals (about 10 cm); refuses a point outside the Netherlands."""
    errors = {}
    if not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        errors["latitude"] = _(
            "Deze breedtegraad ligt niet in Nederland: kies een getal tussen 50,7 en 53,6 (bijvoorbeeld 52,0907)."
        )
    if not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        errors["longitude"] = _(
            "Deze lengtegraad ligt niet in Nederland: kies een getal tussen 3,3 en 7,3 (bijvoorbeeld 5,1214)."
        )
    if errors:
        raise ValidationError(errors)
    return latitude.quantize(SIX_DECIMALS, rounding=ROUND_HALF_UP), longitude.quantize(
        SIX_DECIMALS, rounding=ROUND_HALF_UP
    )


@transaction.atomic
def family_pin(*, actor: Actor, family: Family, latitude: Decimal, longitude: Decimal) -> Family:
    """Set where the family lives by hand (the geocoder did not find it, or found the wrong spot).

    Rules: only who may edit the family card (``access.can_edit_family``); the point lies in the
    Netherlands; the pin is ``manual`` and the geocoder never overwrites it (a new address from
    the import does clear it). The change is audited without the coordinates.
    """
    if not access.can_edit_family(actor, family):
        raise PermissionDenied
    latitude, longitude = checked_coordinates(latitude, longitude)
    Family.objects.filter(pk=family.pk).update(latitude=latitude, longitude=longitude, location_source=Source.MANUAL)
    audit.record(
        user=actor.user,
        school=actor.school,
        object_type=audit_types.FAMILY,
        object_id=family.pk,
        action=audit.Action.CHANGE,
        allowed=True,
    )
    family.refresh_from_db()
    return family


def _keys_in_use(families: Iterable[tuple[str, str, str, str]]) -> set[str]:
    return {address_key(*address) for address in families}


ADDRESS_FIELDS = ("postcode", "house_number", "street", "city")


@transaction.atomic
def unused_addresses_delete() -> int:
    """Delete the kept answers for addresses no family has any more (moved, purged). Nightly.

    Rule: an address is personal data only while it is someone's; the cache keeps no other."""
    in_use = _keys_in_use(Family.objects.values_list(*ADDRESS_FIELDS))
    unused = [pk for pk, key in GeocodedAddress.objects.values_list("pk", "key") if key not in in_use]
    deleted, _per_model = GeocodedAddress.objects.filter(pk__in=unused).delete()
    return deleted


@transaction.atomic
def address_forget(*, key: str) -> int:
    """Delete the kept answer for ``key`` unless another family still lives there (after a purge)."""
    if not key:
        return 0
    code = key.split("|", 1)[0]
    if code:
        spaced = f"{code[:4]} {code[4:]}"
        neighbours = Family.objects.filter(Q(postcode__iexact=code) | Q(postcode__iexact=spaced))
    else:
        neighbours = Family.objects.filter(postcode="", city__iexact=key.rsplit("|", 1)[-1])
    if key in _keys_in_use(neighbours.values_list(*ADDRESS_FIELDS)):
        return 0
    deleted, _per_model = GeocodedAddress.objects.filter(key=key).delete()
    return deleted
