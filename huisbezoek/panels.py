"""Home-page panels of the core: the school year, who to turn to, and the staff list."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import staff_of_school
from .home import NavItem, Panel, register, register_nav
from .http import SchoolHttpRequest
from .models import Role, SchoolYear

ALL_ROLES = frozenset(Role.values)


def school_year_context(request: SchoolHttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    year = SchoolYear.objects.filter(school=request.school).containing(today).first()
    return {"school_year": year, "today": today}


def contacts_context(request: SchoolHttpRequest) -> dict[str, Any]:
    wanted = [Role.CARE_COORDINATOR, Role.DIRECTIE]
    contacts = [m for m in staff_of_school(request.school, wanted)]
    return {"contacts": contacts}


def staff_context(request: SchoolHttpRequest) -> dict[str, Any]:
    by_user: dict[int, dict[str, Any]] = {}
    for membership in staff_of_school(request.school):
        entry = by_user.setdefault(membership.user_id, {"user": membership.user, "roles": []})
        entry["roles"].append(membership.get_role_display())
    return {"staff": list(by_user.values())}


register(Panel(ALL_ROLES, "huisbezoek/panels/school_year.html", school_year_context, order=10))
register(
    Panel(frozenset({Role.TEACHER, Role.INTERPRETER}), "huisbezoek/panels/contacts.html", contacts_context, order=80)
)
register(Panel(frozenset({Role.ADMINISTRATOR, Role.DIRECTIE}), "huisbezoek/panels/staff.html", staff_context, order=90))

register_nav(NavItem(ALL_ROLES, _("Start"), "home", order=0))
register_nav(NavItem(frozenset({Role.ADMINISTRATOR, Role.CARE_COORDINATOR}), _("Audittrail"), "audit_trail", order=95))
register_nav(NavItem(frozenset({Role.ADMINISTRATOR, Role.DIRECTIE}), _("Beveiliging"), "security_settings", order=96))
