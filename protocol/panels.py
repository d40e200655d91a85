"""Navigation and home-page panels of the protocol app."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from huisbezoek.home import NavItem, Panel, register, register_nav
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role

from .access import EDITORS


def working_document_context(request: SchoolHttpRequest) -> dict[str, Any]:
    return {}


register_nav(NavItem(frozenset(EDITORS), _("Protocol"), "protocol:manage", order=60))
register_nav(NavItem(frozenset(Role), _("Werkdocument"), "protocol:working_document", order=65))
register(
    Panel(
        frozenset({Role.TEACHER, Role.CARE_COORDINATOR}),
        "protocol/panels/working_document.html",
        working_document_context,
        order=40,
    )
)
