"""Request middleware of the core: current school, session timeouts, second factor, audit context,
no caching of personal pages."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache
from typing import cast
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from . import audit
from .access import SESSION_SCHOOL_KEY, Actor, memberships_of
from .http import AuthenticatedHttpRequest
from .models import User
from .otp import has_app_device, is_verified, second_factor_required

SESSION_STARTED_KEY = "session_started_at"
SESSION_LAST_SEEN_KEY = "session_last_seen_at"
# Writing the session on every request would cost a query each time; a minute is precise enough.
LAST_SEEN_RESOLUTION = 60


class CurrentSchoolMiddleware:
    """Set ``request.school``, ``request.schools``, ``request.roles`` and ``request.actor`` (the
    three together) for a logged-in user; see ``huisbezoek.http`` for their types.

    The current school is kept in the session and re-checked against the user's
    memberships on every request, so a revoked role takes effect at once.
    ``request.memberships`` holds every role at every school (for the second-factor rule).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        set_current_school(request)
        return self.get_response(request)


def set_current_school(http_request: HttpRequest) -> None:
    # The attributes this sets are the ones AuthenticatedHttpRequest declares.
    request = cast(AuthenticatedHttpRequest, http_request)
    request.school = None
    request.schools = []
    request.roles = frozenset()
    request.memberships = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        memberships = list(memberships_of(user))
        request.memberships = memberships
        schools = {m.school_id: m.school for m in memberships}
        wanted = request.session.get(SESSION_SCHOOL_KEY)
        if wanted not in schools:
            wanted = min(schools, key=lambda pk: schools[pk].name) if schools else None
        request.schools = sorted(schools.values(), key=lambda s: s.name)
        if wanted is not None:
            request.school = schools[wanted]
            request.roles = frozenset(m.role for m in memberships if m.school_id == wanted)
    # An anonymous visitor gets an actor too (no school, no roles): every access function
    # then answers "nothing", and no view has to ask first whether someone is logged in.
    request.actor = Actor(user=cast(User, user), school=request.school, roles=request.roles)


class SessionTimeoutMiddleware:
    """End a session after ``SESSION_IDLE_TIMEOUT`` seconds without a request, and after
    ``SESSION_ABSOLUTE_TIMEOUT`` seconds in all, whatever the activity (0 switches either off).

    The user is logged out and the request goes on as anonymous, so a page that needs a
    log-in sends them to the log-in page (and a report they were sending is kept, see
    ``kept_posts``). A deactivated user or a changed password ends the session through
    Django itself: the user no longer authenticates, or the session's password hash no
    longer matches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        now = int(time.time())
        session = request.session
        started = session.get(SESSION_STARTED_KEY)
        last_seen = session.get(SESSION_LAST_SEEN_KEY)
        idle, absolute = settings.SESSION_IDLE_TIMEOUT, settings.SESSION_ABSOLUTE_TIMEOUT
        expired = None
        if absolute and started is not None and now - started > absolute:
            expired = _("U bent automatisch uitgelogd omdat u al lang bent ingelogd. Log opnieuw in.")
        elif idle and last_seen is not None and now - last_seen > idle:
            expired = _("U bent automatisch uitgelogd na een tijd zonder activiteit. Log opnieuw in.")
        if expired:
            logout(request)
            set_current_school(request)
            messages.info(request, expired)
            return
        if started is None:
            session[SESSION_STARTED_KEY] = now
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
            session[SESSION_LAST_SEEN_KEY] = now


def stamp_session_start(sender: object, request: HttpRequest | None, user: object, **kwargs: object) -> None:
    """On log-in: the absolute timeout counts from now, whatever the session held before, and
    the session gets its normal lifetime (a form kept before the log-in shortened it)."""
    if request is not None and hasattr(request, "session"):
        request.session.set_expiry(None)
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_LAST_SEEN_KEY] = now


@cache
def _exempt_prefixes() -> tuple[str, ...]:
    """Paths an unverified user may still open: log-out, the second-factor pages, static
    files, health, language choice, and the public pages for parents."""
    return (
        settings.STATIC_URL,
        reverse("logout"),
        reverse("health"),
        reverse("set_language"),
        reverse("otp_verify"),
        reverse("otp_enrol"),
        *settings.SECOND_FACTOR_EXEMPT_PATHS,
    )


class SecondFactorMiddleware:
    """Send a user whose role requires the second factor, and who has not passed it in this
    session, to the verification page (or to enrolment when they have no app yet)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, http_request: HttpRequest) -> HttpResponse:
        request = cast(AuthenticatedHttpRequest, http_request)
        user = request.user
        if (
            user.is_authenticated
            and not request.path_info.startswith(_exempt_prefixes())
            and second_factor_required(user, request.memberships, request.session)
            and not is_verified(user)
        ):
            target = reverse("otp_verify" if has_app_device(user) else "otp_enrol")
            wanted = request.get_full_path() if request.method == "GET" else reverse("home")
            return HttpResponseRedirect(f"{target}?next={quote(wanted)}")
        return self.get_response(request)


class AuditContextMiddleware:
    """Let the audit trail see which address the request being served comes from."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit.request_context(request):
            return self.get_response(request)


class NoStoreMiddleware:
    """Keep personal data out of browser and proxy caches: ``Cache-Control: no-store`` on every
    answer to a logged-in user (before or after this request: a log-in or log-out answer too)
    and on every download, unless the view deliberately made the answer public (the protocol's
    public pages and files) or already said ``no-store`` itself.

    Anonymous pages other than downloads keep what their view chose; static files are served by
    WhiteNoise before this middleware runs and keep their long caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        was_logged_in = request.user.is_authenticated
        response = self.get_response(request)
        personal = (
            was_logged_in
            or request.user.is_authenticated
            or response.get("Content-Disposition", "").lower().lstrip().startswith("attachment")
        )
        if personal and not chosen_by_view(response):
            add_never_cache_headers(response)
        return response


def chosen_by_view(response: HttpResponse) -> bool:
    """Whether the view already set a public cache policy or ``no-store`` itself."""
    directives = {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")}
    return "public" in directives or "no-store" in directives
