"""Ending every session of one user (when they are deactivated at a school).

Django keeps the logged-in user's id under ``_auth_user_id`` in the session data. With the
database engine (the default, and ``cached_db``) every session is a ``Session`` row: the
unexpired ones are read and those of the user are deleted through their engine's store, so a
cached copy goes too. An engine without rows (pure cache or signed cookies) cannot be searched;
there the middleware's check of the memberships on every request is what shuts the door."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

if TYPE_CHECKING:
    from huisbezoek.models import User

ENGINES_WITH_ROWS = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")


def end_sessions_of(user: User) -> int:
    """Delete every unexpired session in which ``user`` is logged in; return how many."""
    if settings.SESSION_ENGINE not in ENGINES_WITH_ROWS:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for row in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(row.get_decoded().get(SESSION_KEY, "")) == str(user.pk):
            store(session_key=row.session_key).delete()
            ended += 1
    return ended
