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

from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import get_resolver, reverse

from huisbezoek.testing.matrix import LOGIN, PERSONAS, REDIRECT
from huisbezoek.tests.url_matrix import ADMIN_NAMESPACE, MATRIX, project_url_names, sample_kwargs, walk

# The world is built once per module (see ``matrix_world``); under pytest-xdist the module's
# tests stay on one process (``--dist loadgroup``), so it is built once there too.
pytestmark = pytest.mark.xdist_group("permission_matrix")


def test_every_url_is_in_the_matrix():
    missing = [n for n in project_url_names() if n not in MATRIX]
    stale = [n for n in MATRIX if n not in project_url_names()]
    assert not missing, f"URLs without an entry in the permission matrix: {missing}"
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"


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
def test_url_answers_each_persona(world, name):
    """The sample objects are built once per module; each persona's request runs in a savepoint
    that is rolled back, so what one persona changes (a POST) is never seen by the next one."""
    row = MATRIX[name]
    objects = world.objects
    url = reverse(name, kwargs=sample_kwargs(row.kwargs, objects))
    data = {k: v.format(**objects) for k, v in row.data.items()}
    wrong = []
    for persona in PERSONAS:
        with transaction.atomic():
            client = world.client(persona)
            response = client.post(url, data) if row.method == "post" else client.get(url)
            try:
                assert_answer(response, row.expected[persona], f"{persona} {row.method.upper()} {url}")
            except AssertionError as error:
                wrong.append(str(error))
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(n for n, r in MATRIX.items() if r.method == "post" and r.refuses_get))
def test_post_only_urls_refuse_get(world, name):
    client = world.client("teacher")
    row = MATRIX[name]
    url = reverse(name, kwargs=sample_kwargs(row.kwargs, world.objects))
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
def test_admin_is_closed_to_everyone_but_the_operator(world, persona):
    client = world.client(persona)
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
        response = client.get(url)
        if response.status_code == 302:  # e.g. the admin's index of an app: on to a page, never to a log-in
            assert "/login/" not in response.url, url
        else:
            assert response.status_code == 200, url
