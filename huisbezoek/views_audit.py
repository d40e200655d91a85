"""The audit trail page (read-only) and the school's second-factor setting."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from . import audit
from .access import role_required, staff_of_school
from .http import SchoolHttpRequest
from .models import AuditEvent, Role, School, User
from .services import school_second_factor_set
from .views_helpers import paginate, run_service

PAGE_SIZE = 50


class AuditFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Gebruiker"), queryset=User.objects.none(), empty_label=gettext_lazy("Iedereen")
    )
    object_type = django_filters.ChoiceFilter(
        label=gettext_lazy("Soort gegeven"), choices=audit.object_types.choices, empty_label=gettext_lazy("Alle")
    )
    action = django_filters.ChoiceFilter(
        label=gettext_lazy("Handeling"), choices=AuditEvent.Action.choices, empty_label=gettext_lazy("Alle")
    )
    allowed = django_filters.ChoiceFilter(
        label=gettext_lazy("Toegang"),
        choices=[("true", gettext_lazy("Toegestaan")), ("false", gettext_lazy("Geweigerd"))],
        method="filter_allowed",
        empty_label=gettext_lazy("Alle"),
    )
    since = django_filters.DateFilter(
        label=gettext_lazy("Vanaf"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=gettext_lazy("Tot en met"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    object_id = django_filters.NumberFilter(label=gettext_lazy("Nummer"), min_value=1)

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def __init__(self, *args: object, school: School, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.filters["user"].queryset = User.objects.filter(pk__in=staff_of_school(school).values("user_id")).order_by(
            "last_name", "first_name"
        )
        for field in self.form.fields.values():
            kind = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = kind

    def filter_allowed(self, queryset: QuerySet[AuditEvent], name: str, value: str) -> QuerySet[AuditEvent]:
        return queryset.filter(allowed=value == "true") if value in ("true", "false") else queryset


@role_required(Role.ADMINISTRATOR, Role.CARE_COORDINATOR)
@require_GET
def audit_trail(request: SchoolHttpRequest) -> HttpResponse:
    """Who read or changed which report, family card, care case or consult, and who was refused.

    Read-only: there is no page or action to change or delete a row."""
    events = audit.events_visible_to(request.actor)
    trail = AuditFilter(request.GET or None, queryset=events, school=request.school)
    page, query = paginate(request, trail.qs, PAGE_SIZE)
    return render(
        request,
        "huisbezoek/audit_trail.html",
        {"filter": trail, "page": page, "query": query},
    )


class SecuritySettingsForm(forms.Form):
    teachers_need_second_factor = forms.BooleanField(
        label=gettext_lazy("Tweestapsverificatie verplicht voor leerkrachten en mentoren"),
        required=False,
        help_text=gettext_lazy(
            "Directie, zorgcoördinator en beheerder gebruiken altijd een code uit een app bij het inloggen. "
            "Leerkrachten lezen ook verslagen: daarom staat dit standaard aan. Zij stellen de app in bij hun "
            "volgende klik."
        ),
    )
    risk_accepted = forms.BooleanField(
        label=gettext_lazy("Ik begrijp dat leerkrachten dan verslagen lezen met alleen een wachtwoord"),
        required=False,
        help_text=gettext_lazy("Nodig om de tweestapsverificatie voor leerkrachten uit te zetten."),
    )


@role_required(Role.DIRECTIE, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def security_settings(request: SchoolHttpRequest) -> HttpResponse:
    """The school decides whether teachers must use the second factor too (on by default; off only
    with the confirmation that teachers then read reports with a password alone)."""
    school: School = request.school
    form = SecuritySettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"teachers_need_second_factor": school.teachers_need_second_factor},
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: school_second_factor_set(
                school=school,
                by=request.user,
                teachers=form.cleaned_data["teachers_need_second_factor"],
                risk_accepted=form.cleaned_data["risk_accepted"],
            ),
            form=form,
            success=_("De instelling is opgeslagen."),
        )
        if done:
            return redirect("security_settings")
    context = {
        "form": form,
        "school": school,
        "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
        "absolute_hours": round(settings.SESSION_ABSOLUTE_TIMEOUT / 3600, 1),
        "can_read_trail": bool(request.roles & audit.TRAIL_READERS),
    }
    return render(request, "huisbezoek/security_settings.html", context)
