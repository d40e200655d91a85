"""Parents choosing their own time: the teacher's invitation page, the teacher confirming what
parents asked, and the parents' public page (personal link, no account, no cookies)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from huisbezoek import languages
from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role
from huisbezoek.parent_pages import parent_pages
from huisbezoek.views_helpers import run_service

from .. import access
from ..models import BookingRequest, Programme, Visit
from ..selectors import family_contact, parent_language
from . import content, services
from .slots import Slot, offer_slots

MAX_CHOSEN = 200


def _own_visits(request: SchoolHttpRequest) -> Any:
    return (
        access.visits_visible_to(request.actor)
        .filter(lead_visitor=request.user, status__in=services.INVITABLE)
        .exclude(kind=Visit.Kind.SCHOOL_TALK)
        .select_related("family")
        .prefetch_related("family__guardians", "visit_pupils__pupil__group", "booking_invitations")
        .order_by("family__name", "pk")
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.TEACHER)
def booking_invite(request: SchoolHttpRequest) -> HttpResponse:
    """The teacher invites a whole group, or chosen families, to choose their own time."""
    visits = list(_own_visits(request))
    if request.method == "POST":
        group = request.POST.get("group", "")
        wanted = {v for v in request.POST.getlist("visit")[:MAX_CHOSEN] if v.isdigit()}
        chosen = [
            v
            for v in visits
            if str(v.pk) in wanted
            or (group and any(str(link.pupil.group_id) == group for link in v.visit_pupils.all()))
        ]
        if not chosen:
            messages.error(request, _("Kies eerst een of meer gezinnen."))
            return redirect("visits:booking_invite")
        result = run_service(
            request, lambda: services.invitations_send(school=request.school, visits=chosen, by=request.user)
        )
        if result:
            sent, call = len(result.value.sent), len(result.value.call_yourself)
            messages.success(
                request,
                ngettext("%(count)s gezin kreeg een uitnodiging.", "%(count)s gezinnen kregen een uitnodiging.", sent)
                % {"count": sent}
                + (" " + _("%(count)s zelf bellen.") % {"count": call} if call else ""),
            )
        return redirect("visits:booking_invite")
    rows = []
    for visit in visits:
        invited = max((i.created for i in visit.booking_invitations.all()), default=None)
        groups = sorted({link.pupil.group for link in visit.visit_pupils.all() if link.pupil.group}, key=str)
        rows.append(
            {"visit": visit, "call": family_contact(visit.family) is None, "invited": invited, "groups": groups}
        )
    groups = sorted({g for row in rows for g in row["groups"]}, key=lambda g: (g.grade, g.name))
    return render(request, "visits/booking_invite.html", {"rows": rows, "groups": groups})


@require_POST
@role_required(Role.TEACHER)
def booking_request_confirm(request: SchoolHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    visit = access.get_visit_for(request.actor, pk, write=True)
    asked = BookingRequest.objects.filter(visit=visit, pk=request_pk).first()
    if asked is None:
        raise Http404
    run_service(
        request,
        lambda: services.booking_request_confirm(request=asked, by=request.user),
        success=_("De vraag van de ouders staat op afgehandeld."),
    )
    return redirect("visits:visit_detail", pk=visit.pk)


# --- The parents' page -------------------------------------------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    response.cookies.clear()
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _days(slots: list[Slot], language: str) -> list[dict[str, Any]]:
    days: dict[datetime.date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(slot.local_start.date(), []).append(slot)
    return [
        {"label": f"{content.weekday(language, day.weekday())} {day.strftime('%d-%m-%Y')}", "slots": items}
        for day, items in sorted(days.items())
    ]


def _people(visit: Visit, words: dict[str, str]) -> list[str]:
    people = [f"{visit.lead_visitor.first_name} ({words['teacher']})"]
    if visit.colleague:
        people.append(f"{visit.colleague.first_name} ({words['colleague']})")
    if visit.interpreter:
        people.append(f"{visit.interpreter.name.split()[0]} ({words['interpreter']})")
    return people


@csrf_exempt
@require_http_methods(["GET", "POST"])
def booking_page(request: HttpRequest, token: str, language: str = "") -> HttpResponse:
    """The family's page: choose a time, see and move or cancel it, or ask for something else."""
    if language and language not in content.PARENT_LANGUAGES:
        raise Http404
    invitation = services.find_invitation(token)
    if invitation is None:
        return _page(request, token, language or content.SOURCE_LANGUAGE, problem="invalid", status=404)
    visit = invitation.visit
    family = visit.family
    if not language:
        language = parent_language(
            type(family).objects.prefetch_related("home_languages").get(pk=family.pk), offered=content.PARENT_LANGUAGES
        )
    now = timezone.now()
    notice = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "book":
                starts_at = _parse_start(request.POST.get("slot", ""))
                if starts_at is None:
                    raise ValidationError("taken", code="taken")
                services.booking_book(invitation=invitation, starts_at=starts_at, now=now)
                return _public(redirect(_url(token, language)))
            if action == "cancel":
                services.booking_cancel(invitation=invitation, now=now)
                return _public(redirect(_url(token, language)))
            if action == "ask":
                services.booking_request(invitation=invitation, kind=request.POST.get("kind", ""), now=now)
                notice = "asked"
            else:
                raise ValidationError("invalid", code="invalid")
        except ValidationError as error:
            notice = error.code or "invalid"
        invitation = services.find_invitation(token) or invitation
        visit = invitation.visit
    problem = services.invitation_problem(invitation, now)
    if visit.status == Visit.Status.CANCELLED and invitation.booked_at is not None:
        problem = "cancelled"
    programme = Programme.objects.filter(school_year_id=visit.school_year_id).first()
    booked = visit.status == Visit.Status.SCHEDULED and invitation.booked_at is not None and not problem
    deadline = services.change_deadline(visit, programme) if booked else None
    can_change = deadline is not None and now < deadline
    moving = request.GET.get("verzetten") == "1" and can_change
    slots = offer_slots(visit=visit, now=now) if not problem and (not booked or moving) else []
    words = content.ui(language)
    context = {
        "visit": visit,
        "booked": booked,
        "moving": moving,
        "can_change": can_change,
        "days": _days(slots, language),
        "people": _people(visit, words) if booked else [],
        "protocol_url": parent_pages.protocol_url(visit.school, language) if booked else None,
        "booked_when": (
            f"{content.weekday(language, timezone.localtime(visit.starts_at).weekday())} "
            f"{timezone.localtime(visit.starts_at).strftime('%d-%m-%Y %H:%M')}"
            if booked and visit.starts_at
            else ""
        ),
        "minutes": words["minutes"].format(minutes=programme.visit_minutes if programme else 60),
        "intro": words["intro"].format(minutes=programme.visit_minutes if programme else 60),
        "notice": words.get(notice, "") if notice else "",
        "notice_is_error": notice not in ("", "asked"),
        "request_kinds": [(kind, words[key]) for kind, key in REQUEST_WORDS],
    }
    return _page(request, token, language, problem=problem, school=invitation.school, extra=context)


REQUEST_WORDS = (
    (BookingRequest.Kind.PHONE_CALL, "phone_call"),
    (BookingRequest.Kind.SCHOOL_TALK, "school_talk"),
    (BookingRequest.Kind.INTERPRETER, "interpreter_needed"),
    (BookingRequest.Kind.FEMALE_VISITOR, "female_visitor"),
)


def _url(token: str, language: str) -> str:
    return reverse("visits:booking_page_language", args=[token, language])


def _parse_start(text: str) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        return None
    return timezone.make_aware(moment)


def _page(
    request: HttpRequest,
    token: str,
    language: str,
    *,
    problem: str = "",
    status: int = 200,
    school: Any = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    words = content.ui(language)
    lang = languages.BY_CODE[language]
    context = {
        "token": token,
        "lang": lang,
        "words": words,
        "page_lang": language,
        "page_dir": "rtl" if lang.rtl else "ltr",
        "problem": words[problem] if problem else "",
        "school": school,
        "language_choices": [languages.BY_CODE[c] for c in content.PARENT_LANGUAGES],
        **(extra or {}),
    }
    with translation.override(language):
        response = render(request, "visits/booking_page.html", context, status=status)
    return _public(response)
