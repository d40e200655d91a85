"""The administrator's privacy pages: retention (dry run, purge log), a family's export, corrections;
and the parents' public privacy notice.

Views parse, call and render: ``privacy.selectors`` reads (the retention plan, the review,
the right-of-access document), ``privacy.services`` decides and records.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role
from huisbezoek.views_helpers import run_service

from . import access, content, selectors, services
from .forms import CorrectionForm, DecisionForm, ExportForm, RetentionPolicyForm
from .models import AccessExport, CorrectionRequest
from .pdf import render_export_pdf

FAMILIES_PER_PAGE = 50
PUBLIC_HTML_CACHE = "public, max-age=300"  # as the protocol's parent pages: a changed period shows soon


def _retention_page(request: SchoolHttpRequest, form: RetentionPolicyForm | None = None) -> HttpResponse:
    school = request.school
    overview = selectors.retention_overview(school=school, today=timezone.localdate())
    form = form or RetentionPolicyForm(instance=overview["policy"])
    return render(request, "privacy/retention.html", {**overview, "form": form})


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
    families = selectors.families(school=school, query=query)
    page = Paginator(families, FAMILIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "privacy/family_list.html", {"page": page, "query": query})


def _family_page(
    request: SchoolHttpRequest,
    family: Any,
    *,
    export_form: ExportForm | None = None,
    correction_form: CorrectionForm | None = None,
) -> HttpResponse:
    review = selectors.family_review(user=request.user, school=request.school, family=family)
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
def family_access(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """The review step before an export, and the family's correction requests."""
    family = access.get_family_for(request.actor, pk)
    return _family_page(request, family)


def _export_filename(family_pk: int, extension: str) -> str:
    return f"inzage-gezin-{family_pk}-{timezone.localdate():%Y%m%d}.{extension}"


@require_POST
@role_required(Role.ADMINISTRATOR)
def family_export(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """After the review: the complete export as a download (made in memory, never stored)."""
    school = request.school
    family = access.get_family_for(request.actor, pk)
    form = ExportForm(selectors.export_choices(family=family), request.POST)
    if not form.is_valid():
        return _family_page(request, family, export_form=form)
    withheld = frozenset(form.cleaned_data["redact"])
    made_at = timezone.localtime()
    document = selectors.access_document(school=school, family=family, withheld=withheld, made_at=made_at)
    fmt = form.cleaned_data["format"]
    services.access_export_record(school=school, family=family, by=request.user, format=fmt, redacted=len(withheld))
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


@require_GET
def public_notice(request: HttpRequest, code: str, language: str) -> HttpResponse:
    """For parents, without a log-in or cookies: what the school records about a home visit, why,
    how long (the school's own periods), who reads it, their rights and whom to ask, in their language.
    Under the school's public parent code; an unknown code or language is a 404."""
    if language not in content.LANGUAGES:
        raise Http404
    school = access.get_public_school(code)
    notice = selectors.parent_notice(school=school, language=language)
    response = render(request, "privacy/public_notice.html", {"notice": notice, "code": code})
    response["Cache-Control"] = PUBLIC_HTML_CACHE
    response.cookies.clear()  # nothing here sets a cookie, and a later change must not either
    return response
