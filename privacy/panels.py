"""The privacy app's place in the navigation and on the administrator's home page."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek.home import NavItem, Panel, register, register_nav
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role

from . import selectors

ADMINISTRATOR = frozenset({Role.ADMINISTRATOR})


def retention_context(request: SchoolHttpRequest) -> dict[str, Any]:
    """Whether the purge is on, and how many families the next run removes (a fixed number of queries)."""
    return selectors.retention_due_now(school=request.school, today=timezone.localdate())


register_nav(NavItem(ADMINISTRATOR, _("Privacy"), "privacy:retention", order=80))
register(Panel(ADMINISTRATOR, "privacy/panels/retention.html", retention_context, order=80))
