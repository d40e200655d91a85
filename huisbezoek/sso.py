"""Single sign-on with the school's own accounts (OpenID Connect: Microsoft Entra ID, Google Workspace).

Built on mozilla-django-oidc. An installation switches it on by setting the ``OIDC_*`` variables
(see settings.py and the README); without them the log-in page has no extra button and the two
URLs below answer 404.

What it may do, and what not:

* it only logs in staff who already have an account: the provider's e-mail address is matched
  (case-insensitively) to an active user; it never creates an account, and an unknown address
  goes back to the log-in page with a message;
* an address the provider says is not verified (``email_verified`` false) is refused;
* it replaces the password only: whoever needs the second factor (``otp.second_factor_required``)
  is sent to the code (or to set-up) by ``SecondFactorMiddleware`` exactly as after a password.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

# The settings an installation must give for single sign-on to be on (all of them, or none).
REQUIRED_SETTINGS = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)

# Why the last attempt was refused, kept on the request for the callback's message.
REFUSAL_ATTRIBUTE = "sso_refusal"
UNKNOWN, INACTIVE, UNVERIFIED = "unknown", "inactive", "unverified"


def enabled() -> bool:
    """Whether this installation offers single sign-on (every required setting is given)."""
    return all(getattr(settings, name, "") for name in REQUIRED_SETTINGS)


def provider_name() -> str:
    """The name on the log-in button ("Inloggen met Microsoft")."""
    return getattr(settings, "OIDC_PROVIDER_NAME", "") or _("uw schoolaccount")


def _refusal_message(reason: str | None) -> str:
    if reason == UNKNOWN:
        return _("Dit account is niet bekend bij Huisbezoek; vraag de beheerder van je school om een uitnodiging.")
    if reason == INACTIVE:
        return _("Dit account is uitgeschakeld. Neem contact op met de beheerder van uw school.")
    if reason == UNVERIFIED:
        return _("Uw e-mailadres is bij %(provider)s niet bevestigd. Inloggen met dit account kan daarom niet.") % {
            "provider": provider_name()
        }
    return _("Inloggen met %(provider)s is niet gelukt. Probeer het opnieuw of log in met uw wachtwoord.") % {
        "provider": provider_name()
    }


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Log in an existing, active member of staff whose verified e-mail address the provider
    confirms. Never creates an account. Does nothing while single sign-on is off, and nothing
    for a password log-in (it only answers the callback's call)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()
        if enabled():
            super().__init__(*args, **kwargs)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:  # type: ignore[override]
        # Only the callback calls with exactly these: a password log-in (username, password)
        # with ``?code=&state=`` in its address must not start a token exchange.
        if not enabled() or request is None or set(kwargs) - {"nonce", "code_verifier"}:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        """The library checks signature, expiry and nonce; the token must also be meant for us."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The id_token was issued for another client.")
        return payload

    def _refuse(self, reason: str) -> None:
        setattr(self.request, REFUSAL_ATTRIBUTE, reason)

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The one active user with the provider's e-mail address, or None (with the reason)."""
        claims = self.get_userinfo(access_token, id_token, payload)
        email = (claims.get("email") or "").strip()
        if not email:
            self._refuse(UNKNOWN)
            return None
        if _is_false(claims.get("email_verified")) or _is_false(payload.get("email_verified")):
            self._refuse(UNVERIFIED)
            logger.info("single sign-on refused: e-mail address not verified by the provider")
            return None
        users = list(self.UserModel.objects.filter(email__iexact=email)[:2])
        if len(users) != 1:
            self._refuse(UNKNOWN)
            logger.info("single sign-on refused: no account for this e-mail address")
            return None
        user = users[0]
        if not user.is_active:
            self._refuse(INACTIVE)
            logger.info("single sign-on refused: user %s is inactive", user.pk)
            return None
        return user

    def create_user(self, claims: dict[str, Any]) -> Any:
        """Accounts are made by the school (an invitation), never by a log-in."""
        raise SuspiciousOperation("Single sign-on does not create accounts.")

    def get_user(self, user_id: Any) -> Any:
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


class StartView(OIDCAuthenticationRequestView):
    """``/oidc/authenticate/``: off (404) without configuration, else to the provider."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if enabled():
            super().__init__(*args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """``/oidc/callback/``: the provider sends the browser back here. Success goes on like a password
    log-in (the middleware asks for the second factor where needed); every failure goes back to the
    log-in page with a message, a tampered or replayed ``state`` included."""

    @property
    def failure_url(self) -> str:
        return reverse("login")

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, REFUSAL_ATTRIBUTE, None)
        messages.error(self.request, _refusal_message(reason))
        return HttpResponseRedirect(self.failure_url)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            logging.getLogger("django.security.oidc").warning("single sign-on callback refused: %s", error)
            return self.login_failure()
