"""The teacher writes the visit report; colleagues read the pupil file; anyone involved asks
the care coordinator for a consult; the school takes the report's key points and agreements
out (a PDF and CSV per pupil, a CSV of a group or the year) to copy them into its pupil
administration, and ticks off what it copied."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek import audit
from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.kept_posts import keep_post_through_login, restore_kept_post
from huisbezoek.models import Role
from huisbezoek.views_helpers import paginate, run_service

from .. import access, audit_types
from ..models import Report, Visit, VisitPupil
from ..selectors import current_school_year, groups_of_year
from . import access as access_reports
from . import pupil_file as pupil_files
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
            "school_year",
            "visit__lead_visitor",
            "visit__colleague",
            "visit__interpreter",
            "visit__report__author",
            "visit__report__copied_to_pupil_file_by",
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
        request,
        "visits/pupil_file.html",
        {
            "pupil": pupil,
            "entries": entries,
            "reads_content": reads_content,
            # The files are for those who read the content; the tick for the teacher who copies them.
            "can_download": reads_content and bool(roles & {Role.TEACHER, Role.CARE_COORDINATOR}),
            "can_tick": reads_content and Role.TEACHER in roles,
        },
    )


# --- Out to the pupil administration ----------------------------------------------------------

TO_COPY_PER_PAGE = 50


def _export_response(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(Role.TEACHER, Role.CARE_COORDINATOR)
@require_GET
def pupil_file_pdf(request: SchoolHttpRequest, pk: int, report: int) -> HttpResponse:
    """One pupil's report on one A4 page, to file in the pupil administration: key points and
    agreements, never the confidential notes. For whoever may read the report."""
    item = pupil_files.entry_of(access_reports.get_pupil_report_for(request.actor, pk, report))  # audited
    return _export_response(pupil_files.pdf(item), "application/pdf", pupil_files.filename(item, "pdf"))


@role_required(Role.TEACHER, Role.CARE_COORDINATOR)
@require_GET
def pupil_file_csv(request: SchoolHttpRequest, pk: int, report: int) -> HttpResponse:
    """One pupil's report as a CSV row (UTF-8 with BOM, ``;``), for whoever may read the report."""
    item = pupil_files.entry_of(access_reports.get_pupil_report_for(request.actor, pk, report))  # audited
    response = _export_response(b"", "text/csv; charset=utf-8", pupil_files.filename(item, "csv"))
    pupil_files.write_csv(response, [item])
    return response


def _year_and_group(request: SchoolHttpRequest):
    """The current school year and the group asked for with ``?groep=`` (404 for another school's)."""
    year = current_school_year(school=request.school)
    group = None
    raw = request.GET.get("groep", "")
    if raw:
        if not raw.isdigit() or len(raw) > 12:
            raise Http404
        group = get_object_or_404(groups_of_year(school=request.school, school_year=year), pk=int(raw))
    return year, group


@role_required(Role.ADMINISTRATOR)
@require_GET
def reports_csv(request: SchoolHttpRequest) -> HttpResponse:
    """Every reported pupil of the current school year (or of one group) as CSV, for the
    administrator who copies them into the pupil administration. Each report is audited as exported."""
    if not access_reports.can_export_school(request.actor):
        raise PermissionDenied
    year, group = _year_and_group(request)
    rows = access_reports.pupil_reports_to_copy_for(request.actor).filter(school_year=year)
    if group is not None:
        rows = rows.filter(pupil__group=group)
    items = pupil_files.entries(rows)
    audit.record_many(
        user=request.user,
        school=request.school,
        object_type=audit_types.REPORT,
        object_ids=sorted({item.report_id for item in items}),
        action=audit.Action.EXPORT,
    )
    label = year.label if year else "geen-jaar"
    name = f"huisbezoeken-{request.school.brin}-{label}{f'-groep-{group.pk}' if group else ''}.csv"
    response = _export_response(b"", "text/csv; charset=utf-8", name)
    pupil_files.write_csv(response, items)
    return response


@role_required(Role.TEACHER, Role.ADMINISTRATOR)
@require_GET
def reports_to_copy(request: SchoolHttpRequest) -> HttpResponse:
    """The reports of this school year still to copy into the pupil administration: all of the
    school for the administrator, those of the teacher's pupils for a teacher. A fixed number of
    queries, however many rows."""
    year, group = _year_and_group(request)
    rows = access_reports.pupil_reports_to_copy_for(request.actor).filter(
        school_year=year, visit__report__copied_to_pupil_file_on__isnull=True
    )
    if group is not None:
        rows = rows.filter(pupil__group=group)
    page, query = paginate(request, pupil_files.ordered(rows, agreements=False), TO_COPY_PER_PAGE)
    return render(
        request,
        "visits/reports_to_copy.html",
        {
            "year": year,
            "group": group,
            "groups": groups_of_year(school=request.school, school_year=year),
            "page": page,
            "query": query,
            "items": [pupil_files.entry_of(link, agreements=False) for link in page.object_list],
            "can_export_school": access_reports.can_export_school(request.actor),
            "can_download": Role.TEACHER in request.roles,
        },
    )


@role_required(Role.TEACHER, Role.ADMINISTRATOR)
@require_POST
def report_copied(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """Tick off "copied to the pupil administration" (today, by the user), then go back."""
    report = access_reports.get_report_to_copy_for(request.actor, pk)
    run_service(
        request,
        lambda: services_reports.report_mark_copied(report=report, by=request.user),
        success=_("Gemarkeerd als overgenomen in het leerlingdossier."),
    )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("visits:reports_to_copy")


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
