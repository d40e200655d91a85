from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .access import SESSION_SCHOOL_KEY, memberships_of


class CurrentSchoolMiddleware:
    """Set ``request.school``, ``request.schools`` and ``request.roles`` for a logged-in user.

    The current school is kept in the session and re-checked against the user's
    memberships on every request, so a revoked role takes effect at once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.school = None  # type: ignore[attr-defined]
        request.schools = []  # type: ignore[attr-defined]
        request.roles = frozenset()  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            memberships = list(memberships_of(user))
            schools = {m.school_id: m.school for m in memberships}
            wanted = request.session.get(SESSION_SCHOOL_KEY)
            if wanted not in schools:
                wanted = min(schools, key=lambda pk: schools[pk].name) if schools else None
            request.schools = sorted(schools.values(), key=lambda s: s.name)  # type: ignore[attr-defined]
            if wanted is not None:
                request.school = schools[wanted]  # type: ignore[attr-defined]
                request.roles = frozenset(m.role for m in memberships if m.school_id == wanted)  # type: ignore[attr-defined]
        return self.get_response(request)
