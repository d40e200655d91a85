"""The privacy app's place in the navigation and on the administrator's home page."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek.home import NavItem, Panel, register, register_nav
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role

from . import services

ADMINISTRATOR = frozenset({Role.ADMINISTRATOR})


def retention_context(request: SchoolHttpRequest) -> dict[str, Any]:
    """Whether the purge is on, and how many families the next run removes (a fixed number of queries)."""
    school = request.school
    today = timezone.localdate()
    due_now = sum(1 for planned in services.retention_plan(school=school, today=today) if planned.action(today))
    return {"active": services.policy_for(school=school).active_since is not None, "due_now": due_now}


register_nav(NavItem(ADMINISTRATOR, _("Privacy"), "privacy:retention", order=80))
register(Panel(ADMINISTRATOR, "privacy/panels/retention.html", retention_context, order=80))
