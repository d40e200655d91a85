"""Security properties across the whole site: CSRF on every form, lock-out per address and
account, production settings pass Django's deployment checklist, a strict CSP, and no page
that loads or sends anything to another host."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from huisbezoek.testing.matrix import LOGIN, PERSONAS, REDIRECT
from huisbezoek.tests.test_permission_matrix import MATRIX, matrix_objects, sample_kwargs

BASE_DIR = Path(settings.BASE_DIR)
SAME_HOST = {"", "testserver", urlsplit(settings.SITE_URL).netloc}  # SITE_URL: links parents can share


def url_of(name, objects):
    return reverse(name, kwargs=sample_kwargs(MATRIX[name].kwargs, objects))


# CSRF -------------------------------------------------------------------------------------------


def _allowed_persona(row):
    """A persona for whom the POST would do something (so the refusal must come from CSRF)."""
    for persona in PERSONAS:
        if row.expected[persona] not in (LOGIN, 403, 404, 405):
            return persona
    return None


POST_ROWS = sorted(name for name, row in MATRIX.items() if row.method == "post" and _allowed_persona(row))


def test_there_are_post_actions_to_check():
    assert len(POST_ROWS) >= 20


@pytest.mark.parametrize("name", POST_ROWS)
def test_every_post_action_refuses_a_request_without_the_csrf_token(personas, school, name):
    row = MATRIX[name]
    persona = _allowed_persona(row)
    objects = matrix_objects(personas, school)
    client = Client(enforce_csrf_checks=True)
    if persona != "anonymous":
        client.force_login(personas[persona])
    data = {k: v.format(**objects) for k, v in row.data.items()}
    response = client.post(url_of(name, objects), data)
    assert response.status_code == 403, f"{name} as {persona}: {response.status_code}"
    assert "Dit formulier is verlopen" in response.content.decode()


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


# CSP and no other hosts -------------------------------------------------------------------------


def test_the_content_security_policy_allows_no_inline_code_and_no_other_hosts(client):
    csp = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for name, sources in directives.items():
        for source in sources.split():
            assert source in ("'self'", "'none'", "data:"), f"{name} allows {source}"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"


class PageAudit(HTMLParser):
    """Every address a page loads or sends to, its POST forms, and inline code or styles."""

    URL_ATTRIBUTES = {"src", "href", "action", "formaction", "poster", "data", "srcset", "xlink:href"}

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.post_forms = 0
        self.post_forms_with_token = 0
        self.inline: list[str] = []
        self._in_post_form = False
        self._form_has_token = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name in self.URL_ATTRIBUTES and value:
                for part in value.split(",") if name == "srcset" else [value]:
                    self.urls.append((tag, name, part.strip().split(" ")[0]))
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}=...>")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script" and not values.get("src"):
            self.inline.append("<script> without src")
        if tag == "form" and (values.get("method") or "").lower() == "post":
            self._in_post_form, self._form_has_token = True, False
            self.post_forms += 1
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken" and self._in_post_form:
            self._form_has_token = True

    def handle_endtag(self, tag):
        if tag == "form" and self._in_post_form:
            self.post_forms_with_token += self._form_has_token
            self._in_post_form = False


def external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel", "data"):
        return False
    return parts.scheme not in ("", "http", "https") or parts.netloc not in SAME_HOST


GET_ROWS = sorted(name for name, row in MATRIX.items() if row.method == "get")

# Views without CSRF protection, and why that is safe: parents and pupils answer through a
# personal link or class code and get no cookie at all, so there is no session a forged request
# could ride on; the secret in the address is the credential.
CSRF_EXEMPT = {
    "evaluation:parent_answer",
    "evaluation:parent_answer_language",
    "evaluation:pupil_answer",
}


def views_by_name(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for p in patterns:
        if isinstance(p, URLResolver):
            yield from views_by_name(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", p.callback


def test_only_the_cookieless_public_forms_skip_csrf_protection():
    from django.urls import get_resolver

    exempt = {
        name
        for name, view in views_by_name(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False) and not name.startswith("admin:")
    }
    assert exempt <= CSRF_EXEMPT, exempt - CSRF_EXEMPT


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_refers_to_another_host_or_has_inline_code_and_every_post_form_has_a_token(
    client, personas, school, persona
):
    objects = matrix_objects(personas, school)
    if persona != "anonymous":
        client.force_login(personas[persona])
    checked, problems = 0, []
    for name in GET_ROWS:
        if MATRIX[name].expected[persona] not in (200, REDIRECT):
            continue
        response = client.get(url_of(name, objects), follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        page = PageAudit()
        page.feed(response.content.decode())
        problems += [f"{name}: {tag} {attr}={url}" for tag, attr, url in page.urls if external(url)]
        problems += [f"{name}: {found}" for found in page.inline]
        if page.post_forms != page.post_forms_with_token and name not in CSRF_EXEMPT:
            problems.append(f"{name}: a POST form without a CSRF token")
    assert checked >= 3, f"only {checked} pages checked for {persona}"
    assert not problems, "\n".join(problems)


# The school's second-factor setting -----------------------------------------------------------


def test_directie_requires_the_second_factor_for_teachers(client, directie, school):
    client.force_login(directie)
    page = client.get(reverse("security_settings"))
    assert "Tweestapsverificatie verplicht voor leerkrachten" in page.content.decode()
    response = client.post(reverse("security_settings"), {"teachers_need_second_factor": "on"})
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.teachers_need_second_factor
    client.post(reverse("security_settings"), {})
    school.refresh_from_db()
    assert not school.teachers_need_second_factor


def test_the_setting_is_not_for_teachers_or_the_care_coordinator(client, teacher, care_coordinator, school):
    for user in (teacher, care_coordinator):
        client.force_login(user)
        assert client.post(reverse("security_settings"), {"teachers_need_second_factor": "on"}).status_code == 403
    school.refresh_from_db()
    assert not school.teachers_need_second_factor


def test_the_setting_page_needs_a_log_in_and_refuses_other_methods(client, administrator):
    assert client.get(reverse("security_settings")).url.startswith(reverse("login"))
    client.force_login(administrator)
    assert client.put(reverse("security_settings")).status_code == 405
