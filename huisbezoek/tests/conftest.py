"""Fixtures of the core's tests: the permission matrix's world, built once per module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from huisbezoek.testing.second_factor import mark_session_verified
from huisbezoek.tests.personas import build_personas
from huisbezoek.tests.url_matrix import matrix_objects


@dataclass(frozen=True)
class MatrixWorld:
    school: Any
    personas: dict[str, Any]  # persona name -> user
    objects: dict[str, Any]  # what the URLs' arguments and POST data refer to (ids, tokens)
    sessions: dict[str, str]  # persona name -> key of a session logged in (second factor passed)

    def client(self, persona: str, **defaults: Any) -> Client:
        """A new client of ``persona`` ("anonymous" for none): it carries only the persona's
        session cookie, so no cookie set by an earlier request (a language) is sent along."""
        client = Client(**defaults)
        if persona != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]
        return client


def logged_in_session(user) -> str:
    """The key of a new session of ``user`` that has passed the second factor."""
    client = Client()
    client.force_login(user)
    session = client.session
    mark_session_verified(session, user)
    session.save()
    return session.session_key


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """The personas and every app's sample objects, built once for a whole test module.

    They live in a transaction that stays open for the module and is rolled back at its end.
    Every persona is logged in once, here; a request carries the session's cookie.
    A test that uses them also asks for ``db``: its own changes sit in a savepoint inside that
    transaction and are rolled back after the test, so no test sees what another one changed.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_personas()
        objects = matrix_objects(built["personas"], built["school"])
        sessions = {name: logged_in_session(user) for name, user in built["personas"].items()}
        yield MatrixWorld(school=built["school"], personas=built["personas"], objects=objects, sessions=sessions)
        transaction.set_rollback(True)


@pytest.fixture
def world(matrix_world, db):
    """``matrix_world`` for one test, with that test's changes rolled back after it."""
    return matrix_world
