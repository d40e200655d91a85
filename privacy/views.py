"""The administrator's privacy pages: retention (dry run, purge log), a family's export, corrections.

Views parse and render; ``privacy.services`` decides and records.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek import audit
from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role
from huisbezoek.views_helpers import run_service
from notifications.selectors import notifications_for_family
from visits import personal_data

from . import access, services
from .forms import CorrectionForm, DecisionForm, ExportForm, RetentionPolicyForm
from .models import AccessExport, CorrectionRequest, PurgeRun
from .pdf import render_export_pdf

RUNS_SHOWN = 20
FAMILIES_PER_PAGE = 50


def _action_label(action: str) -> str:
    labels = {
        "delete": _("Alles verwijderen"),
        "anonymise": _("Anonimiseren; afgesloten zorgmeldingen blijven tot hun eigen termijn"),
        "delete_care": _("Afgesloten zorgmeldingen verwijderen"),
    }
    return labels.get(action, "")


def _retention_page(request: SchoolHttpRequest, form: RetentionPolicyForm | None = None) -> HttpResponse:
    school = request.school
    policy = services.policy_for(school=school)
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=services.SOON_DAYS)
    now_rows, soon_rows, held_rows = [], [], []
    for planned in services.retention_plan(school=school, today=today):
        action = planned.action(today)
        row = {"planned": planned, "action": _action_label(action), "pupils": list(planned.family.pupils.all())}
        if action:
            now_rows.append(row)
        elif planned.open_care_cases and planned.family_due <= today:
            held_rows.append(row)
        elif planned.due <= horizon:
            row["action"] = _action_label(planned.action(planned.due))
            soon_rows.append(row)
    runs = PurgeRun.objects.filter(school=school).select_related("by")[:RUNS_SHOWN]
    return render(
        request,
        "privacy/retention.html",
        {
            "policy": policy,
            "form": form or RetentionPolicyForm(instance=policy),
            "now_rows": now_rows,
            "soon_rows": soon_rows,
            "held_rows": held_rows,
            "soon_days": services.SOON_DAYS,
            "runs": runs,
            "consults_due": personal_data.consults_without_visit_count(
                school=school, asked_before=services.consults_cutoff(policy, today)
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def retention(request: SchoolHttpRequest) -> HttpResponse:
    """GET: the periods, what the purge would remove now and soon, and the purge log. POST: change the periods."""
    if request.method == "GET":
        return _retention_page(request)
    school = request.school
    form = RetentionPolicyForm(request.POST, instance=services.policy_for(school=school))
    if not form.is_valid():
        return _retention_page(request, form)
    if not run_service(
        request,
        lambda: services.policy_update(
            school=school,
            family_years=form.cleaned_data["family_years"],
            care_years=form.cleaned_data["care_years"],
            by=request.user,
        ),
        form=form,
        success=_("De bewaartermijnen zijn opgeslagen."),
    ):
        return _retention_page(request, form)
    return redirect("privacy:retention")


@require_POST
@role_required(Role.ADMINISTRATOR)
def retention_activate(request: SchoolHttpRequest) -> HttpResponse:
    """Switch the nightly purge on (after reading the dry run) or off."""
    active = request.POST.get("active") == "on"
    services.policy_activate(school=request.school, by=request.user, active=active)
    if active:
        messages.success(request, _("Automatisch opschonen staat aan: elke nacht gaat weg wat verlopen is."))
    else:
        messages.success(request, _("Automatisch opschonen staat uit: elke nacht wordt alleen geteld (proefronde)."))
    return redirect("privacy:retention")


@require_GET
@role_required(Role.ADMINISTRATOR)
def family_list(request: SchoolHttpRequest) -> HttpResponse:
    """The school's families, searchable by family or pupil name, to open one for an export."""
    school = request.school
    query = request.GET.get("q", "").strip()[:100]
    families = personal_data.families_of_school(school=school).order_by("name", "pk")
    if query:
        families = families.filter(
            Q(name__icontains=query) | Q(pupils__first_name__icontains=query) | Q(pupils__last_name__icontains=query)
        ).distinct()
    page = Paginator(families, FAMILIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "privacy/family_list.html", {"page": page, "query": query})


def _family_page(
    request: SchoolHttpRequest,
    family: Any,
    *,
    export_form: ExportForm | None = None,
    correction_form: CorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    entries = list(personal_data.third_party_entries(family=family))
    # The review shows the family card and the third-party steps of its care cases: both are reads.
    audit.record_reads(
        user=request.user, school=request.school, object_type=audit.ObjectType.FAMILY, object_ids=[family.pk]
    )
    audit.record_reads(
        user=request.user,
        school=request.school,
        object_type=audit.ObjectType.CARE_CASE,
        object_ids=sorted({e.case_id for e in entries}),
    )
    corrections = list(
        access.corrections_visible_to(request.actor).filter(family=family).select_related("recorded_by", "decided_by")
    )
    exports = AccessExport.objects.filter(family=family).select_related("made_by")[:10]
    return render(
        request,
        "privacy/family_access.html",
        {
            "family": family,
            "pupils": list(family.pupils.all()),
            "entries": entries,
            "export_form": export_form or ExportForm(_entry_choices(entries)),
            "correction_form": correction_form or CorrectionForm(),
            "corrections": [(c, DecisionForm(auto_id=f"id_c{c.pk}_%s")) for c in corrections],
            "exports": exports,
        },
        status=status,
    )


def _entry_choices(entries: list[Any]) -> list[tuple[int, str]]:
    return [
        (e.pk, _("Stap %(step)s van %(date)s") % {"step": e.step, "date": e.happened_on.strftime("%d-%m-%Y")})
        for e in entries
    ]


@require_GET
@role_required(Role.ADMINISTRATOR)
def family_access(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """The review step before an export, and the family's correction requests."""
    family = access.get_family_for(request.actor, pk)
    return _family_page(request, family)


def _export_filename(family_pk: int, extension: str) -> str:
    return f"inzage-gezin-{family_pk}-{timezone.localdate():%Y%m%d}.{extension}"


def _audit(request: SchoolHttpRequest, family: Any) -> None:
    """The export goes into the audit trail: who exported which family's data, when (no content)."""
    audit.record(
        user=request.user,
        school=request.school,
        object_type=audit.ObjectType.FAMILY,
        object_id=family.pk,
        action=audit.Action.EXPORT,
        allowed=True,
    )


@require_POST
@role_required(Role.ADMINISTRATOR)
def family_export(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """After the review: the complete export as a download (made in memory, never stored)."""
    school = request.school
    family = access.get_family_for(request.actor, pk)
    entries = list(personal_data.third_party_entries(family=family))
    form = ExportForm(_entry_choices(entries), request.POST)
    if not form.is_valid():
        return _family_page(request, family, export_form=form)
    redact = frozenset(form.cleaned_data["redact"])
    dossier = personal_data.family_dossier(family=family, redact_entries=redact)
    corrections = [
        {
            "received_on": c.received_on.isoformat(),
            "requested_by": c.requested_by,
            "request": c.request,
            "decision": c.get_decision_display(),
            "decision_note": c.decision_note,
            "decided_on": c.decided_on.isoformat() if c.decided_on else None,
        }
        for c in access.corrections_visible_to(request.actor).filter(family=family)
    ]
    messages_sent = [
        {
            "created": n.created.isoformat(),
            "kind": n.kind,
            "channel": n.get_channel_display(),
            "address": n.address,
            "language": n.language,
            "subject": n.subject,
            "body": n.body_for_display,
            "status": n.get_status_display(),
            "sent_at": n.sent_at.isoformat() if n.sent_at else None,
        }
        for n in notifications_for_family(school=school, family_id=family.pk)
    ]
    made_at = timezone.localtime()
    document = {
        "school": school.name,
        "made_at": made_at.isoformat(),
        "redacted_entries": len(redact),
        **dossier,
        "messages": messages_sent,
        "correction_requests": corrections,
    }
    fmt = form.cleaned_data["format"]
    services.access_export_record(school=school, family=family, by=request.user, format=fmt, redacted=len(redact))
    _audit(request, family)
    if fmt == AccessExport.Format.JSON:
        body = json.dumps(document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode()
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_export_filename(family.pk, "json")}"'
    else:
        body = render_export_pdf(
            {"doc": document, "school": school, "made_at": made_at, "redacted_text": personal_data.REDACTED}
        )
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{_export_filename(family.pk, "pdf")}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(Role.ADMINISTRATOR)
def correction_create(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    school = request.school
    family = access.get_family_for(request.actor, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _family_page(request, family, correction_form=form)
    if not run_service(
        request,
        lambda: services.correction_record(school=school, family=family, by=request.user, **form.cleaned_data),
        form=form,
        success=_("Het verzoek om correctie is vastgelegd."),
    ):
        return _family_page(request, family, correction_form=form)
    return redirect("privacy:family_access", pk=family.pk)


@require_POST
@role_required(Role.ADMINISTRATOR)
def correction_decide(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    correction = access.get_correction_for(request.actor, pk)
    form = DecisionForm(request.POST)
    if correction.decision != CorrectionRequest.Decision.PENDING:
        messages.error(request, _("Over dit verzoek is al besloten."))
        return redirect("privacy:family_access", pk=correction.family_id)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("privacy:family_access", pk=correction.family_id)
    services.correction_decide(
        correction=correction,
        decision=form.cleaned_data["decision"],
        note=form.cleaned_data["note"],
        by=request.user,
    )
    messages.success(request, _("Het besluit is vastgelegd."))
    return redirect("privacy:family_access", pk=correction.family_id)
