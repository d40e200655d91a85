"""A form sent after the session expired is kept, not lost.

``keep_post_through_login`` wraps a view: when an anonymous user POSTs to it (the session ran
out while they typed), the form data is stored encrypted in the new anonymous session and
the user is sent to log in. Django keeps session data across the log-in, so when they come
back to the page, ``restore_kept_post`` hands the view their text to show again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _

from .crypto import decrypt, encrypt

KEY = "kept_post:"
NOT_KEPT = {"csrfmiddlewaretoken"}


def keep_post_through_login(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and not request.user.is_authenticated:
            data = {k: v for k, v in request.POST.lists() if k not in NOT_KEPT}
            request.session[KEY + request.path] = encrypt(json.dumps(data))
            messages.info(request, _("Uw sessie was verlopen. Log opnieuw in; uw tekst is bewaard."))
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def restore_kept_post(request: HttpRequest) -> QueryDict | None:
    """The form data kept for this page, once (it is removed from the session)."""
    stored = request.session.pop(KEY + request.path, None)
    if not stored:
        return None
    data = QueryDict(mutable=True)
    for key, values in json.loads(decrypt(stored)).items():
        data.setlist(key, values)
    return data
