"""The permission matrix: every URL of the project with its answer for every persona.

Each app lists its own URLs in ``<app>/tests/matrix.py`` (``ROWS`` and, when its URLs take
arguments, ``sample_objects``); the core's rows are below. Used by test_permission_matrix.py
(who may see what) and test_security.py (CSRF, other hosts, inline code on every page).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from huisbezoek.testing.matrix import REDIRECT, Row, everyone, staff

APPS_WITH_URLS = ("visits", "dashboard", "protocol", "evaluation", "notifications", "privacy", "staff")

CORE_ROWS: dict[str, Row] = {
    "home": Row(staff(200)),
    "school_switch": Row({**staff(REDIRECT), "outsider": 404}, method="post", data={"school": "{school}", "next": "/"}),
    "health": Row(everyone(503)),  # no worker heartbeat in the test database
    "set_language": Row(everyone(REDIRECT), method="post", data={"language": "en", "next": "/"}, refuses_get=False),
    "login": Row(staff(REDIRECT, anonymous=200)),
    "logout": Row(everyone(REDIRECT), method="post"),
    "password_change": Row(staff(200)),
    "password_change_done": Row(staff(200)),
    "password_reset": Row(everyone(200)),
    "password_reset_done": Row(everyone(200)),
    "password_reset_confirm": Row(everyone(200), kwargs={"uidb64": "uidb64", "token": "token"}),
    "password_reset_complete": Row(everyone(200)),
    "otp_overview": Row(staff(200)),
    "otp_enrol": Row(staff(200)),
    "otp_verify": Row(staff(REDIRECT)),  # force_login passed the second factor already: on to the page
    # Teachers use an app by default (their school requires it), so they get new recovery codes;
    # without an app (the interpreter) there are none: back to the overview.
    "otp_recovery_codes": Row({**staff(200), "interpreter": REDIRECT}, method="post"),
    # Single sign-on is routed always but answers 404 until the installation configures it (the tests'
    # settings do not; huisbezoek/tests/test_sso.py runs the configured flow against a fake provider).
    "oidc_authentication_init": Row(everyone(404)),
    "oidc_authentication_callback": Row(everyone(404)),
    "audit_trail": Row({**staff(403), "care_coordinator": 200, "administrator": 200}),
    "security_settings": Row({**staff(403), "directie": 200, "administrator": 200}),
}


def app_matrix_modules():
    for app in APPS_WITH_URLS:
        try:
            yield importlib.import_module(f"{app}.tests.matrix")
        except ModuleNotFoundError:
            continue


def matrix_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    """Ids the URLs' arguments and POST data refer to, from every app's ``sample_objects``."""
    objects: dict[str, Any] = {"school": school.pk}
    for module in app_matrix_modules():
        if hasattr(module, "sample_objects"):
            objects.update(module.sample_objects(personas, school))
    return objects


MATRIX: dict[str, Row] = dict(CORE_ROWS)
for module in app_matrix_modules():
    MATRIX.update(module.ROWS)

# Django's admin is for the technical operator (superuser) only; it has its own log-in.
ADMIN_NAMESPACE = "admin"


def walk(patterns, prefix: str = "") -> list[str]:
    names = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names.extend(walk(p.url_patterns, ns))
        elif isinstance(p, URLPattern) and p.name:
            names.append(f"{prefix}{p.name}")
        elif isinstance(p, URLPattern):
            names.append(f"{prefix}<unnamed {p.pattern}>")
    return names


def project_url_names() -> list[str]:
    return sorted({n for n in walk(get_resolver().url_patterns) if not n.startswith(f"{ADMIN_NAMESPACE}:")})


def sample_kwargs(names: dict[str, str], objects: dict[str, Any]) -> dict[str, str]:
    samples = {"uidb64": "MQ", "token": "invalid-token"}
    return {k: str(samples.get(v, objects.get(v))) for k, v in names.items()}
