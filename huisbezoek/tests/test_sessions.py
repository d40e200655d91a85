"""Sessions end: after a while without activity, after a fixed time in all, when the user is
deactivated, and when the password is changed elsewhere."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from huisbezoek.models import User

HOME = reverse("home")
LOGIN = reverse("login")


@pytest.fixture
def timeouts(settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    settings.SESSION_ABSOLUTE_TIMEOUT = 12 * 3600
    return settings


def after(minutes: float):
    start = datetime.datetime.now(datetime.UTC)
    return time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=True)


def logged_out(response) -> bool:
    return response.status_code == 302 and response.url.startswith(f"{LOGIN}?next=")


def test_thirty_minutes_without_a_request_ends_the_session(client, teacher, timeouts):
    client.force_login(teacher)
    assert client.get(HOME).status_code == 200
    with after(31):
        response = client.get(HOME)
        assert logged_out(response)
        page = client.get(response.url)
    assert "na een tijd zonder activiteit" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_alive(client, teacher, timeouts):
    client.force_login(teacher)
    for minutes in (20, 40, 60, 80):
        with after(minutes):
            assert client.get(HOME).status_code == 200


def test_twelve_hours_after_log_in_the_session_ends_whatever_the_activity(client, teacher, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    settings.SESSION_ABSOLUTE_TIMEOUT = 12 * 3600
    client.force_login(teacher)
    with after(11 * 60):
        assert client.get(HOME).status_code == 200
    with after(12 * 60 + 1):
        assert logged_out(client.get(HOME))
        assert "al lang bent ingelogd" in client.get(LOGIN).content.decode()


def test_a_deactivated_users_next_request_is_logged_out(client, teacher):
    client.force_login(teacher)
    assert client.get(HOME).status_code == 200
    User.objects.filter(pk=teacher.pk).update(is_active=False)
    assert logged_out(client.get(HOME))
    assert logged_out(client.get(reverse("visits:pupil_list")))


def test_a_deactivated_directie_member_is_logged_out_too(client, directie):
    client.force_login(directie)
    assert client.get(HOME).status_code == 200
    User.objects.filter(pk=directie.pk).update(is_active=False)
    assert logged_out(client.get(HOME))


def test_changing_the_password_ends_every_other_session(client, teacher, password):
    other_device = Client()
    other_device.force_login(teacher)
    client.force_login(teacher)
    new = "een-heel-nieuw-wachtwoord-2026"
    response = client.post(
        reverse("password_change"), {"old_password": password, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200, "the session that changed it stays"
    assert logged_out(other_device.get(HOME))


def test_a_password_reset_by_the_operator_ends_the_session(client, teacher):
    client.force_login(teacher)
    teacher.set_password("door-beheer-gezet-2026")
    teacher.save()
    assert logged_out(client.get(HOME))


def test_the_session_cookie_is_not_readable_by_scripts_or_sent_cross_site(client, teacher, password):
    response = client.post(LOGIN, {"username": teacher.email, "password": password})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_the_absolute_timeout_counts_from_the_latest_log_in(client, teacher, school, password, settings):
    school.teachers_need_second_factor = False  # the password alone logs in: this test is about the clock
    school.save()
    settings.SESSION_IDLE_TIMEOUT = 0
    settings.SESSION_ABSOLUTE_TIMEOUT = 12 * 3600
    client.force_login(teacher)
    with after(11 * 60):
        client.post(reverse("logout"))
        assert client.post(LOGIN, {"username": teacher.email, "password": password}).status_code == 302
    with after(14 * 60):
        assert client.get(HOME).status_code == 200
    with after(23 * 60 + 1):
        assert logged_out(client.get(HOME))
