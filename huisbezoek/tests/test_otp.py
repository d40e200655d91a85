"""The second log-in step, through the real forms: enrolment with a QR code and a first code,
verification after the password, recovery codes, reuse refused, guessing slowed down, and who
must use it."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from huisbezoek.models import School
from huisbezoek.testing.second_factor import confirmed_device, current_code
from huisbezoek.views_otp import ENROL_KEY

pytestmark = pytest.mark.real_second_factor

HOME = reverse("home")
ENROL = reverse("otp_enrol")
VERIFY = reverse("otp_verify")


def log_in(client, user, password):
    response = client.post(reverse("login"), {"username": user.email, "password": password})
    assert response.status_code == 302, "the password step failed"
    return response


def code_for_key(key: str, at: float | None = None) -> str:
    import time

    totp = TOTP(bytes.fromhex(key), 30, 0, 6, 0)
    totp.time = at if at is not None else time.time()
    return f"{totp.token():06d}"


def later(seconds: int):
    """Move the clock on (a new 30-second code, or past a wait after wrong codes)."""
    return time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=seconds), tick=True)


def enrol(client):
    client.get(ENROL)
    key = client.session[ENROL_KEY]
    return key, client.post(ENROL, {"code": code_for_key(key), "next": HOME})


# Who must use it ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["directie", "care_coordinator", "administrator"])
def test_roles_with_access_to_reports_must_set_up_the_app_before_any_page(client, personas, password, persona):
    log_in(client, personas[persona], password)
    response = client.get(reverse("visits:pupil_list"))
    assert response.status_code == 302
    assert response.url == f"{ENROL}?next=/leerlingen/"


def test_a_teacher_needs_it_by_default_and_goes_without_where_the_school_switched_it_off(
    client, teacher, school, password
):
    log_in(client, teacher, password)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(ENROL)
    School.objects.filter(pk=school.pk).update(teachers_need_second_factor=False)
    assert client.get(HOME).status_code == 200


def test_a_new_school_requires_it_for_teachers(board):
    from huisbezoek.tests.factories import SchoolFactory

    assert SchoolFactory(board=board).teachers_need_second_factor


def test_a_teacher_who_set_up_the_app_of_their_own_accord_uses_it_from_then_on(client, teacher, password):
    confirmed_device(teacher)
    log_in(client, teacher, password)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_an_unverified_user_can_still_log_out_and_reach_public_and_technical_pages(client, directie, password):
    log_in(client, directie, password)
    assert client.get("/static/css/huisbezoek.css").status_code == 200
    assert client.get(reverse("health")).status_code == 503  # answered (no worker in tests), not sent to verify
    assert client.get("/ouders/bestaat-niet/").status_code == 404  # the parents' page itself, not a redirect
    assert client.get(reverse("evaluation:pupil_start")).status_code == 200  # pupils' class-code page
    assert client.get(HOME).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


# Enrolment ----------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_as_an_image_and_the_key_to_type(client, care_coordinator, password):
    log_in(client, care_coordinator, password)
    page = client.get(ENROL)
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    key = client.session[ENROL_KEY]
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    import base64

    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == bytes.fromhex(key)
    assert "style=" not in html and "<script>" not in html


def test_a_wrong_first_code_is_refused_and_kept(client, care_coordinator, password):
    log_in(client, care_coordinator, password)
    client.get(ENROL)
    key = client.session[ENROL_KEY]
    wrong = f"{(int(code_for_key(key)) + 1) % 1000000:06d}"
    page = client.post(ENROL, {"code": wrong})
    assert page.status_code == 200
    assert "Deze code klopt niet" in page.content.decode()
    assert f'value="{wrong}"' in page.content.decode()
    assert client.session[ENROL_KEY] == key, "the QR code stays the same"
    assert not TOTPDevice.objects.filter(user=care_coordinator).exists()


def test_confirming_with_the_first_code_shows_ten_recovery_codes_once_and_opens_the_app(
    client, care_coordinator, password
):
    log_in(client, care_coordinator, password)
    _key, page = enrol(client)
    assert page.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", page.content.decode())
    assert len(codes) == 10
    assert sorted(StaticToken.objects.filter(device__user=care_coordinator).values_list("token", flat=True)) == sorted(
        codes
    )
    assert TOTPDevice.objects.get(user=care_coordinator).confirmed
    assert client.get(HOME).status_code == 200
    assert not re.findall(r"<li>([a-z2-7]{8})</li>", client.get(reverse("otp_overview")).content.decode())


# Verification after the password --------------------------------------------------------------


def test_logging_in_again_asks_for_a_code_and_goes_on_to_the_page_wanted(client, directie, password):
    device = confirmed_device(directie)
    log_in(client, directie, password)
    response = client.get(reverse("visits:pupil_list"))
    assert response.url == f"{VERIFY}?next=/leerlingen/"
    response = client.post(VERIFY, {"code": current_code(device), "next": "/leerlingen/"})
    assert response.status_code == 302 and response.url == "/leerlingen/"
    assert client.get(reverse("visits:pupil_list")).status_code == 200


def test_a_code_cannot_be_used_twice(client, directie, password):
    device = confirmed_device(directie)
    log_in(client, directie, password)
    code = current_code(device)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("logout"))
    log_in(client, directie, password)
    page = client.post(VERIFY, {"code": code})
    assert page.status_code == 200
    assert "al gebruikt" in page.content.decode()
    assert client.get(HOME).status_code == 302


def test_the_enrolment_code_cannot_be_used_to_log_in(client, directie, password):
    log_in(client, directie, password)
    key, _page = enrol(client)
    first = code_for_key(key)
    client.post(reverse("logout"))
    log_in(client, directie, password)
    assert client.post(VERIFY, {"code": first}).status_code == 200
    with later(31):
        assert client.post(VERIFY, {"code": code_for_key(key)}).status_code == 302


def test_wrong_codes_make_the_next_check_wait(client, directie, password):
    device = confirmed_device(directie)
    log_in(client, directie, password)
    page = client.post(VERIFY, {"code": "000000" if current_code(device) != "000000" else "111111"})
    assert "klopt niet" in page.content.decode()
    page = client.post(VERIFY, {"code": current_code(device)})
    assert page.status_code == 200
    assert "Te veel foute codes" in page.content.decode()
    with later(3):
        assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302


def test_a_recovery_code_works_once(client, directie, password):
    log_in(client, directie, password)
    _key, page = enrol(client)
    code = re.findall(r"<li>([a-z2-7]{8})</li>", page.content.decode())[0]
    client.post(reverse("logout"))
    log_in(client, directie, password)
    response = client.post(VERIFY, {"code": code.upper()})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=directie).count() == 9
    client.post(reverse("logout"))
    with later(5):
        log_in(client, directie, password)
        page = client.post(VERIFY, {"code": code})
    assert page.status_code == 200 and "klopt niet" in page.content.decode()


def test_new_recovery_codes_replace_the_old_ones(client, directie, password):
    log_in(client, directie, password)
    _key, page = enrol(client)
    old = set(re.findall(r"<li>([a-z2-7]{8})</li>", page.content.decode()))
    page = client.post(reverse("otp_recovery_codes"))
    new = set(re.findall(r"<li>([a-z2-7]{8})</li>", page.content.decode()))
    assert len(new) == 10 and not old & new
    assert set(StaticToken.objects.filter(device__user=directie).values_list("token", flat=True)) == new


def test_replacing_the_app_needs_the_second_step_first(client, directie, password):
    confirmed_device(directie)
    log_in(client, directie, password)
    response = client.get(ENROL)
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_verify_never_sends_the_user_off_site(client, directie, password):
    device = confirmed_device(directie)
    log_in(client, directie, password)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response.url == "/"


def test_without_an_app_there_are_no_recovery_codes(client, interpreter, password):
    log_in(client, interpreter, password)
    response = client.post(reverse("otp_recovery_codes"), follow=True)
    assert "Stel eerst een authenticator-app in" in response.content.decode()
    assert not StaticToken.objects.filter(device__user=interpreter).exists()
