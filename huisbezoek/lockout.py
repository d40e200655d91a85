"""How django-axes recognises "the same account" when counting failed log-ins."""

from typing import Any

from django.http import HttpRequest


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address as typed, trimmed and lower-cased, so changing capitals does not reset the count."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()
