"""Every URL of the project, answered for every persona.

The test walks the URL resolver: a new URL that is not listed in MATRIX makes
``test_every_url_is_in_the_matrix`` fail, so nobody can add a page without deciding who
may see it. Expected answers:

* a status code (200, 403, 404, 405, ...);
* ``LOGIN``: a redirect to the log-in page (anonymous users);
* ``REDIRECT``: any other redirect (e.g. after a successful action).

Personas (root conftest.py): teacher, colleague (another teacher of the same school),
directie, care_coordinator, administrator, interpreter, outsider (teacher of another
school) and anonymous.
"""

import importlib
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from huisbezoek.testing.matrix import LOGIN, PERSONAS, REDIRECT, Row, everyone, staff

APPS_WITH_URLS = ("visits", "dashboard", "protocol", "evaluation", "notifications", "privacy")

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
    # Without an app (teachers, interpreters) there are no recovery codes: back to the overview.
    "otp_recovery_codes": Row(
        {**staff(REDIRECT), "directie": 200, "care_coordinator": 200, "administrator": 200}, method="post"
    ),
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
for _module in app_matrix_modules():
    MATRIX.update(_module.ROWS)

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


def test_every_url_is_in_the_matrix():
    missing = [n for n in project_url_names() if n not in MATRIX]
    stale = [n for n in MATRIX if n not in project_url_names()]
    assert not missing, f"URLs without an entry in the permission matrix: {missing}"
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"


def sample_kwargs(names: dict[str, str], objects: dict[str, Any]) -> dict[str, str]:
    samples = {"uidb64": "MQ", "token": "invalid-token"}
    return {k: str(samples.get(v, objects.get(v))) for k, v in names.items()}


def assert_answer(response, expected: Any, label: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, label
        assert response.url.startswith(reverse(settings.LOGIN_URL) + "?next="), label
    elif expected == REDIRECT:
        assert response.status_code == 302, label
        assert "?next=" not in response.url, label
    else:
        assert response.status_code == expected, f"{label}: got {response.status_code}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_persona(personas, school, name):
    """The sample objects are built once per URL; each persona's request runs in a savepoint that
    is rolled back, so what one persona changes (a POST) is never seen by the next one."""
    row = MATRIX[name]
    objects = matrix_objects(personas, school)
    url = reverse(name, kwargs=sample_kwargs(row.kwargs, objects))
    data = {k: v.format(**objects) for k, v in row.data.items()}
    wrong = []
    for persona in PERSONAS:
        with transaction.atomic():
            client = Client()
            if persona != "anonymous":
                client.force_login(personas[persona])
            response = client.post(url, data) if row.method == "post" else client.get(url)
            try:
                assert_answer(response, row.expected[persona], f"{persona} {row.method.upper()} {url}")
            except AssertionError as error:
                wrong.append(str(error))
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(n for n, r in MATRIX.items() if r.method == "post" and r.refuses_get))
def test_post_only_urls_refuse_get(client, personas, school, name):
    client.force_login(personas["teacher"])
    row = MATRIX[name]
    url = reverse(name, kwargs=sample_kwargs(row.kwargs, matrix_objects(personas, school)))
    assert client.get(url).status_code == 405


def admin_urls_without_arguments() -> list[str]:
    resolver = get_resolver()
    names = [n for n in walk(resolver.url_patterns) if n.startswith(f"{ADMIN_NAMESPACE}:")]
    urls = []
    for n in names:
        try:
            urls.append(reverse(n))
        except Exception:  # noqa: BLE001, S112 - patterns that need arguments are covered by the changelists
            continue
    return urls


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_closed_to_everyone_but_the_operator(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas[persona])
    for url in admin_urls_without_arguments():
        if url.endswith(("/login/", "/logout/")):
            continue
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response.url, url


def test_admin_opens_for_a_superuser(client, django_user_model):
    operator = django_user_model.objects.create_superuser("operator@school.test", "x-operator-wachtwoord")
    client.force_login(operator)
    for url in admin_urls_without_arguments():
        if url.endswith(("/logout/", "/autocomplete/", "/add/")):  # read-only logs refuse "add"
            continue
        assert client.get(url).status_code in (200, 302), url
