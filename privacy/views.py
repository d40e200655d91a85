"""The administrator's privacy pages: retention (dry run, purge log), a family's export, corrections.

Views parse, call and render: ``privacy.selectors`` reads (the retention plan, the review,
the right-of-access document), ``privacy.services`` decides and records.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek.access import role_required
from huisbezoek.models import Role

from . import access, selectors, services
from .forms import CorrectionForm, DecisionForm, ExportForm, RetentionPolicyForm
from .models import AccessExport, CorrectionRequest
from .pdf import render_export_pdf

FAMILIES_PER_PAGE = 50


def _retention_page(request: HttpRequest, form: RetentionPolicyForm | None = None) -> HttpResponse:
    school = request.school  # type: ignore[attr-defined]
    overview = selectors.retention_overview(school=school, today=timezone.localdate())
    form = form or RetentionPolicyForm(instance=overview["policy"])
    return render(request, "privacy/retention.html", {**overview, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def retention(request: HttpRequest) -> HttpResponse:
    """GET: the periods, what the purge would remove now and soon, and the purge log. POST: change the periods."""
    if request.method == "GET":
        return _retention_page(request)
    school = request.school  # type: ignore[attr-defined]
    form = RetentionPolicyForm(request.POST, instance=services.policy_for(school=school))
    if not form.is_valid():
        return _retention_page(request, form)
    try:
        services.policy_update(
            school=school,
            family_years=form.cleaned_data["family_years"],
            care_years=form.cleaned_data["care_years"],
            by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _retention_page(request, form)
    messages.success(request, _("De bewaartermijnen zijn opgeslagen."))
    return redirect("privacy:retention")


@require_POST
@role_required(Role.ADMINISTRATOR)
def retention_activate(request: HttpRequest) -> HttpResponse:
    """Switch the nightly purge on (after reading the dry run) or off."""
    active = request.POST.get("active") == "on"
    services.policy_activate(school=request.school, by=request.user, active=active)  # type: ignore[attr-defined, arg-type]
    if active:
        messages.success(request, _("Automatisch opschonen staat aan: elke nacht gaat weg wat verlopen is."))
    else:
        messages.success(request, _("Automatisch opschonen staat uit: elke nacht wordt alleen geteld (proefronde)."))
    return redirect("privacy:retention")


@require_GET
@role_required(Role.ADMINISTRATOR)
def family_list(request: HttpRequest) -> HttpResponse:
    """The school's families, searchable by family or pupil name, to open one for an export."""
    school = request.school  # type: ignore[attr-defined]
    query = request.GET.get("q", "").strip()[:100]
    families = selectors.families(school=school, query=query)
    page = Paginator(families, FAMILIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "privacy/family_list.html", {"page": page, "query": query})


def _family_page(
    request: HttpRequest,
    family: Any,
    *,
    export_form: ExportForm | None = None,
    correction_form: CorrectionForm | None = None,
) -> HttpResponse:
    review = selectors.family_review(user=request.user, school=request.school, family=family)  # type: ignore[arg-type, attr-defined]
    return render(
        request,
        "privacy/family_access.html",
        {
            **review,
            "export_form": export_form or ExportForm(review["choices"]),
            "correction_form": correction_form or CorrectionForm(),
            "corrections": [(c, DecisionForm(auto_id=f"id_c{c.pk}_%s")) for c in review["corrections"]],
        },
    )


@require_GET
@role_required(Role.ADMINISTRATOR)
def family_access(request: HttpRequest, pk: int) -> HttpResponse:
    """The review step before an export, and the family's correction requests."""
    family = access.get_family_for(request.school, pk)  # type: ignore[attr-defined]
    return _family_page(request, family)


def _export_filename(family_pk: int, extension: str) -> str:
    return f"inzage-gezin-{family_pk}-{timezone.localdate():%Y%m%d}.{extension}"


@require_POST
@role_required(Role.ADMINISTRATOR)
def family_export(request: HttpRequest, pk: int) -> HttpResponse:
    """After the review: the complete export as a download (made in memory, never stored)."""
    school = request.school  # type: ignore[attr-defined]
    family = access.get_family_for(school, pk)
    form = ExportForm(selectors.export_choices(family=family), request.POST)
    if not form.is_valid():
        return _family_page(request, family, export_form=form)
    withheld = frozenset(form.cleaned_data["redact"])
    made_at = timezone.localtime()
    document = selectors.access_document(school=school, family=family, withheld=withheld, made_at=made_at)
    fmt = form.cleaned_data["format"]
    services.access_export_record(school=school, family=family, by=request.user, format=fmt, redacted=len(withheld))  # type: ignore[arg-type]
    if fmt == AccessExport.Format.JSON:
        body = json.dumps(document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode()
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_export_filename(family.pk, "json")}"'
    else:
        body = render_export_pdf({"doc": document, "school": school, "made_at": made_at})
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{_export_filename(family.pk, "pdf")}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(Role.ADMINISTRATOR)
def correction_create(request: HttpRequest, pk: int) -> HttpResponse:
    school = request.school  # type: ignore[attr-defined]
    family = access.get_family_for(school, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _family_page(request, family, correction_form=form)
    try:
        services.correction_record(school=school, family=family, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    except ValidationError as error:
        form.add_error(None, error)
        return _family_page(request, family, correction_form=form)
    messages.success(request, _("Het verzoek om correctie is vastgelegd."))
    return redirect("privacy:family_access", pk=family.pk)


@require_POST
@role_required(Role.ADMINISTRATOR)
def correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    correction = access.get_correction_for(request.school, pk)  # type: ignore[attr-defined]
    form = DecisionForm(request.POST)
    if correction.decision != CorrectionRequest.Decision.PENDING:
        messages.error(request, _("Over dit verzoek is al besloten."))
        return redirect("privacy:family_access", pk=correction.family_id)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("privacy:family_access", pk=correction.family_id)
    services.correction_decide(
        correction=correction,
        decision=form.cleaned_data["decision"],
        note=form.cleaned_data["note"],
        by=request.user,  # type: ignore[arg-type]
    )
    messages.success(request, _("Het besluit is vastgelegd."))
    return redirect("privacy:family_access", pk=correction.family_id)
