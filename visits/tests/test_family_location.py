"""The pin page (where a family lives, when the geocoder cannot find the address): who may set it,
validation, the audit trail, and what the family card shows about the location."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huisbezoek.access import Actor
from huisbezoek.models import AuditEvent
from huisbezoek.testing.responses import messages_of
from visits import audit_types
from visits.geo.services import family_pin
from visits.models import Family

Source = Family.LocationSource


def pin_url(family):
    return reverse("visits:family_location", args=[family.pk])


def card(client, family):
    return client.get(reverse("visits:family_detail", args=[family.pk])).content.decode()


@pytest.fixture
def not_found(pupil):
    family = pupil.family
    Family.objects.filter(pk=family.pk).update(location_source=Source.NOT_FOUND)
    family.refresh_from_db()
    return family


def test_the_card_warns_when_the_address_was_not_found_and_links_to_the_pin_page(client, teacher, not_found):
    client.force_login(teacher)
    page = card(client, not_found)
    assert "Niet gevonden" in page and pin_url(not_found) in page


def test_directie_sees_the_warning_without_the_link(client, directie, not_found):
    client.force_login(directie)
    page = card(client, not_found)
    assert "Niet gevonden" in page and pin_url(not_found) not in page


def test_the_mentor_pins_the_family_and_the_card_says_so(client, teacher, not_found):
    client.force_login(teacher)
    page = client.get(pin_url(not_found)).content.decode()
    assert "Open in OpenStreetMap" in page
    assert "https://www.openstreetmap.org/search?query=" in page
    assert 'rel="noopener noreferrer"' in page

    response = client.post(pin_url(not_found), {"latitude": "52,090737", "longitude": " 5.121420 "})

    assert response.status_code == 302
    assert messages_of(response) == ["De locatie van het gezin is opgeslagen."]
    not_found.refresh_from_db()
    assert (not_found.latitude, not_found.longitude) == (Decimal("52.090737"), Decimal("5.121420"))
    assert not_found.location_source == Source.MANUAL
    page = card(client, not_found)
    assert "Met de hand op de kaart gezet" in page and "Niet gevonden" not in page
    event = AuditEvent.objects.filter(object_type=audit_types.FAMILY, action="change").get()
    assert event.object_id == not_found.pk and event.user == teacher
    # The page shows the pin, and its OpenStreetMap link now points at it.
    page = client.get(pin_url(not_found)).content.decode()
    assert 'value="52.090737"' in page and "mlat=52.090737" in page


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("48,85", "2,35", "latitude", "Deze breedtegraad ligt niet in Nederland"),  # Paris
        ("52,09", "13,4", "longitude", "Deze lengtegraad ligt niet in Nederland"),
        ("vijftig", "5,1", "latitude", "Schrijf een getal, bijvoorbeeld 52,0907."),
        ("52,1", "", "longitude", "Dit veld is verplicht."),
        ("NaN", "5,1", "latitude", "Schrijf een getal"),
        ("1" * 21, "5,1", "latitude", "niet meer dan 20 tekens"),
    ],
)
def test_a_wrong_pin_is_refused_with_what_was_typed_kept(
    client, teacher, not_found, latitude, longitude, field, message
):
    client.force_login(teacher)
    response = client.post(pin_url(not_found), {"latitude": latitude, "longitude": longitude})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    if latitude:
        assert f'value="{latitude}"' in response.content.decode()
    not_found.refresh_from_db()
    assert not_found.location_source == Source.NOT_FOUND and not_found.latitude is None


def test_the_service_refuses_who_may_not_edit_the_card_and_points_abroad(directie, teacher, school, not_found):
    with pytest.raises(PermissionDenied):
        family_pin(actor=Actor.of(directie, school), family=not_found, latitude=Decimal(52), longitude=Decimal(5))
    with pytest.raises(ValidationError) as refused:
        family_pin(actor=Actor.of(teacher, school), family=not_found, latitude=Decimal(0), longitude=Decimal(5))
    assert "latitude" in refused.value.message_dict
    assert not AuditEvent.objects.filter(object_type=audit_types.FAMILY, action="change", allowed=True).exists()


def test_the_administrator_may_pin_and_another_school_gets_404(client, administrator, outsider, not_found):
    client.force_login(administrator)
    assert client.post(pin_url(not_found), {"latitude": "52.1", "longitude": "5.1"}).status_code == 302
    client.force_login(outsider)
    assert client.post(pin_url(not_found), {"latitude": "52.2", "longitude": "5.2"}).status_code == 404
    not_found.refresh_from_db()
    assert not_found.latitude == Decimal("52.100000")
