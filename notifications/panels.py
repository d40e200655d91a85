"""Navigation of the notifications app, and the administrator's "messages need attention" panel."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from huisbezoek.home import NavItem, Panel, register, register_nav
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role

from . import selectors


def attention_context(request: SchoolHttpRequest) -> dict[str, Any]:
    return {"attention": selectors.attention_count(school=request.school)}


register(Panel(frozenset({Role.ADMINISTRATOR}), "notifications/panels/attention.html", attention_context, order=25))
register_nav(NavItem(frozenset({Role.ADMINISTRATOR}), _("Berichten"), "notifications:log", order=62))
