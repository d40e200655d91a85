"""Production mode refuses to start with missing or unsafe configuration, and passes
Django's deployment checklist when configured properly. Each case runs in a fresh
process, because settings are read once at start-up."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_PRODUCTION = {
    "HUISBEZOEK_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "FIELD_ENCRYPTION_KEYS": "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=",  # a valid Fernet key (32 bytes)
    "ALLOWED_HOSTS": "huisbezoek.example.org",
    "EMAIL_URL": "smtp+tls://mail.example.org:587",
    "DATABASE_URL": "sqlite:///:memory:",
    "SITE_URL": "https://huisbezoek.example.org",
}

# Single sign-on, all of it (Microsoft Entra ID's addresses as an example).
SSO = {
    "OIDC_RP_CLIENT_ID": "huisbezoek",
    "OIDC_RP_CLIENT_SECRET": "geheim",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.org/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.org/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example.org/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example.org/keys",
}


def run(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in GOOD_PRODUCTION and not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_passes_the_deployment_checklist_without_warnings():
    result = run(GOOD_PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be a random value of at least 50 characters"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "SECRET_KEY must be a random value"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"EMAIL_URL": ""}, "EMAIL_URL must be set"),
        ({"FIELD_ENCRYPTION_KEYS": ""}, "FIELD_ENCRYPTION_KEYS must be set"),
        ({"FIELD_ENCRYPTION_KEYS": "not-a-key"}, "FIELD_ENCRYPTION_KEYS must be Fernet keys"),
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false; got 'maybe'"),
        ({"SESSION_COOKIE_AGE": "eight hours"}, "SESSION_COOKIE_AGE must be a whole number of 0 or more"),
        ({"AXES_COOLOFF_HOURS": "-1"}, "AXES_COOLOFF_HOURS must be a number of 0 or more"),
        ({"HUISBEZOEK_ENV": "staging"}, "HUISBEZOEK_ENV must be one of development, test, production"),
        ({"SITE_URL": ""}, "SITE_URL must be set"),
        ({"SITE_URL": "http://huisbezoek.example.org"}, "SITE_URL must be the https:// address"),
        ({"SITE_URL": "huisbezoek.example.org"}, "SITE_URL must be the https:// address"),
        ({"SITE_URL": "https://"}, "SITE_URL must be the https:// address"),
        (
            {"OIDC_RP_CLIENT_ID": "huisbezoek"},
            "Single sign-on needs every OIDC_* variable; missing: OIDC_RP_CLIENT_SECRET",
        ),
        (
            {**SSO, "OIDC_OP_TOKEN_ENDPOINT": "http://login.example.org/token"},
            "OIDC_OP_TOKEN_ENDPOINT must be an https://",
        ),
        ({**SSO, "OIDC_RP_SIGN_ALGO": "HS256"}, "OIDC_RP_SIGN_ALGO must be RS256"),
    ],
)
def test_production_refuses_to_start_with_bad_configuration(override, message):
    result = run({**GOOD_PRODUCTION, **override}, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr or "Error" in result.stderr
    assert message in result.stderr


def test_production_starts_with_single_sign_on_configured():
    result = run({**GOOD_PRODUCTION, **SSO}, "check")
    assert result.returncode == 0, result.stderr


def test_production_hashes_passwords_with_argon2_and_secures_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.PASSWORD_HASHERS[0], s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = run(GOOD_PRODUCTION, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.contrib.auth.hashers.Argon2PasswordHasher", "True", "True", "True"]


def test_development_works_with_no_configuration_at_all(tmp_path):
    result = run(
        {"HUISBEZOEK_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "REDIS_URL": ""},
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.DEBUG, s.CELERY_BROKER_URL, s.LANGUAGE_CODE)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "filesystem://localhost//", "nl"]


def test_redis_url_switches_broker_results_and_cache(tmp_path):
    result = run(
        {
            "HUISBEZOEK_ENV": "development",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
        },
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s;"
        "print(s.CELERY_BROKER_URL, s.CELERY_RESULT_BACKEND, s.CACHES['default']['BACKEND'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "redis://127.0.0.1:6379/3",
        "redis://127.0.0.1:6379/3",
        "django.core.cache.backends.redis.RedisCache",
    ]


@pytest.mark.parametrize(("worker", "cache_db"), [("", "1"), ("gw0", "2"), ("gw1", "3")])
def test_each_xdist_process_has_its_own_redis_cache_database(tmp_path, worker, cache_db):
    """pytest-xdist processes share the Redis server: a cache.clear() in one must not empty another's cache."""
    result = run(
        {
            "DJANGO_SETTINGS_MODULE": "huisbezoek.settings_test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "REDIS_URL": "redis://127.0.0.1:6379/1",
            "PYTEST_XDIST_WORKER": worker,
        },
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.CELERY_BROKER_URL, s.CACHES['default']['LOCATION'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["redis://127.0.0.1:6379/1", f"redis://127.0.0.1:6379/{cache_db}"]


def site_url(env: dict[str, str]) -> subprocess.CompletedProcess:
    return run(env, "shell", "--no-imports", "-c", "from django.conf import settings as s; print(s.SITE_URL)")


def test_production_links_use_the_https_site_url_it_was_given():
    result = site_url({**GOOD_PRODUCTION, "SITE_URL": "HTTPS://huisbezoek.example.org/"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["HTTPS://huisbezoek.example.org"]


def test_development_links_point_at_the_port_the_web_server_listens_on(tmp_path):
    development = {"HUISBEZOEK_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = site_url({**development, "WEB_PORT": "8123"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["http://127.0.0.1:8123"]
    assert site_url(development).stdout.split() == ["http://127.0.0.1:8000"]
    assert site_url({**development, "WEB_PORT": "8123", "SITE_URL": "http://hb.test:9000/"}).stdout.split() == [
        "http://hb.test:9000"
    ]
    result = site_url({**development, "WEB_PORT": "eighty"})
    assert result.returncode != 0
    assert "WEB_PORT must be a whole number" in result.stderr


def test_make_run_prints_the_address_it_serves():
    result = subprocess.run(
        ["/usr/bin/make", "--dry-run", "--always-make", "run", "WEB_PORT=8123"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "http://127.0.0.1:8123" in result.stdout, result.stdout + result.stderr
