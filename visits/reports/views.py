"""The teacher writes the visit report; colleagues read the pupil file; anyone involved asks
the care coordinator for a consult."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek import audit
from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.kept_posts import keep_post_through_login, restore_kept_post
from huisbezoek.models import Role
from huisbezoek.views_helpers import run_service

from .. import access, audit_types
from ..models import Report, Visit, VisitPupil
from . import services as services_reports
from .forms import AgreementFormSet, ConsultForm, report_content, report_form_class


def _visit_exists(pk: int) -> bool:
    return Visit.objects.filter(pk=pk).exists()


def _agreement_initial(report: Report) -> list[dict]:
    if report.pk is None:
        return []
    return [{"what": a.what, "owner": a.owner, "due": a.due} for a in report.agreements.all()]


@keep_post_through_login(exists=_visit_exists)
@role_required(Role.TEACHER)
@require_http_methods(["GET", "POST"])
def report_edit(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """Write or edit the report. 'Concept opslaan' keeps anything; 'Indienen' checks and submits."""
    visit = access.get_visit_for(request.actor, pk)
    if request.user.pk not in services_reports.report_writers(visit):
        raise PermissionDenied
    # Opening the form writes nothing: the report is saved with the first "Concept opslaan" or "Indienen".
    opened = run_service(request, lambda: services_reports.report_for_writing(visit=visit, by=request.user))
    if not opened:
        return redirect("visits:visit_detail", pk=visit.pk)
    report = opened.value

    # Only now, with the user known to be one of the visit's visitors, is a kept text given back.
    kept = restore_kept_post(request) if request.method == "GET" else None
    data = request.POST if request.method == "POST" else kept
    form = report_form_class(visit)(data, instance=report, initial={"version": report.version})
    agreements = AgreementFormSet(data, prefix="afspraak", initial=None if data else _agreement_initial(report))
    if kept is not None:
        messages.info(request, _("Uw tekst van daarnet staat weer in het formulier. Controleer hem en sla op."))
        form.is_valid() and agreements.is_valid()  # show any problems with the kept text
    elif request.method == "POST" and form.is_valid() and agreements.is_valid():
        content = report_content(form, agreements)
        submit = "indienen" in request.POST or report.status == Report.Status.SUBMITTED
        version = form.cleaned_data["version"]
        if run_service(
            request,
            lambda: services_reports.report_write(
                visit=visit, by=request.user, content=content, submit=submit, expected_version=version
            ),
            form=form,
            success=_("Het verslag is opgeslagen in het leerlingdossier.") if submit else _("Concept opgeslagen."),
        ):
            return redirect("visits:visit_detail" if submit else "visits:report_edit", pk=visit.pk)
        if report.pk is not None:
            report.refresh_from_db()
    return render(
        request,
        "visits/report_form.html",
        {
            "visit": visit,
            "report": report,
            "form": form,
            "agreements": agreements,
            "draft_key": f"visit-report-{visit.pk}",
        },
    )


@role_required(Role.TEACHER, Role.DIRECTIE, Role.CARE_COORDINATOR, Role.ADMINISTRATOR)
@require_GET
def pupil_file(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """The pupil's visits across school years with their key points and agreements.

    Teachers of the pupil and the care coordinator read the content; confidential notes only
    the author and the care coordinator; directie and administrator see that visits happened."""
    pupil = audit.audited(
        lambda: access.get_pupil_for(request.actor, pk),
        user=request.user,
        school=request.school,
        object_type=audit_types.PUPIL_FILE,
        object_id=pk,
    )
    roles = request.roles
    reads_content = Role.CARE_COORDINATOR in roles or access.teaches_pupil(request.user, pupil)
    links = (
        VisitPupil.objects.filter(pupil=pupil)
        .select_related(
            "school_year", "visit__lead_visitor", "visit__colleague", "visit__interpreter", "visit__report__author"
        )
        .prefetch_related("visit__report__agreements")
        .order_by("-school_year__start")
    )
    entries: list[dict[str, Any]] = []
    shown: list[Report] = []
    for link in links:
        visit = link.visit
        report: Report | None = getattr(visit, "report", None)
        submitted = report is not None and report.status == Report.Status.SUBMITTED
        if report is not None and submitted and reads_content:
            shown.append(report)
        entries.append(
            {
                "year": link.school_year,
                "visit": visit,
                "report": report if submitted and reads_content else None,
                "has_report": submitted,
                "confidential": report.confidential_notes
                if report is not None
                and submitted
                and report.confidential_notes
                and (Role.CARE_COORDINATOR in roles or report.author_id == request.user.pk)
                else "",
            }
        )
    audit.record_reads(
        user=request.user,
        school=request.school,
        object_type=audit_types.REPORT,
        object_ids=[report.pk for report in shown],
    )
    return render(
        request, "visits/pupil_file.html", {"pupil": pupil, "entries": entries, "reads_content": reads_content}
    )


@role_required(Role.TEACHER)
@require_POST
def consult_create(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """Ask the care coordinator for advice about this visit, before or after it."""
    visit = access.get_visit_for(request.actor, pk, write=True)
    form = ConsultForm(request.POST)
    if form.is_valid():
        services_reports.consult_ask(
            visit=visit,
            by=request.user,
            moment=form.cleaned_data["moment"],
            question=form.cleaned_data["question"],
        )
        messages.success(request, _("Uw vraag staat bij de zorgcoördinator."))
    else:
        messages.error(request, _("Schrijf uw vraag op en kies wanneer (voor of na het bezoek)."))
    return redirect("visits:visit_detail", pk=visit.pk)
