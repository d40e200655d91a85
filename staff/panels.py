"""Menu item and home-page panel of the staff app: the administrator's team."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from huisbezoek.home import NavItem, Panel, register, register_nav
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role

from .selectors import staff_rows


def team_context(request: SchoolHttpRequest) -> dict[str, Any]:
    team = staff_rows(request.actor)
    return {"people": len(team["rows"]), "invited": team["invited_count"], "school_year": team["school_year"]}


register(Panel(frozenset({Role.ADMINISTRATOR}), "staff/panels/team.html", team_context, order=40))
register_nav(NavItem(frozenset({Role.ADMINISTRATOR}), _("Team"), "staff:staff_list", order=59))
