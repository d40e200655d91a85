"""Where a family lives is personal data: in the right-of-access export, cleared by the purge, and
the geocoder's kept answer for the address goes once no family lives there any more."""

from decimal import Decimal

import pytest
from django.utils import timezone

from huisbezoek.personal_data import Purge, registry
from visits.geo import tasks
from visits.models import Family, GeocodedAddress
from visits.tests.factories import FamilyFactory

Source = Family.LocationSource


def located(school, number="12", postcode="3552 EH"):
    family = FamilyFactory(
        school=school,
        house_number=number,
        postcode=postcode,
        latitude=Decimal("52.105050"),
        longitude=Decimal("5.104480"),
        location_source=Source.GEOCODED,
    )
    GeocodedAddress.objects.get_or_create(
        key=f"{postcode.replace(' ', '')}|{number}",
        defaults={
            "latitude": family.latitude,
            "longitude": family.longitude,
            "found": True,
            "looked_up_at": timezone.now(),
        },
    )
    return family


@pytest.mark.django_db
def test_the_export_holds_the_location_and_where_it_came_from(school):
    family = located(school)
    Family.objects.filter(pk=family.pk).update(location_source=Source.MANUAL)
    family.refresh_from_db()
    exported = registry.export(family)["family"]
    assert exported["latitude"] == Decimal("52.105050") and exported["longitude"] == Decimal("5.104480")
    assert exported["location_source"] == "Met de hand op de kaart gezet"
    labels = registry.labels()
    assert labels["latitude"] == "breedtegraad" and labels["location_source"] == "herkomst van de locatie"


@pytest.mark.django_db
def test_anonymising_clears_the_location_and_forgets_the_address(school):
    family = located(school)
    counts = registry.purge(family, Purge.ANONYMISE)
    family.refresh_from_db()
    assert (family.latitude, family.longitude, family.location_source) == (None, None, Source.NONE)
    assert not GeocodedAddress.objects.exists()
    assert counts["geocodedaddress"] == 1


@pytest.mark.django_db
def test_deleting_a_family_keeps_the_address_while_another_family_lives_there(school, other_school):
    leaving = located(school)
    staying = located(other_school, postcode="3552EH")  # another school's household, same address
    registry.purge(leaving, Purge.DELETE)
    assert GeocodedAddress.objects.filter(key="3552EH|12").exists()
    registry.purge(staying, Purge.DELETE)
    assert not GeocodedAddress.objects.exists()


@pytest.mark.django_db
def test_the_nightly_sweep_forgets_addresses_nobody_has_any_more(school, settings):
    beat = settings.CELERY_BEAT_SCHEDULE["geocoded-addresses-sweep"]
    assert beat["task"] == tasks.geocoded_addresses_sweep.name
    moved = located(school, number="1")
    located(school, number="2")
    Family.objects.filter(pk=moved.pk).update(house_number="3")  # moved (the import clears the location)
    assert tasks.geocoded_addresses_sweep() == 1
    assert list(GeocodedAddress.objects.values_list("key", flat=True)) == ["3552EH|2"]
