"""The care coordinator's pages: the queue of flags and consults, the meldcode case, answering a consult.

A teacher of the pupil opens the same case page but sees only its status and can add a
signal; the case's content is for the care coordinator alone. Views parse and render;
``visits.care.services`` decides.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek.access import role_required
from huisbezoek.http import AuthenticatedHttpRequest, SchoolHttpRequest
from huisbezoek.models import Role
from huisbezoek.views_helpers import run_service

from ..models import CareCase, CaseEntry, Consult, Report
from . import access as access_care
from . import services as services_care
from .forms import CloseForm, ConsultAnswerForm, EntryForm
from .meldcode import QUESTIONS

# Most urgent first; a consult asks for advice and waits with the "normal" flags.
URGENCY_RANK: dict[str, int] = {Report.Urgency.ACUTE: 0, Report.Urgency.URGENT: 1, Report.Urgency.NORMAL: 2}
CLOSED_SHOWN = 20


@dataclass(frozen=True)
class QueueItem:
    kind: str  # "case" or "consult"
    url: str
    urgency: str
    urgency_label: str
    since: Any  # datetime
    status: str
    pupil: str
    teacher: str

    @property
    def age_days(self) -> int:
        return (timezone.localdate() - timezone.localtime(self.since).date()).days


def _case_item(case: CareCase) -> QueueItem:
    author = case.report.author if case.report else case.opened_by
    step = getattr(case, "current_step", None)  # annotated by the queue
    if step:
        status = _("Open, bij stap %(step)s") % {"step": step}
    else:
        status = _("Open, nog niet opgepakt")
    return QueueItem(
        kind="case",
        url=reverse("visits:care_case", args=[case.pk]),
        urgency=case.urgency,
        urgency_label=case.get_urgency_display(),
        since=case.opened_at,
        status=status,
        pupil=f"{case.pupil.first_name} {case.pupil.last_name}",
        teacher=author.get_full_name(),
    )


def _consult_item(consult: Consult) -> QueueItem:
    pupils = [f"{p.first_name} {p.last_name}" for p in consult.visit.pupils.all()] if consult.visit else []
    return QueueItem(
        kind="consult",
        url=reverse("visits:care_consult", args=[consult.pk]),
        urgency=Report.Urgency.NORMAL,
        urgency_label=_("Overleg"),
        since=consult.asked_at,
        status=_("Vraag wacht op antwoord"),
        pupil=", ".join(pupils) or "-",
        teacher=consult.asked_by.get_full_name(),
    )


@role_required(Role.CARE_COORDINATOR)
@require_GET
def care_queue(request: SchoolHttpRequest) -> HttpResponse:
    """Open cases and unanswered consults, most urgent and then oldest first; the last closed cases below.

    A fixed number of queries, however many cases."""
    cases = access_care.cases_visible_to(request.actor).select_related("pupil", "report__author", "opened_by")
    open_cases = cases.filter(status=CareCase.Status.OPEN).annotate(
        current_step=Max("entries__step", filter=Q(entries__superseded_by__isnull=True))
    )
    consults = (
        access_care.consults_visible_to(request.actor)
        .filter(answered_at__isnull=True)
        .select_related("asked_by", "visit")
        .prefetch_related("visit__pupils")
    )
    items = [_case_item(c) for c in open_cases] + [_consult_item(c) for c in consults]
    items.sort(key=lambda item: (URGENCY_RANK.get(item.urgency, 9), item.since))
    closed = cases.filter(status=CareCase.Status.CLOSED).select_related("closed_by").order_by("-closed_at")
    return render(request, "visits/care_queue.html", {"items": items, "closed": closed[:CLOSED_SHOWN]})


def _refused(request: AuthenticatedHttpRequest, error: PermissionDenied, case: CareCase | None = None) -> HttpResponse:
    message = str(error) or _("Dit mag u niet doen.")
    return render(request, "visits/care_refused.html", {"message": message, "case": case}, status=403)


@dataclass
class StepView:
    step: int
    label: Any
    entries: list[CaseEntry]
    form: EntryForm | None
    open: bool  # show the form unfolded (errors, or a correction under way)
    correcting: bool


def _weighing(entry: CaseEntry) -> list[tuple[Any, bool]]:
    answers = json.loads(entry.answers) if entry.answers else {}
    return [(question, bool(answers.get(key))) for key, question in QUESTIONS if key in answers]


def _coordinator_page(
    request: HttpRequest,
    case: CareCase,
    *,
    forms: dict[int, EntryForm] | None = None,
    close_form: CloseForm | None = None,
) -> HttpResponse:
    forms = dict(forms or {})
    entries = list(case.entries.select_related("by", "superseded_by", "superseded_by__by"))
    for entry in entries:
        # Set here, not read in the template: a missing reverse one-to-one raises there.
        entry.weighing = _weighing(entry) if entry.step == CaseEntry.Step.WEIGH else []  # type: ignore[attr-defined]
        entry.replaced_by = getattr(entry, "superseded_by", None)  # type: ignore[attr-defined]
    correcting = request.GET.get("corrigeer", "")
    is_open = case.status == CareCase.Status.OPEN
    steps = []
    for step, label in CaseEntry.Step.choices:
        unfold = step in forms
        if is_open and step not in forms:
            fresh = EntryForm(case=case, step=step)
            old = next((e for e in entries if str(e.pk) == correcting and e.step == step), None)
            if old is not None and old.replaced_by is None:  # type: ignore[attr-defined]
                fresh.correcting(old)
                unfold = True
            forms[step] = fresh
        form = forms.get(step) if is_open else None
        correction = bool(form is not None and form["supersedes"].value())
        steps.append(StepView(step, label, [e for e in entries if e.step == step], form, unfold, correction))
    report = case.report
    return render(
        request,
        "visits/care_case.html",
        {
            "case": case,
            "report": report,
            "steps": steps,
            "close_form": (close_form or CloseForm()) if is_open else None,
            "close_open": close_form is not None,
        },
    )


def _teacher_page(request: AuthenticatedHttpRequest, case: CareCase, *, form: EntryForm | None = None) -> HttpResponse:
    signals = case.entries.filter(step=CaseEntry.Step.SIGNALS, superseded_by__isnull=True).count()
    is_open = case.status == CareCase.Status.OPEN
    return render(
        request,
        "visits/care_case_teacher.html",
        {
            "case": case,
            "signal_count": signals,
            "form": (form or EntryForm(case=case, step=CaseEntry.Step.SIGNALS)) if is_open else None,
        },
    )


def _case_page(request: AuthenticatedHttpRequest, case: CareCase, **kwargs: Any) -> HttpResponse:
    if access_care.can_see_case_content(request.actor):
        return _coordinator_page(request, case, **kwargs)
    form = (kwargs.get("forms") or {}).get(CaseEntry.Step.SIGNALS)
    return _teacher_page(request, case, form=form)


def _get_case(request: AuthenticatedHttpRequest, pk: int) -> CareCase:
    return access_care.get_case_for(request.actor, pk)


@login_required
@require_GET
def care_case(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The meldcode case: everything for the care coordinator, the status for a teacher of the pupil."""
    return _case_page(request, _get_case(request, pk))


@login_required
@require_POST
def care_entry_add(request: AuthenticatedHttpRequest, pk: int, step: int) -> HttpResponse:
    """Add a step to the case, or correct an earlier entry (``supersedes``); teachers only signals."""
    case = _get_case(request, pk)
    if step not in CaseEntry.Step.values:
        raise Http404
    try:
        services_care.entry_allowed(user=request.user, case=case, step=step)
    except PermissionDenied as error:
        return _refused(request, error, case)
    form = EntryForm(request.POST, case=case, step=step)
    if form.is_valid():
        if form.cleaned_data["supersedes"]:
            saved = _("De correctie is opgeslagen. De eerdere versie blijft zichtbaar.")
        else:
            saved = _("Opgeslagen bij %(step)s.") % {"step": CaseEntry.Step(step).label}
        try:
            added = run_service(
                request,
                lambda: services_care.entry_add(case=case, by=request.user, **form.service_kwargs()),
                form=form,
                success=saved,
            )
        except PermissionDenied as error:
            return _refused(request, error, case)
        if added:
            return redirect(f"{reverse('visits:care_case', args=[case.pk])}#stap-{step}")
    return _case_page(request, case, forms={step: form})


@login_required
@require_POST
def care_case_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Close the case with its outcome (care coordinator only)."""
    case = _get_case(request, pk)
    if not access_care.can_see_case_content(request.actor):
        return _refused(request, PermissionDenied(_("Alleen de zorgcoördinator kan een melding afsluiten.")), case)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            closed = run_service(
                request,
                lambda: services_care.case_close(
                    case=case, by=request.user, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]
                ),
                form=form,
                success=_("De melding is afgesloten."),
            )
        except PermissionDenied as error:
            return _refused(request, error, case)
        if closed:
            return redirect("visits:care_case", pk=case.pk)
    return _coordinator_page(request, case, close_form=form)


@role_required(Role.CARE_COORDINATOR)
@require_http_methods(["GET", "POST"])
def care_consult(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """A teacher's question to the care coordinator, and the answer (given once)."""
    consult = access_care.get_consult_for(request.actor, pk)
    form = ConsultAnswerForm(request.POST or None) if consult.answered_at is None else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Dit overleg is al beantwoord."))
            return redirect("visits:care_consult", pk=consult.pk)
        if form.is_valid() and run_service(
            request,
            lambda: services_care.consult_answer(consult=consult, by=request.user, answer=form.cleaned_data["answer"]),
            form=form,
            success=_("Uw antwoord is opgeslagen."),
        ):
            return redirect("visits:care_queue")
    pupils = consult.visit.pupils.all() if consult.visit else []
    return render(request, "visits/care_consult.html", {"consult": consult, "form": form, "pupils": pupils})
