"""Logging in, being locked out, resetting a password, and what a bad request looks like."""

import re

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

LOGIN_URL = reverse("login")


def login(client, email, password, **extra):
    return client.post(LOGIN_URL, {"username": email, "password": password}, **extra)


def test_staff_log_in_with_their_email_in_any_case(client, teacher, password):
    response = login(client, "LeerKracht@School.test", password)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session[SESSION_KEY] == str(teacher.pk)
    # Teachers read reports: the second step follows (by default; huisbezoek/tests/test_otp.py).
    assert client.get(reverse("home")).url.startswith(reverse("otp_enrol"))


def test_wrong_password_explains_and_keeps_the_email(client, teacher):
    response = login(client, "leerkracht@school.test", "verkeerd")
    page = response.content.decode()
    assert response.status_code == 200
    assert "horen niet bij elkaar" in page
    assert 'value="leerkracht@school.test"' in page


def test_deactivated_user_cannot_log_in(client, teacher, password):
    teacher.is_active = False
    teacher.save()
    response = login(client, teacher.email, password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_from_that_address(client, teacher, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, teacher.email, "verkeerd").status_code == 200
    locked = login(client, teacher.email, "verkeerd")
    assert locked.status_code == 429
    assert "tijdelijk geblokkeerd" in locked.content.decode()
    # Even the right password is refused while the lock lasts ...
    assert login(client, teacher.email, password).status_code == 429
    assert "_auth_user_id" not in client.session
    # ... but only for that user from that address: a colleague can still log in.
    other = Client()
    assert login(other, teacher.email, password, REMOTE_ADDR="10.9.8.7").status_code == 302


def test_changing_capitals_does_not_reset_the_failure_count(client, teacher, password, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(client, teacher.email.upper() if i % 2 else teacher.email, "verkeerd")
    assert login(client, "Leerkracht@School.TEST", password).status_code == 429


def test_lockout_does_not_spill_over_to_other_users_on_the_same_network(client, teacher, colleague, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, teacher.email, "verkeerd")
    assert login(client, colleague.email, password).status_code == 302


def test_after_login_the_user_returns_to_the_page_they_wanted_but_never_offsite(client, teacher, password):
    response = client.post(
        f"{LOGIN_URL}?next=/account/wachtwoord-wijzigen/", {"username": teacher.email, "password": password}
    )
    assert response.url == "/account/wachtwoord-wijzigen/"
    client.logout()
    response = client.post(f"{LOGIN_URL}?next=https://evil.example/", {"username": teacher.email, "password": password})
    assert response.url == reverse("home")


def test_password_reset_by_email_end_to_end(client, teacher):
    response = client.post(reverse("password_reset"), {"email": "leerkracht@school.test"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["leerkracht@school.test"]
    assert "Nieuw wachtwoord" in message.subject
    link = re.search(r"https?://[^/]+(/account/nieuw-wachtwoord/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Een-nieuw-lang-wachtwoord-7", "new_password2": "Een-nieuw-lang-wachtwoord-7"}
    )
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    client.logout()
    again = login(client, teacher.email, "Een-nieuw-lang-wachtwoord-7")
    assert again.status_code == 302
    assert again.url == reverse("home")


def test_password_reset_does_not_reveal_whether_an_address_exists(client, db):
    response = client.post(reverse("password_reset"), {"email": "onbekend@school.test"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")  # the same page as for a known address
    assert len(mail.outbox) == 0


def test_post_without_csrf_token_gets_a_friendly_403(teacher):
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in response.content.decode()


def test_a_page_of_another_role_gets_the_friendly_403_page_with_the_way_back(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<h1 class="h3">Deze pagina is niet voor uw rol</h1>' in html
    assert f'<a href="{reverse("home")}">Naar de startpagina</a>' in html


def test_unknown_url_gets_the_friendly_404_page(client, teacher):
    client.force_login(teacher)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_security_headers_are_sent(client):
    response = client.get(LOGIN_URL)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_passwords_are_stored_hashed(teacher, password):
    teacher.refresh_from_db()
    assert password not in teacher.password
    assert teacher.check_password(password)
