"""Navigation of the dashboard app: the directie's dashboard."""

from django.utils.translation import gettext_lazy as _

from huisbezoek.home import NavItem, register_nav
from huisbezoek.models import Role

register_nav(NavItem(frozenset({Role.DIRECTIE}), _("Dashboard"), "dashboard:dashboard", order=35))
