"""Finding where families live (visits/geo): the PDOK geocoder against a fake Locatieserver on this
machine (found, not found, down), one request per new address and nothing but the address sent,
pins set by hand left alone, the import's background lookup and the management command."""

import urllib.parse
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from huisbezoek.testing.fake_http import FakeServer
from visits.geo import geocoding, services
from visits.geo.travel import Point
from visits.models import Family, GeocodedAddress
from visits.tests.factories import FamilyFactory
from visits.tests.import_files import csv_bytes, pupil, run_import

Source = Family.LocationSource
KNOWN = {"3552EH 12": "POINT(5.10448 52.10505)", "3552EH 1": "POINT(5.1 52.1)", "3552EH 2": "POINT(5.2 52.2)"}


def pdok(path):
    """Like the Locatieserver's free search: the first address for the query, or no documents."""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    point = KNOWN.get(query["q"][0])
    docs = [{"centroide_ll": point, "weergavenaam": "Ondiep 12, 3552EH Utrecht"}] if point else []
    return 200, {"response": {"numFound": len(docs), "start": 0, "docs": docs}}


@pytest.fixture
def locatieserver(settings):
    with FakeServer(pdok) as server:
        settings.GEOCODER_URL = server.url + "/bzk/locatieserver/search/v3_1/free"
        yield server


def queries(server):
    return [urllib.parse.parse_qs(urllib.parse.urlsplit(r.path).query) for r in server.requests]


def family_at(school, postcode="3552 EH", number="12", **values):
    return FamilyFactory(
        school=school, street="Ondiep", house_number=number, postcode=postcode, city="Utrecht", **values
    )


@pytest.mark.django_db
def test_a_found_address_gives_the_family_its_point_and_only_the_address_is_sent(school, locatieserver):
    family = family_at(school, name="Yılmaz", phone="0612345678", email="ouders@example.org")

    family, asked = services.locate_family(family=family)

    assert asked
    family.refresh_from_db()
    assert (family.latitude, family.longitude) == (Decimal("52.105050"), Decimal("5.104480"))
    assert family.location_source == Source.GEOCODED
    # Exactly the address search, nothing about the family.
    assert queries(locatieserver) == [
        {"q": ["3552EH 12"], "fq": ["type:adres"], "rows": ["1"], "fl": ["centroide_ll,weergavenaam"]}
    ]
    sent = locatieserver.requests[0]
    raw = (sent.path + str(sent.headers) + sent.body.decode()).lower()
    for private in ("yılmaz", "yilmaz", "0612345678", "ouders@example.org", "ondiep", "utrecht"):
        assert private not in raw
    assert "cookie" not in {name.lower() for name in sent.headers}
    cached = GeocodedAddress.objects.get()
    assert (cached.key, cached.found) == ("3552EH|12", True)


@pytest.mark.django_db
def test_one_request_per_new_address(school, locatieserver):
    first = family_at(school)
    second = family_at(school, postcode="3552eh")  # another household at the same address

    services.families_locate(family_ids=[first.pk, second.pk])

    assert len(locatieserver.requests) == 1
    assert set(Family.objects.values_list("location_source", "latitude")) == {(Source.GEOCODED, Decimal("52.105050"))}


@pytest.mark.django_db
def test_an_unknown_address_is_not_found_and_that_answer_is_kept(school, locatieserver):
    family = family_at(school, number="999")
    services.locate_family(family=family)
    family.refresh_from_db()
    assert family.location_source == Source.NOT_FOUND and family.latitude is None
    assert GeocodedAddress.objects.get().found is False

    neighbour, asked = services.locate_family(family=family_at(school, number="999"))
    assert not asked and neighbour.location_source == Source.NOT_FOUND
    assert len(locatieserver.requests) == 1


@pytest.mark.django_db
def test_a_geocoder_that_is_down_changes_nothing_and_is_asked_again_later(school, locatieserver, caplog):
    family = family_at(school, name="Yılmaz")
    locatieserver.set_answer(lambda path: (503, {"error": "down"}))

    services.locate_family(family=family)

    family.refresh_from_db()
    assert family.location_source == Source.NONE and family.latitude is None
    assert not GeocodedAddress.objects.exists()  # an error is not kept ...
    assert "Geocoder unavailable" in caplog.text and "Yılmaz" not in caplog.text and "3552" not in caplog.text

    locatieserver.set_answer(pdok)
    services.families_locate(family_ids=services.families_to_locate(school_id=school.pk))  # ... so it is retried
    family.refresh_from_db()
    assert family.location_source == Source.GEOCODED
    assert len(locatieserver.requests) == 2


@pytest.mark.django_db
def test_an_unreachable_geocoder_changes_nothing(school, settings):
    settings.GEOCODER_URL = "http://127.0.0.1:9/free"
    family, asked = services.locate_family(family=family_at(school))
    assert asked and family.location_source == Source.NONE
    assert not GeocodedAddress.objects.exists()


@pytest.mark.django_db
def test_a_pin_set_by_hand_is_never_overwritten(school, locatieserver):
    family = family_at(school, latitude=Decimal("52.1"), longitude=Decimal("5.1"), location_source=Source.MANUAL)

    services.families_locate(family_ids=[family.pk])
    family, asked = services.locate_family(family=family)

    assert not asked and locatieserver.requests == []
    family.refresh_from_db()
    assert (family.latitude, family.location_source) == (Decimal("52.100000"), Source.MANUAL)
    assert family.pk not in services.families_to_locate(again=True)


@pytest.mark.django_db
def test_without_a_house_number_nothing_is_asked(school, locatieserver):
    family, asked = services.locate_family(family=family_at(school, number=""))
    assert not asked and family.location_source == Source.NOT_FOUND
    assert locatieserver.requests == []


@pytest.mark.django_db
def test_lookups_are_off_without_a_geocoder_url(school, settings):
    settings.GEOCODER_URL = ""
    family, asked = services.locate_family(family=family_at(school))
    assert not asked and family.location_source == Source.NONE
    with pytest.raises(CommandError, match="GEOCODER_URL"):
        call_command("geocode_families")


def test_address_keys_and_points():
    assert geocoding.address_key("3552 eh", " 12 A ") == "3552EH|12a"
    assert geocoding.address_key("", "12", "Ondiep ", "Utrecht") == "|ondiep 12|utrecht"
    assert geocoding.address_key("", "12", "Ondiep", "") == ""
    assert geocoding.address_key("3552 EH", "") == ""
    assert geocoding.query_text("", "12", "Ondiep", "Utrecht") == "Ondiep 12 Utrecht"
    assert geocoding.parse_point("POINT(5.10448 52.10505)") == Point(52.10505, 5.10448)
    assert geocoding.parse_point("POINT(500 52)") is None
    assert geocoding.parse_point("nonsense") is None


@pytest.mark.django_db
def test_the_import_looks_up_new_and_moved_families_after_it_commits(
    school, school_year, administrator, locatieserver, django_capture_on_commit_callbacks
):
    rows = [pupil(1), pupil(2, straat="Ondiep")]
    with django_capture_on_commit_callbacks(execute=True):
        run_import(csv_bytes(rows), school, school_year, administrator)
    assert sorted(Family.objects.values_list("house_number", "location_source")) == [
        ("1", Source.GEOCODED),
        ("2", Source.GEOCODED),
    ]
    assert len(locatieserver.requests) == 2

    # Family 2 was pinned by hand; then the administration says it moved to number 12.
    moved = Family.objects.get(house_number="2")
    Family.objects.filter(pk=moved.pk).update(location_source=Source.MANUAL)
    with django_capture_on_commit_callbacks(execute=True):
        run_import(csv_bytes([pupil(1), pupil(2, huisnummer="12")]), school, school_year, administrator)
    moved.refresh_from_db()
    assert (moved.location_source, moved.latitude) == (Source.GEOCODED, Decimal("52.105050"))
    assert [q["q"] for q in queries(locatieserver)] == [["3552EH 1"], ["3552EH 2"], ["3552EH 12"]]


@pytest.mark.django_db
def test_an_import_that_changes_no_address_looks_nothing_up(
    school, school_year, administrator, locatieserver, django_capture_on_commit_callbacks
):
    run_import(csv_bytes([pupil(1)]), school, school_year, administrator)  # no commit: nothing queued
    assert locatieserver.requests == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run_import(csv_bytes([pupil(1, telefoon="06 87654321")]), school, school_year, administrator)
    assert callbacks == [] and locatieserver.requests == []


@pytest.mark.django_db
def test_the_command_looks_up_existing_families_and_again_those_not_found(school, locatieserver, capsys):
    known, unknown = family_at(school, number="1"), family_at(school, number="999")

    call_command("geocode_families", school=school.pk)
    assert "2 families looked up" in capsys.readouterr().out
    call_command("geocode_families")
    assert "0 families looked up" in capsys.readouterr().out
    assert len(locatieserver.requests) == 2

    KNOWN["3552EH 999"] = "POINT(5.3 52.3)"
    try:
        call_command("geocode_families", again=True)
    finally:
        del KNOWN["3552EH 999"]
    unknown.refresh_from_db()
    known.refresh_from_db()
    assert unknown.location_source == Source.GEOCODED and known.location_source == Source.GEOCODED
    assert len(locatieserver.requests) == 3
