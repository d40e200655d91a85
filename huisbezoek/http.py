"""The request a view of this project receives, as the type checker should see it.

Django types ``request.user`` as "a user or an anonymous user" and knows nothing of what our
middleware adds (``huisbezoek.middleware.CurrentSchoolMiddleware``). These subclasses only
declare those attributes, so views can say what they rely on; no request is ever an instance
of them.

* ``AuthenticatedHttpRequest``: behind ``login_required``. The user is logged in, but may
  work at no school (then ``school`` is None and ``roles`` is empty).
* ``SchoolHttpRequest``: behind ``role_required``. The user holds one of the view's roles at
  the current school, so there is a school. Home-page panels get this one too: a panel is shown
  only for a role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from .access import Actor
    from .models import Membership, School, User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    # The current school: chosen in the session, re-checked against the memberships every request.
    school: School | None
    # Every school the user works at, by name (for the school switch).
    schools: list[School]
    # The user's roles at the current school.
    roles: frozenset[str]
    # Every role at every school (the second-factor rule looks at all of them).
    memberships: list[Membership]
    # user, school and roles together, as the access functions take them.
    actor: Actor


class SchoolHttpRequest(AuthenticatedHttpRequest):
    school: School
