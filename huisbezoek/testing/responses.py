"""Test support: what a user sees after a request that redirects."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages


def messages_of(response: Any) -> list[str]:
    """The messages the next page shows (success, error, ...) as text: those this request added,
    after any an earlier request left unshown."""
    return [str(message) for message in get_messages(response.wsgi_request)]
