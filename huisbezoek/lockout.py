"""How django-axes recognises "the same account" when counting failed log-ins."""

from typing import Any

from django.http import HttpRequest


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address as typed, trimmed and lower-cased, so changing capitals does not reset the count."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()


def single_sign_on_attempt(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """A log-in through single sign-on (huisbezoek/sso.py) carries a nonce, never a password: the
    provider guards its own passwords, and counting its refusals per address would lock a whole
    school (one address behind its router) out after a few unknown accounts."""
    credentials = credentials or {}
    return "nonce" in credentials and not credentials.get("password") and not credentials.get("username")
