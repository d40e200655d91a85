from django.http import HttpRequest

from .home import nav_for
from .models import Role


def current_school(request: HttpRequest) -> dict[str, object]:
    roles = getattr(request, "roles", frozenset())
    return {
        "current_school": getattr(request, "school", None),
        "user_schools": getattr(request, "schools", []),
        "user_roles": roles,
        "Role": Role,
        "role_labels": [label for value, label in Role.choices if value in roles],
        "nav_items": nav_for(request),
    }
