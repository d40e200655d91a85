"""Single sign-on (OpenID Connect) through a real flow: the app's start URL, the fake provider the
test runs (huisbezoek/testing/oidc_provider.py), back to the callback. Only known, active staff with
a verified address get in; nobody gets an account from it; the second factor stays required."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from huisbezoek import sso
from huisbezoek.models import School
from huisbezoek.testing.oidc_provider import running_provider
from huisbezoek.testing.second_factor import confirmed_device, current_code

pytestmark = pytest.mark.real_second_factor

START = reverse("oidc_authentication_init")
CALLBACK = reverse("oidc_authentication_callback")
LOGIN = reverse("login")
HOME = reverse("home")
UNKNOWN_MESSAGE = "Dit account is niet bekend bij Huisbezoek; vraag de beheerder van je school om een uitnodiging."


@pytest.fixture
def provider(settings):
    with running_provider() as fake:
        for name, value in fake.settings().items():
            setattr(settings, name, value)
        yield fake


@pytest.fixture
def optional_for_teachers(school):
    School.objects.filter(pk=school.pk).update(teachers_need_second_factor=False)


def to_provider(client, provider, person, next_url=None):
    """Click the button, let the provider "log in" ``person``: the callback address it sends back."""
    provider.person = person
    start = client.get(START + (f"?{urlencode({'next': next_url})}" if next_url else ""))
    assert start.status_code == 302
    assert start.url.startswith(f"{provider.base_url}/authorize?")
    query = parse_qs(urlsplit(start.url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"]
    back = requests.get(start.url, allow_redirects=False, timeout=5)
    assert back.status_code == 302
    callback = urlsplit(back.headers["Location"])
    assert callback.path == CALLBACK
    return f"{callback.path}?{callback.query}"


def sign_in(client, provider, person, next_url=None):
    return client.get(to_provider(client, provider, person, next_url))


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def assert_refused_with(client, response, message):
    assert response.status_code == 302
    assert response.url == LOGIN
    assert logged_in_user_id(client) is None
    page = client.get(LOGIN)
    assert page.status_code == 200
    assert message in page.content.decode()


# The log-in page --------------------------------------------------------------------------


def test_without_configuration_the_login_page_is_the_password_form_alone(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    page = client.get(LOGIN).content.decode()
    assert "Inloggen met" not in page
    assert START not in page
    assert client.get(START).status_code == 404
    assert client.get(CALLBACK + "?code=x&state=y").status_code == 404


def test_with_configuration_the_login_page_offers_the_school_account_beside_the_password(client, provider):
    page = client.get(LOGIN + "?next=/leerlingen/").content.decode()
    assert "Inloggen met Microsoft" in page
    assert f'href="{START}?next=%2Fleerlingen%2F"' in page
    assert 'name="password"' in page  # the password stays


# Who gets in ---------------------------------------------------------------------------------


def test_a_known_teacher_is_logged_in_by_e_mail_address_whatever_its_capitals(
    client, provider, teacher, optional_for_teachers
):
    response = sign_in(client, provider, {"email": "LeerKracht@School.test", "email_verified": True})
    assert response.status_code == 302 and response.url == HOME
    assert str(logged_in_user_id(client)) == str(teacher.pk)
    home = client.get(HOME)
    assert home.status_code == 200
    assert "Fatima" in home.content.decode()


def test_the_user_lands_on_the_page_they_asked_for(client, provider, teacher, optional_for_teachers):
    response = sign_in(client, provider, {"email": teacher.email}, next_url="/leerlingen/")
    assert response.url == "/leerlingen/"


def test_an_unknown_address_is_refused_with_a_message_and_no_account_is_made(client, provider, teacher):
    users = get_user_model().objects.count()
    response = sign_in(client, provider, {"email": "nieuw@school.test", "email_verified": True})
    assert_refused_with(client, response, UNKNOWN_MESSAGE)
    assert get_user_model().objects.count() == users
    assert not get_user_model().objects.filter(email__iexact="nieuw@school.test").exists()


def test_an_inactive_user_is_refused(client, provider, teacher):
    get_user_model().objects.filter(pk=teacher.pk).update(is_active=False)
    response = sign_in(client, provider, {"email": teacher.email})
    assert_refused_with(client, response, "Dit account is uitgeschakeld.")


def test_an_address_the_provider_has_not_verified_is_refused(client, provider, teacher, optional_for_teachers):
    response = sign_in(client, provider, {"email": teacher.email, "email_verified": False})
    assert_refused_with(client, response, "niet bevestigd")


def test_the_backend_never_creates_an_account(settings, provider):
    with pytest.raises(SuspiciousOperation):
        sso.StaffOIDCBackend().create_user({"email": "nieuw@school.test"})


# The second factor stays ---------------------------------------------------------------------


def test_directie_without_an_app_is_sent_to_set_one_up(client, provider, directie):
    response = sign_in(client, provider, {"email": directie.email})
    assert str(logged_in_user_id(client)) == str(directie.pk)
    page = client.get(response.url)
    assert page.status_code == 302
    assert page.url == f"{reverse('otp_enrol')}?next=/"


def test_directie_with_an_app_types_the_code_before_any_page(client, provider, directie):
    device = confirmed_device(directie)
    sign_in(client, provider, {"email": directie.email}, next_url="/leerlingen/")
    page = client.get("/leerlingen/")
    assert page.status_code == 302
    assert page.url == f"{reverse('otp_verify')}?next=/leerlingen/"
    done = client.post(reverse("otp_verify"), {"code": current_code(device), "next": "/leerlingen/"})
    assert done.status_code == 302 and done.url == "/leerlingen/"
    assert client.get("/leerlingen/").status_code == 200


def test_a_teacher_at_a_school_that_requires_it_is_sent_to_the_second_step(client, provider, teacher, school):
    School.objects.filter(pk=school.pk).update(teachers_need_second_factor=True)
    response = sign_in(client, provider, {"email": teacher.email})
    page = client.get(response.url)
    assert page.status_code == 302
    assert page.url.startswith(reverse("otp_enrol"))


# Tampering -----------------------------------------------------------------------------------


def test_a_tampered_state_is_refused_before_the_code_is_exchanged(client, provider, teacher):
    callback = to_provider(client, provider, {"email": teacher.email})
    path, query = callback.split("?")
    params = parse_qs(query)
    params["state"] = ["aangepast" + params["state"][0]]
    response = client.get(f"{path}?{urlencode(params, doseq=True)}")
    assert_refused_with(client, response, "Inloggen met Microsoft is niet gelukt.")
    assert provider.token_requests == 0


def test_a_callback_cannot_be_replayed(client, provider, teacher, optional_for_teachers):
    callback = to_provider(client, provider, {"email": teacher.email})
    assert client.get(callback).url == HOME
    client.logout()
    assert_refused_with(client, client.get(callback), "is niet gelukt")


def test_a_callback_from_another_browser_is_refused(client, provider, teacher):
    from django.test import Client

    callback = to_provider(client, provider, {"email": teacher.email})
    stranger = Client()
    response = stranger.get(callback)
    assert response.status_code == 302 and response.url == LOGIN
    assert stranger.session.get(SESSION_KEY) is None


def test_a_password_log_in_with_a_code_in_its_address_does_not_ask_the_provider(
    client, provider, teacher, password, optional_for_teachers
):
    response = client.post(LOGIN + "?code=abc&state=def", {"username": teacher.email, "password": password})
    assert response.status_code == 302
    assert str(logged_in_user_id(client)) == str(teacher.pk)
    assert provider.token_requests == 0


def test_refused_school_accounts_do_not_lock_the_school_out(client, provider, teacher, optional_for_teachers):
    """One school often reaches us from one address: unknown accounts must not lock the others out
    (django-axes counts password guesses only)."""
    from axes.models import AccessAttempt

    for _ in range(7):
        assert_refused_with(client, sign_in(client, provider, {"email": "onbekend@school.test"}), UNKNOWN_MESSAGE)
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, provider, {"email": teacher.email}).url == HOME
    assert str(logged_in_user_id(client)) == str(teacher.pk)
