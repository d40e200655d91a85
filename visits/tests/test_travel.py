"""Travel times (visits/geo/travel.py): straight line per travel mode, the fixed buffer when a point
is unknown, and the optional OSRM road times against a fake OSRM server on this machine (a good
answer, cached; a server that never answers; an error status)."""

import math

import pytest
from django.core.cache import cache

from huisbezoek.testing.fake_http import HANG, FakeServer
from visits.geo import osrm
from visits.geo.travel import Point, distance_km, family_point, school_point, travel_minutes
from visits.models import Programme
from visits.tests.factories import FamilyFactory

CENTRAAL = Point(52.378901, 4.900272)  # Amsterdam Centraal
DAM = Point(52.373169, 4.892614)  # the Dam, about 0.8 km south-west


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def programme(mode, fixed=15):
    return Programme(travel_mode=mode, travel_minutes=fixed)


def test_the_distance_between_centraal_and_the_dam_is_about_800_metres():
    assert distance_km(CENTRAAL, DAM) == pytest.approx(0.81, abs=0.03)
    assert distance_km(CENTRAAL, CENTRAAL) == 0


@pytest.mark.parametrize(
    ("mode", "speed", "wait"), [("walk", 4.5, 0), ("bike", 15, 0), ("car", 30, 0), ("public_transport", 15, 5)]
)
def test_straight_line_travel_per_mode(mode, speed, wait):
    expected = max(2, math.ceil(distance_km(CENTRAAL, DAM) * 1.35 / speed * 60 + wait))
    assert travel_minutes(programme(mode), CENTRAAL, DAM) == expected


def test_the_known_minutes_for_centraal_to_the_dam():
    assert travel_minutes(programme("walk"), CENTRAAL, DAM) == 15  # 1.09 km road at 4.5 km/h = 14.6 min
    assert travel_minutes(programme("bike"), CENTRAAL, DAM) == 5
    assert travel_minutes(programme("car"), CENTRAAL, DAM) == 3
    assert travel_minutes(programme("public_transport"), CENTRAAL, DAM) == 10


def test_a_short_hop_takes_at_least_two_minutes():
    assert travel_minutes(programme("car"), CENTRAAL, CENTRAAL) == 2


def test_without_a_point_the_programme_fixed_buffer_is_used():
    assert travel_minutes(programme("bike", fixed=25), None, DAM) == 25
    assert travel_minutes(programme("bike", fixed=25), CENTRAAL, None) == 25


@pytest.mark.django_db
def test_family_and_school_points(school):
    located = FamilyFactory(school=school, latitude="52.378901", longitude="4.900272")
    assert family_point(located) == CENTRAAL
    assert family_point(FamilyFactory(school=school)) is None
    assert school_point(school) is None  # schools have no address yet


def osrm_answer(path):
    return 200, {"code": "Ok", "routes": [{"duration": 600.0, "distance": 1000.0}]}


def test_osrm_road_time_is_used_and_cached(settings):
    with FakeServer(osrm_answer) as server:
        settings.OSRM_URL = server.url
        assert travel_minutes(programme("bike"), CENTRAAL, DAM) == 10
        assert travel_minutes(programme("bike"), CENTRAAL, DAM) == 10
        assert travel_minutes(programme("walk"), CENTRAAL, DAM) == 10
    paths = [r.path for r in server.requests]
    # One request per profile (the second bike question came from the cache); longitude first.
    assert paths == [
        "/route/v1/bike/4.900272,52.378901;4.892614,52.373169?overview=false",
        "/route/v1/foot/4.900272,52.378901;4.892614,52.373169?overview=false",
    ]


def test_osrm_profile_per_travel_mode():
    assert osrm.PROFILES == {"bike": "bike", "car": "car", "walk": "foot"}


def test_osrm_is_not_asked_for_public_transport(settings):
    with FakeServer(osrm_answer) as server:
        settings.OSRM_URL = server.url
        assert travel_minutes(programme("public_transport"), CENTRAAL, DAM) == 10  # straight line + 5
    assert server.requests == []


def test_the_cache_key_holds_no_coordinates():
    key = osrm.cache_key("bike", CENTRAAL, DAM)
    assert "52.37" not in key and "4.90" not in key


def test_an_osrm_time_out_falls_back_to_the_straight_line_and_pauses(settings, caplog):
    with FakeServer(lambda path: HANG) as server:
        settings.OSRM_URL, settings.OSRM_TIMEOUT = server.url, 0.2
        assert travel_minutes(programme("bike"), CENTRAAL, DAM) == 5
        # Paused after the failure: the next question does not wait for another time-out.
        assert travel_minutes(programme("car"), CENTRAAL, DAM) == 3
    assert len(server.requests) == 1
    assert "OSRM unavailable" in caplog.text
    assert "52.37" not in caplog.text and "4.89" not in caplog.text


def test_an_osrm_error_falls_back_to_the_straight_line(settings):
    with FakeServer(lambda path: (500, {"message": "boom"})) as server:
        settings.OSRM_URL = server.url
        assert travel_minutes(programme("bike"), CENTRAAL, DAM) == 5
        cache.delete(osrm.PAUSED_KEY)
        server.set_answer(lambda path: (200, {"code": "NoRoute", "routes": []}))
        assert travel_minutes(programme("bike"), CENTRAAL, DAM) == 5
    assert len(server.requests) == 2


def test_an_unreachable_osrm_server_falls_back(settings):
    settings.OSRM_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    assert travel_minutes(programme("car"), CENTRAAL, DAM) == 3
