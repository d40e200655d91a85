"""A form sent after the session expired is kept, not lost, but only where it is worth keeping.

``keep_post_through_login(exists)`` wraps a view that opts in (the visit report): when an
anonymous user POSTs to it (the session ran out while they typed), the form data is stored
encrypted in the new anonymous session and the user is sent to log in. Django keeps session
data across the log-in, so when they come back to the page, ``restore_kept_post`` hands the
view their text to show again. What an anonymous request can leave on the server is bounded:

* only when the object the form belongs to exists (``exists`` gets the view's URL arguments);
  the answer is the same either way, so it reveals nothing about which objects exist;
* at most ``MAX_BYTES`` of form data; above it nothing is kept and the message says so;
* one kept form per session: a new one replaces the old;
* for ``KEEP_FOR`` seconds: an older one is not restored, and the anonymous session itself
  expires then (a log-in gives the session its normal lifetime back, see
  ``middleware.stamp_session_start``).

A form whose security token is refused (the CSRF cookie or the session is gone, a phone slept
for hours) is kept the same way: the project's CSRF failure view calls ``keep_post_after_csrf_failure``,
which keeps the POST of a view that opts in and sends the person to log in (or, still logged in,
back to the form). Nothing is submitted until they press the button again.

The view restores the text only after it has checked that the logged-in user may write this
form (the visit's visitors, for a report); whatever it did not restore for its page is dropped
when it answers, a refusal included, so another person logging in in the same browser never
gets it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from .crypto import decrypt, encrypt

KEY = "kept_post"
NOT_KEPT = {"csrfmiddlewaretoken"}
# A long report is a few thousand characters; a request larger than this is not a report.
MAX_BYTES = 64 * 1024
KEEP_FOR = 2 * 3600

View = Callable[..., HttpResponse]


def keep_post_through_login(exists: Callable[..., bool]) -> Callable[[View], View]:
    """Keep an anonymous POST to the wrapped view for after the log-in. ``exists`` is called with
    the view's URL arguments and says whether the object the form belongs to exists."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and not request.user.is_authenticated:
                keep_post(request, lambda: exists(*args, **kwargs))
                return redirect_to_login(request.get_full_path())
            try:
                return view(request, *args, **kwargs)
            finally:
                # What the view did not restore (it refused this user, or answered a POST) is dropped.
                if request.user.is_authenticated:
                    _take(request)

        wrapped.kept_post_exists = exists  # type: ignore[attr-defined]  # read by keep_post_after_csrf_failure
        return wrapped

    return decorator


def keep_post(request: HttpRequest, exists: Callable[[], bool]) -> None:
    """Store the POST of this anonymous request for its page, within the limits above."""
    session = request.session
    session.pop(KEY, None)  # one kept form per session
    if not request.user.is_authenticated:
        # The anonymous session lives no longer than what it keeps; it is written whether or not
        # the object exists, so both answers carry the same cookies.
        session.set_expiry(KEEP_FOR)
    data = {k: v for k, v in request.POST.lists() if k not in NOT_KEPT}
    serialized = json.dumps(data)
    if _content_length(request) > MAX_BYTES or len(serialized.encode()) > MAX_BYTES:
        messages.warning(
            request,
            _(
                "Uw sessie was verlopen. Uw tekst was te lang om te bewaren: log opnieuw in en "
                "vul het formulier opnieuw in."
            ),
        )
        return
    if exists():
        session[KEY] = {"path": request.path, "at": int(time.time()), "data": encrypt(serialized)}
    if request.user.is_authenticated:
        messages.info(request, _("Uw formulier was verlopen en is niet verstuurd. Uw tekst is bewaard."))
    else:
        messages.info(request, _("Uw sessie was verlopen. Log opnieuw in; uw tekst is bewaard."))


def keep_post_after_csrf_failure(request: HttpRequest) -> HttpResponse | None:
    """For a POST refused for its security token to a view that keeps its forms: keep the form and
    send the person to log in, or, when still logged in, back to the form (a GET, which shows the
    text again to whoever may write it). ``None`` for every other request: the caller refuses it."""
    if request.method != "POST":
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    exists = getattr(match.func, "kept_post_exists", None)
    if exists is None:
        return None
    keep_post(request, lambda: exists(*match.args, **match.kwargs))
    if request.user.is_authenticated:
        return HttpResponseRedirect(request.path)
    return redirect_to_login(request.path)


def restore_kept_post(request: HttpRequest) -> QueryDict | None:
    """The form data kept for this page, once (it is removed from the session), or None when
    there is none or it is older than ``KEEP_FOR``. Call it only after checking that the
    logged-in user may write this form."""
    kept = _take(request)
    if kept is None or time.time() - kept.get("at", 0) > KEEP_FOR:
        return None
    data = QueryDict(mutable=True)
    for key, values in json.loads(decrypt(kept["data"])).items():
        data.setlist(key, values)
    return data


def _take(request: HttpRequest) -> dict[str, Any] | None:
    """Remove and return the kept form if it belongs to this page; a form kept for another page
    stays for that page."""
    kept = request.session.get(KEY)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return None
    del request.session[KEY]
    return kept


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
