"""Personal iCalendar feeds: a secret, revocable link per person and school."""

from __future__ import annotations

import datetime

import icalendar
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from huisbezoek import languages
from huisbezoek.http import AuthenticatedHttpRequest
from huisbezoek.models import Membership

from .. import services
from ..models import CalendarFeed, Visit

SHOWN = (Visit.Status.SCHEDULED, Visit.Status.VISITED, Visit.Status.REPORTED)
TOKEN_SESSION_KEY = "calendar_token_once"  # noqa: S105 - a session key name, not a secret


@login_required
@require_GET
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.school is None:
        raise Http404
    token = request.session.pop(TOKEN_SESSION_KEY, None)
    feed_url = request.build_absolute_uri(reverse("visits:calendar_feed", args=[token])) if token else None
    active = CalendarFeed.objects.filter(user=request.user, school=request.school, revoked_at__isnull=True).first()
    return render(request, "visits/calendar_settings.html", {"feed_url": feed_url, "active": active})


@login_required
@require_POST
def calendar_renew(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.school is None:
        raise Http404
    token = services.calendar_feed_renew(user=request.user, school=request.school)
    # Shown once on the next page, then only its hash remains.
    request.session[TOKEN_SESSION_KEY] = token
    messages.success(request, _("Uw nieuwe agenda-link staat hieronder. Een oude link werkt niet meer."))
    return redirect("visits:calendar_settings")


@login_required
@require_POST
def calendar_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.school is None:
        raise Http404
    services.calendar_feed_revoke(user=request.user, school=request.school)
    messages.success(request, _("Uw agenda-link is uitgeschakeld."))
    return redirect("visits:calendar_settings")


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics file behind a secret link. An unknown, revoked or orphaned link is a 404."""
    feed = (
        CalendarFeed.objects.select_related("user", "school")
        .filter(token_hash=services.feed_token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None or not Membership.objects.filter(user=feed.user, school=feed.school).exists():
        raise Http404
    user, school = feed.user, feed.school
    involved = Q(lead_visitor=user) | Q(colleague=user) | Q(interpreter__user=user)
    visits = (
        Visit.objects.filter(involved, school=school, status__in=SHOWN, starts_at__isnull=False)
        .select_related("family", "lead_visitor", "colleague", "interpreter", "school")
        .order_by("starts_at")
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Huisbezoek//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Huisbezoeken %(school)s") % {"school": school.name})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for visit in visits:
        calendar.add_component(_event(request, visit, user, now))
    # Time-zone rules for the span a feed covers, not 1970-2038 (keeps the file small for phones).
    today = timezone.localdate()
    calendar.add_missing_timezones(
        first_date=today.replace(year=today.year - 1), last_date=today.replace(year=today.year + 2)
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="huisbezoeken.ics"'
    return response


def _event(request: HttpRequest, visit: Visit, user, now: datetime.datetime) -> icalendar.Event:
    family = visit.family
    interpreting = (
        visit.interpreter is not None
        and visit.interpreter.user_id == user.pk
        and user.pk
        not in (
            visit.lead_visitor_id,
            visit.colleague_id,
        )
    )
    start = timezone.localtime(visit.starts_at)
    event = icalendar.Event()
    event.add("uid", f"visit-{visit.pk}@huisbezoek")
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=visit.duration_minutes or 60))
    talk = visit.kind == Visit.Kind.SCHOOL_TALK
    address = f"{family.street} {family.house_number}, {family.postcode} {family.city}".strip(" ,")
    event.add("location", visit.school.name if talk else address)
    lines = []
    if talk:
        event.add("summary", _("Gesprek op school (familie %(name)s)") % {"name": family.name})
        if visit.colleague:
            lines.append(_("Met %(name)s") % {"name": visit.colleague.get_full_name()})
    elif interpreting:
        event.add("summary", _("Tolken bij huisbezoek (familie %(name)s)") % {"name": family.name})
        lines.append(_("Leerkracht: %(name)s") % {"name": visit.lead_visitor.get_full_name()})
        language = languages.get(family.interpreter_language)
        if language:
            lines.append(_("Taal: %(language)s") % {"language": language.name})
    else:
        event.add("summary", _("Huisbezoek familie %(name)s") % {"name": family.name})
        if visit.colleague:
            lines.append(_("Duobezoek met %(name)s") % {"name": visit.colleague.get_full_name()})
        if visit.interpreter:
            lines.append(_("Tolk: %(name)s") % {"name": visit.interpreter.name})
        elif visit.family_interpreter:
            lines.append(_("Tolk (via familie): %(name)s") % {"name": visit.family_interpreter})
        lines.append(
            _("Voorbereiding: %(url)s")
            % {"url": request.build_absolute_uri(reverse("visits:visit_prepare", args=[visit.pk]))}
        )
    if visit.meeting_point:
        lines.append(_("Eerst afspreken met de tolk: %(place)s") % {"place": visit.meeting_point})
    event.add("description", "\n".join(lines))
    return event
