"""The privacy app's place in the navigation: the administrator's 'Privacy' menu."""

from django.utils.translation import gettext_lazy as _

from huisbezoek.home import NavItem, register_nav
from huisbezoek.models import Role

register_nav(NavItem(roles=frozenset({Role.ADMINISTRATOR}), label=_("Privacy"), url_name="privacy:retention", order=80))
