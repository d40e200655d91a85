"""Security properties across the whole site: CSRF on the forms that also answer GET, lock-out
per address and account, production settings pass Django's deployment checklist, a strict CSP,
and the school's second-factor setting. The checks run on every URL of the permission matrix
(CSRF on every POST, no other hosts, no inline code) are in test_security_every_url.py."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from huisbezoek.models import AuditEvent

BASE_DIR = Path(settings.BASE_DIR)
SAME_HOST = {"", "testserver", urlsplit(settings.SITE_URL).netloc}  # SITE_URL: links parents can share


# CSRF -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["login", "password_reset", "password_change", "otp_verify", "otp_enrol", "security_settings"]
)
def test_forms_that_also_answer_get_refuse_a_post_without_the_token(administrator, name):
    client = Client(enforce_csrf_checks=True)
    if name not in ("login", "password_reset"):
        client.force_login(administrator)
    response = client.post(reverse(name), {"username": "x@example.org", "password": "x", "code": "123456"})
    assert response.status_code == 403


# Lock-out ---------------------------------------------------------------------------------------


def _login(client, email, password, ip):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_the_sixth_attempt_after_five_wrong_passwords_is_locked_for_that_address_only(teacher, password):
    attacker = Client()
    answers = [_login(attacker, teacher.email, "fout-wachtwoord", "203.0.113.9").status_code for _ in range(5)]
    assert answers[:4] == [200] * 4
    sixth = _login(attacker, teacher.email, password, "203.0.113.9")
    assert sixth.status_code == 429, "even the right password is refused from that address"
    assert "_auth_user_id" not in attacker.session
    elsewhere = Client()
    assert _login(elsewhere, teacher.email, password, "198.51.100.20").status_code == 302


# Deployment checklist ---------------------------------------------------------------------------


def test_production_settings_pass_the_deployment_checklist():
    from cryptography.fernet import Fernet

    # A clean environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process.
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
        "HUISBEZOEK_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "huisbezoek.settings",
        "ALLOWED_HOSTS": "huisbezoek.example.org",
        "EMAIL_URL": "smtp+tls://mail.example.org:587",
        "SECRET_KEY": "q" + os.urandom(48).hex(),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": "sqlite:///:memory:",
        "SITE_URL": "https://huisbezoek.example.org",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# Content security policy -----------------------------------------------------------------------


def test_the_content_security_policy_allows_no_inline_code_and_no_other_hosts(client):
    csp = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for name, sources in directives.items():
        for source in sources.split():
            assert source in ("'self'", "'none'", "data:"), f"{name} allows {source}"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"


# The school's second-factor setting -----------------------------------------------------------


def test_teachers_need_the_second_factor_unless_the_school_switches_it_off_knowingly(client, directie, school):
    assert school.teachers_need_second_factor  # the default: teachers read reports too
    client.force_login(directie)
    page = client.get(reverse("security_settings")).content.decode()
    assert "Tweestapsverificatie verplicht voor leerkrachten" in page
    assert "Let op bij uitzetten" in page
    assert "Ik begrijp dat leerkrachten dan verslagen lezen met alleen een wachtwoord" in page

    # Without the tick: refused next to it, nothing changed, nothing in the trail.
    refused = client.post(reverse("security_settings"), {})
    assert refused.status_code == 200
    assert "Vink aan dat u begrijpt" in refused.content.decode()
    school.refresh_from_db()
    assert school.teachers_need_second_factor
    assert not AuditEvent.objects.filter(object_type="school_security").exists()

    response = client.post(reverse("security_settings"), {"risk_accepted": "on"})
    assert response.status_code == 302
    school.refresh_from_db()
    assert not school.teachers_need_second_factor
    event = AuditEvent.objects.get(object_type="school_security")
    assert (event.user, event.school, event.object_id, event.action) == (directie, school, school.pk, "change")
    assert "alleen een wachtwoord" in client.get(reverse("security_settings")).content.decode()

    client.post(reverse("security_settings"), {"teachers_need_second_factor": "on"})
    school.refresh_from_db()
    assert school.teachers_need_second_factor
    assert AuditEvent.objects.filter(object_type="school_security").count() == 2


def test_the_change_shows_in_the_audit_trail(client, administrator, school):
    client.force_login(administrator)
    client.post(reverse("security_settings"), {"risk_accepted": "on"})
    assert "Beveiligingsinstelling" in client.get(reverse("audit_trail")).content.decode()


def test_the_setting_is_not_for_teachers_or_the_care_coordinator(client, teacher, care_coordinator, school):
    for user in (teacher, care_coordinator):
        client.force_login(user)
        response = client.post(reverse("security_settings"), {"risk_accepted": "on"})
        assert response.status_code == 403
    school.refresh_from_db()
    assert school.teachers_need_second_factor


def test_the_setting_page_needs_a_log_in_and_refuses_other_methods(client, administrator):
    assert client.get(reverse("security_settings")).url.startswith(reverse("login"))
    client.force_login(administrator)
    assert client.put(reverse("security_settings")).status_code == 405
