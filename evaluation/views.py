"""Pages of the evaluation. The directie runs it; teachers, parents and pupils answer.

Views parse and render; ``evaluation.services`` decides, ``evaluation.access`` scopes. Parent
and pupil pages need no account and set no cookie: the personal link or class code in the
address is the key (so their forms are exempt from the CSRF cookie check), the page is never
cached and sends no referrer, so the link does not leak to other sites.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek import languages
from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Membership, Role
from huisbezoek.views_helpers import run_service

from . import access, content, selectors, services
from .forms import (
    ActionForm,
    BottleneckForm,
    CloseForm,
    DecisionForm,
    OpenForm,
    QuestionForm,
    QuestionnaireForm,
    StartForm,
)
from .models import Audience, Evaluation, Question

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MANAGER = Role.DIRECTIE


# --- Overview and start -------------------------------------------------------------------------


@require_GET
@role_required(MANAGER)
def index(request: SchoolHttpRequest) -> HttpResponse:
    evaluations = access.evaluations_visible_to(request.actor).order_by("-school_year__start")
    years = selectors.years_without_evaluation(school=request.school)
    return render(
        request,
        "evaluation/index.html",
        {"evaluations": evaluations, "start_form": StartForm(years=years) if years else None},
    )


@require_POST
@role_required(MANAGER)
def start(request: SchoolHttpRequest) -> HttpResponse:
    years = selectors.years_without_evaluation(school=request.school)
    form = StartForm(request.POST, years=years)
    if not form.is_valid():
        messages.error(request, _("Kies een schooljaar zonder evaluatie."))
        return redirect("evaluation:index")
    year = next(y for y in years if y.pk == form.cleaned_data["school_year"])
    started = run_service(
        request,
        lambda: services.evaluation_start(school=request.school, school_year=year, by=request.user),
        success=_("De evaluatie is gestart. Bekijk de vragenlijsten en open ze als ze klaar zijn."),
    )
    if not started:
        return redirect("evaluation:index")
    return redirect("evaluation:detail", started.value.pk)


# --- The evaluation page: status, questionnaires, findings, decision, actions -------------------


def _detail_page(request: SchoolHttpRequest, evaluation: Evaluation, status: int = 200, **forms: Any) -> HttpResponse:
    school = evaluation.school
    counts = {a: 0 for a in Audience.values}
    for question in evaluation.questions.all():
        counts[question.audience] += 1
    actions = list(evaluation.actions.select_related("owner", "done_by", "carried_from__evaluation__school_year"))
    previous_actions = (
        list(evaluation.previous.actions.select_related("owner").order_by("due", "pk")) if evaluation.previous else []
    )
    result = selectors.results(evaluation=evaluation)
    return render(
        request,
        "evaluation/detail.html",
        {
            "evaluation": evaluation,
            "question_counts": [(value, label, counts[value]) for value, label in Audience.choices],
            "class_codes": list(evaluation.class_codes.all()),
            "results": result,
            "bottlenecks": list(evaluation.bottlenecks.all()),
            "actions": actions,
            "previous_actions": previous_actions,
            "open_form": forms.get("open_form")
            or (
                OpenForm(
                    initial={"link_days": evaluation.parent_link_days},
                    prefix="openen",
                    families=selectors.families_to_message(evaluation),
                )
                if evaluation.status == Evaluation.Status.DRAFT
                else None
            ),
            "close_form": forms.get("close_form") or CloseForm(prefix="sluiten", invited=result.invited_families),
            "bottleneck_form": forms.get("bottleneck_form") or BottleneckForm(prefix="knelpunt"),
            "decision_form": forms.get("decision_form")
            or DecisionForm(
                initial={"decision": evaluation.decision or None, "note": evaluation.decision_note}, prefix="besluit"
            ),
            "action_form": forms.get("action_form") or ActionForm(school=school, prefix="actie"),
            "parent_languages": [languages.BY_CODE[c] for c in content.PARENT_LANGUAGES],
        },
        status=status,
    )


def _post_form(
    request: SchoolHttpRequest,
    evaluation: Evaluation,
    form: BaseForm,
    save: Callable[[dict[str, Any]], object],
    *,
    success: StrOrPromise,
    form_name: str,
    anchor: str = "",
) -> HttpResponse:
    """A form on the evaluation's page: valid and saved through ``save``, back to its part of the
    page (``anchor``); else the page again, the form (``form_name`` in the page) showing what was
    typed and why it was refused."""
    if form.is_valid() and run_service(request, lambda: save(form.cleaned_data), form=form, success=success):
        return _to_detail(evaluation.pk, anchor)
    forms: dict[str, Any] = {form_name: form}
    return _detail_page(request, evaluation, **forms)


@require_GET
@role_required(MANAGER)
def detail(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, access.get_evaluation_for(request.actor, pk))


@require_POST
@role_required(MANAGER)
def open_questionnaires(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    evaluation = access.get_evaluation_for(request.actor, pk)
    return _post_form(
        request,
        evaluation,
        OpenForm(request.POST, prefix="openen", families=selectors.families_to_message(evaluation)),
        lambda data: services.evaluation_open(evaluation=evaluation, by=request.user, link_days=data["link_days"]),
        success=_(
            "De vragenlijsten staan open. Ouders krijgen hun persoonlijke link; de leerkrachten zien de klascodes."
        ),
        form_name="open_form",
    )


@require_POST
@role_required(MANAGER)
def close_questionnaires(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    evaluation = access.get_evaluation_for(request.actor, pk)
    invited = selectors.results(evaluation=evaluation).invited_families
    return _post_form(
        request,
        evaluation,
        CloseForm(request.POST, prefix="sluiten", invited=invited),
        lambda data: services.evaluation_close(evaluation=evaluation, by=request.user),
        success=_("De vragenlijsten zijn gesloten. De uitkomsten staan klaar."),
        form_name="close_form",
    )


# --- Questions ----------------------------------------------------------------------------------


def _to_detail(evaluation_id: int, anchor: str) -> HttpResponse:
    """Back to the evaluation's page, at the part the user just changed."""
    url = reverse("evaluation:detail", args=[evaluation_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _to_questions(question: Question) -> HttpResponse:
    return redirect("evaluation:questions", question.evaluation_id, question.audience)


def _on_question(
    request: SchoolHttpRequest,
    pk: int,
    change: Callable[[Question], object],
    success: StrOrPromise | None = None,
) -> HttpResponse:
    """A button on a question of the list: ``change`` it through a service, then back to the list."""
    question = access.get_question_for(request.actor, pk)
    run_service(request, lambda: change(question), success=success)
    return _to_questions(question)


def _questions_page(
    request: HttpRequest, evaluation: Evaluation, audience: str, form: QuestionForm | None = None
) -> HttpResponse:
    if audience not in Audience.values:
        raise Http404
    questions = list(evaluation.questions.filter(audience=audience))
    return render(
        request,
        "evaluation/questions.html",
        {
            "evaluation": evaluation,
            "audience": audience,
            "audience_label": Audience(audience).label,
            "audiences": Audience.choices,
            "questions": questions,
            "editable": evaluation.status == Evaluation.Status.DRAFT,
            "form": form or QuestionForm(initial={"kind": Question.Kind.SCALE}),
        },
    )


@require_GET
@role_required(MANAGER)
def questions(request: SchoolHttpRequest, pk: int, audience: str) -> HttpResponse:
    return _questions_page(request, access.get_evaluation_for(request.actor, pk), audience)


@require_POST
@role_required(MANAGER)
def question_add(request: SchoolHttpRequest, pk: int, audience: str) -> HttpResponse:
    evaluation = access.get_evaluation_for(request.actor, pk)
    if audience not in Audience.values:
        raise Http404
    form = QuestionForm(request.POST)
    if form.is_valid() and run_service(
        request,
        lambda: services.question_add(evaluation=evaluation, audience=audience, by=request.user, **form.cleaned_data),
        form=form,
        success=_("De vraag is toegevoegd."),
    ):
        return redirect("evaluation:questions", evaluation.pk, audience)
    return _questions_page(request, evaluation, audience, form)


@require_http_methods(["GET", "POST"])
@role_required(MANAGER)
def question_edit(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    question = access.get_question_for(request.actor, pk)
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid() and run_service(
            request,
            lambda: services.question_update(question=question, by=request.user, **form.cleaned_data),
            form=form,
            success=_("De vraag is opgeslagen."),
        ):
            return _to_questions(question)
    else:
        form = QuestionForm(initial={"theme": question.theme, "kind": question.kind, "text": question.text})
    return render(request, "evaluation/question_form.html", {"form": form, "question": question})


@require_POST
@role_required(MANAGER)
def question_delete(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    return _on_question(
        request,
        pk,
        lambda question: services.question_delete(question=question, by=request.user),
        success=_("De vraag is verwijderd."),
    )


@require_POST
@role_required(MANAGER)
def question_move(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    up = request.POST.get("direction") == "up"
    return _on_question(request, pk, lambda question: services.question_move(question=question, up=up, by=request.user))


# --- Results, figures, report -------------------------------------------------------------------


def _figures(evaluation: Evaluation) -> tuple[Any, Any]:
    from visits.selectors import year_figures

    current = year_figures(school=evaluation.school, school_year=evaluation.school_year)
    previous = None
    if evaluation.previous is not None:
        previous = year_figures(school=evaluation.school, school_year=evaluation.previous.school_year)
    return current, previous


@require_GET
@role_required(MANAGER)
def results(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    evaluation = access.get_evaluation_for(request.actor, pk)
    return render(
        request,
        "evaluation/results.html",
        {
            "evaluation": evaluation,
            "results": selectors.results(evaluation=evaluation),
            "min_group": selectors.MIN_GROUP,
        },
    )


@require_GET
@role_required(MANAGER)
def figures(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    evaluation = access.get_evaluation_for(request.actor, pk)
    current, previous = _figures(evaluation)
    return render(
        request,
        "evaluation/figures.html",
        {
            "evaluation": evaluation,
            "rows": selectors.figure_rows(current, previous),
            "now": current,
            "before": previous,
        },
    )


@require_GET
@role_required(MANAGER)
def report_pdf(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    from .report import render_report

    evaluation = access.get_evaluation_for(request.actor, pk)
    current, previous = _figures(evaluation)
    data = render_report(evaluation=evaluation, current=current, previous=previous)
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"evaluatie-huisbezoeken-{evaluation.school_year.label}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Findings, decision, actions ----------------------------------------------------------------


@require_POST
@role_required(MANAGER)
def bottleneck_add(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    evaluation = access.get_evaluation_for(request.actor, pk)
    return _post_form(
        request,
        evaluation,
        BottleneckForm(request.POST, prefix="knelpunt"),
        lambda data: services.bottleneck_add(evaluation=evaluation, by=request.user, **data),
        success=_("Het knelpunt is vastgelegd."),
        form_name="bottleneck_form",
        anchor="bevindingen",
    )


@require_POST
@role_required(MANAGER)
def bottleneck_delete(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    bottleneck = access.get_bottleneck_for(request.actor, pk)
    services.bottleneck_delete(bottleneck=bottleneck, by=request.user)
    messages.success(request, _("Het knelpunt is verwijderd."))
    return _to_detail(bottleneck.evaluation_id, "bevindingen")


@require_POST
@role_required(MANAGER)
def decision(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    evaluation = access.get_evaluation_for(request.actor, pk)
    return _post_form(
        request,
        evaluation,
        DecisionForm(request.POST, prefix="besluit"),
        lambda data: services.decision_record(evaluation=evaluation, by=request.user, **data),
        success=_("Het besluit is vastgelegd."),
        form_name="decision_form",
        anchor="besluit",
    )


@require_POST
@role_required(MANAGER)
def action_add(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    evaluation = access.get_evaluation_for(request.actor, pk)

    def add(data: dict[str, Any]) -> object:
        owner = Membership.objects.filter(school=request.school, user_id=data["owner"]).first()
        if owner is None:
            raise ValidationError({"owner": _("Kies iemand die op deze school werkt.")})
        return services.action_add(
            evaluation=evaluation, description=data["description"], owner=owner.user, due=data["due"], by=request.user
        )

    return _post_form(
        request,
        evaluation,
        ActionForm(request.POST, school=request.school, prefix="actie"),
        add,
        success=_("Het verbeterpunt staat nu op de startpagina van wie het oppakt."),
        form_name="action_form",
        anchor="verbeterpunten",
    )


@require_POST
@role_required(*Role)
def action_done(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    action = access.get_action_for(request.actor, pk)
    try:
        services.action_done(action=action, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Afgevinkt: %(action)s") % {"action": action.description})
    target = request.POST.get("next", "")
    if target == "detail" and access.can_manage(request.actor):
        return _to_detail(action.evaluation_id, "verbeterpunten")
    return redirect("home")


# --- Teachers answer in the app -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(Role.TEACHER)
def teacher_answer(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    evaluation = access.get_open_evaluation_for_teacher(request.actor, pk)
    if evaluation.participations.filter(user=request.user).exists():
        return render(request, "evaluation/teacher_done.html", {"evaluation": evaluation})
    questions_ = list(evaluation.questions.filter(audience=Audience.TEACHER))
    form = QuestionnaireForm(request.POST if request.method == "POST" else None, questions=questions_)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: services.teacher_answer_submit(evaluation=evaluation, user=request.user, given=form.given()),
            form=form,
            success=_("Dank u wel. Uw antwoorden zijn anoniem opgeslagen."),
        )
    ):
        return redirect("home")
    return render(request, "evaluation/teacher_answer.html", {"evaluation": evaluation, "form": form})


# --- Public pages: parents (personal link) and pupils (class code) ------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    response.cookies.clear()
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _page_language(code: str) -> dict[str, str]:
    lang = languages.BY_CODE[code]
    return {"page_lang": code, "page_dir": "rtl" if lang.rtl else "ltr"}


def _pupil_page() -> dict[str, str]:
    return {"page_lang": translation.get_language() or "nl", "page_dir": "ltr"}


def _parent_page(
    request: HttpRequest,
    token: str,
    language: str,
    *,
    form: Any = None,
    school: Any = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    words = content.ui(language)
    lang = languages.BY_CODE[language]
    context = {
        "token": token,
        "lang": lang,
        "words": words,
        "form": form,
        "problem": words[problem] if problem else "",
        "language_choices": [languages.BY_CODE[c] for c in content.PARENT_LANGUAGES],
        "school": school,
        **_page_language(language),
    }
    with translation.override(language):
        response = render(request, "evaluation/parent_answer.html", context, status=status)
    return _public(response)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def parent_answer(request: HttpRequest, token: str, language: str = "") -> HttpResponse:
    """A family's questionnaire through their personal link, in their language (or one they pick)."""
    invitation = access.find_invitation(token)
    if language and language not in content.PARENT_LANGUAGES:
        raise Http404
    language = language or (invitation.language if invitation else content.SOURCE_LANGUAGE)
    if invitation is None:
        return _parent_page(request, token, language, problem="invalid", status=404)
    evaluation = invitation.evaluation
    problem = selectors.invitation_problem(invitation)
    if problem:
        return _parent_page(request, token, language, problem=problem, status=410)
    questions_ = list(evaluation.questions.filter(audience=Audience.PARENT))
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None, questions=questions_, language=language, dutch_ui=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.parent_answer_submit(token=token, given=form.given(), language=language)
        except ValidationError as error:
            code = error.code or "invalid"
            if code in ("empty", "scale"):
                form.add_error(None, content.ui(language)["empty"])
            else:
                return _parent_page(request, token, language, problem=code, status=410)
        else:
            with translation.override(language):
                response = render(
                    request,
                    "evaluation/parent_thanks.html",
                    {
                        "lang": languages.BY_CODE[language],
                        "words": content.ui(language),
                        "school": evaluation.school,
                        **_page_language(language),
                    },
                )
            return _public(response)
    return _parent_page(request, token, language, form=form, school=evaluation.school)


@require_GET
def pupil_start(request: HttpRequest) -> HttpResponse:
    """Pupils type the code from the board (a GET form: no cookie needed)."""
    code = request.GET.get("code", "")
    error = ""
    if code:
        class_code = access.find_class_code(code)
        if class_code is not None and class_code.evaluation.status == Evaluation.Status.OPEN:
            return redirect("evaluation:pupil_answer", class_code.code)
        if class_code is not None:
            error = _("De vragenlijst is gesloten.")
        else:
            error = _("Deze code klopt niet. Kijk nog eens goed op het bord.")
    response = render(request, "evaluation/pupil_start.html", {"code": code, "error": error, **_pupil_page()})
    return _public(response)


# What a pupil reads when their class code no longer opens the questionnaire.
PUPIL_PROBLEMS = {
    "closed": _lazy("De vragenlijst is gesloten."),
    "full": _lazy("Je hele klas heeft de vragenlijst al ingevuld."),
}


@csrf_exempt
@require_http_methods(["GET", "POST"])
def pupil_answer(request: HttpRequest, code: str) -> HttpResponse:
    class_code = access.find_class_code(code)
    if class_code is None:
        raise Http404
    evaluation = class_code.evaluation
    problem = PUPIL_PROBLEMS.get(selectors.class_code_problem(class_code), "")
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None,
        questions=list(evaluation.questions.filter(audience=Audience.PUPIL)),
    )
    if not problem and request.method == "POST" and form.is_valid():
        try:
            services.pupil_answer_submit(code=class_code.code, given=form.given())
        except ValidationError as error:
            if error.code in ("empty", "scale"):
                form.add_error(None, _("Je hebt nog niets ingevuld. Beantwoord minstens één vraag."))
            else:
                problem = _("Je kunt nu niet meer antwoorden.")
        else:
            return _public(render(request, "evaluation/pupil_thanks.html", {"class_code": class_code, **_pupil_page()}))
    response = render(
        request,
        "evaluation/pupil_answer.html",
        {"class_code": class_code, "form": form, "problem": problem, **_pupil_page()},
        status=410 if problem else 200,
    )
    return _public(response)
