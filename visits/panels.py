"""Home-page panels of the visits app: my groups, and the school's families at a glance."""

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek import languages
from huisbezoek.home import NavItem, Panel, register, register_nav
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role

from . import selectors
from .access import families_visible_to, groups_visible_to, pupils_visible_to
from .models import FamilyLanguage, Interpreter, Visit
from .reminders import rules as reminders


def my_groups_context(request: SchoolHttpRequest) -> dict[str, Any]:
    groups = (
        groups_visible_to(request.actor.restricted_to(Role.TEACHER))
        .annotate(
            pupil_count=Count("pupils", distinct=True),
            interpreter_count=Count("pupils", filter=Q(pupils__family__interpreter_needed=True), distinct=True),
        )
        .order_by("grade", "name")
    )
    return {"groups": list(groups)}


def my_visits_context(request: SchoolHttpRequest) -> dict[str, Any]:
    """What the teacher has coming up, and how many of their pupils still need a first step."""
    school = request.school
    year = selectors.current_school_year(school=school)
    programme = selectors.programme_for(school=school, school_year=year) if year else None
    if programme is None:
        return {"programme": None}
    mine = pupils_visible_to(request.actor.restricted_to(Role.TEACHER))
    pupils = selectors.with_visit_status(selectors.in_cohort(mine, programme), programme.school_year)
    counts = pupils.order_by().aggregate(
        total=Count("pk"),
        not_contacted=Count("pk", filter=Q(contacted=False, visit_status=Visit.Status.TO_PLAN)),
        to_plan=Count("pk", filter=Q(visit_status__in=[Visit.Status.TO_PLAN, Visit.Status.CONTACTED])),
        report_due=Count("pk", filter=Q(visit_status=Visit.Status.VISITED)),
    )
    now = timezone.now()
    scheduled = Visit.objects.filter(
        Q(lead_visitor=request.user) | Q(colleague=request.user), school=school, status=Visit.Status.SCHEDULED
    ).select_related("family")
    upcoming = scheduled.filter(starts_at__gte=now).order_by("starts_at")[:5]
    # Visits whose time has passed but that still say "planned": the visitor should update them.
    past_planned = scheduled.filter(starts_at__lt=now).order_by("starts_at")[:5]
    return {"programme": programme, "counts": counts, "upcoming": list(upcoming), "past_planned": list(past_planned)}


def families_to_call_context(request: SchoolHttpRequest) -> dict[str, Any]:
    """Upcoming visits whose family gets no confirmation or reminder: the teacher calls them."""
    return {"visits": reminders.families_to_call(user=request.user, school=request.school)}


def school_overview_context(request: SchoolHttpRequest) -> dict[str, Any]:
    families = families_visible_to(request.actor)
    totals = families.aggregate(
        families=Count("id", distinct=True),
        pupils=Count("pupils", distinct=True),
        need_interpreter=Count("id", filter=Q(interpreter_needed=True), distinct=True),
    )
    main_languages = (
        FamilyLanguage.objects.filter(family__in=families, is_main=True)
        .exclude(language="nl")
        .values("language")
        .annotate(n=Count("id"))
        .order_by("-n", "language")
    )
    rows = [{"name": languages.BY_CODE[r["language"]].name, "count": r["n"]} for r in main_languages]
    return {"totals": totals, "languages": rows}


def interpreter_context(request: SchoolHttpRequest) -> dict[str, Any]:
    profile = Interpreter.objects.filter(school=request.school, user=request.user).first()
    return {"profile": profile}


register(Panel(frozenset({Role.TEACHER}), "visits/panels/my_visits.html", my_visits_context, order=15))
register(Panel(frozenset({Role.TEACHER}), "visits/panels/my_groups.html", my_groups_context, order=20))
register(Panel(frozenset({Role.TEACHER}), "visits/panels/families_to_call.html", families_to_call_context, order=16))
register(
    Panel(
        frozenset({Role.DIRECTIE, Role.ADMINISTRATOR, Role.CARE_COORDINATOR}),
        "visits/panels/school_overview.html",
        school_overview_context,
        order=30,
    )
)
register(Panel(frozenset({Role.INTERPRETER}), "visits/panels/interpreter.html", interpreter_context, order=20))

LIST_ROLES = frozenset({Role.TEACHER, Role.DIRECTIE, Role.CARE_COORDINATOR, Role.ADMINISTRATOR})
register_nav(NavItem(LIST_ROLES, _("Leerlingen"), "visits:pupil_list", order=10))
register_nav(NavItem(frozenset({Role.TEACHER}), _("Mijn avond"), "visits:evening_mine", order=11))
register_nav(NavItem(frozenset({Role.DIRECTIE}), _("Jaarplan"), "visits:programme_edit", order=40))
register_nav(
    NavItem(frozenset({Role.DIRECTIE, Role.ADMINISTRATOR}), _("Schoolkalender"), "visits:school_calendar", order=41)
)
register_nav(NavItem(frozenset({Role.TEACHER, Role.INTERPRETER}), _("Agenda"), "visits:calendar_settings", order=50))
# When one can visit: teachers and interpreters their own; the administrator for interpreters without an account.
register_nav(
    NavItem(
        frozenset({Role.TEACHER, Role.INTERPRETER, Role.ADMINISTRATOR}),
        _("Beschikbaar"),
        "visits:availability",
        order=51,
    )
)

# The administrator's pages: import from the pupil administration, link teachers to groups.
register_nav(NavItem(frozenset({Role.ADMINISTRATOR}), _("Import"), "visits:import_upload", order=60))
register_nav(NavItem(frozenset({Role.ADMINISTRATOR}), _("Groepen"), "visits:group_list", order=61))
register_nav(NavItem(frozenset({Role.ADMINISTRATOR}), _("Nieuw schooljaar"), "visits:year_start", order=62))
register_nav(
    NavItem(frozenset({Role.TEACHER, Role.ADMINISTRATOR}), _("Leerlingdossiers"), "visits:reports_to_copy", order=63)
)

# The care coordinator's queue of flagged reports and consults (meldcode cases).
register_nav(NavItem(frozenset({Role.CARE_COORDINATOR}), _("Zorg"), "visits:care_queue", order=30))
register_nav(
    NavItem(frozenset({Role.DIRECTIE, Role.ADMINISTRATOR}), _("Herinneringen"), "visits:reminder_settings", order=63)
)
