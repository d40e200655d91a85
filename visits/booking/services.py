"""Parents choose their own visit time: the teacher's invitations, booking, moving and cancelling
through the family's personal link, and what parents ask instead of a time.

Every booking runs in one transaction that first locks the visit, then the rows of everyone who
comes (the visitors' users, then the interpreters, each by id: one fixed order, so two bookings
never wait on each other in a circle), and only then checks the slot again with the slot engine.
A second family that wanted the same visitor at the same time waits for the lock, then sees the
time gone ("taken").
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huisbezoek.models import User
from notifications import services as notifications

from ..interpreting import services as interpreting
from ..models import BookingInvitation, BookingRequest, Family, Interpreter, Programme, Visit
from ..reminders.settings import reminder_settings_for
from ..selectors import family_contact, parent_language, parent_message_window
from ..services import plannable_kind, record_transition
from .slots import offer_slots
from .texts import TEXTS

if TYPE_CHECKING:
    from huisbezoek.models import School

logger = logging.getLogger(__name__)

S = Visit.Status
INVITABLE = frozenset({S.TO_PLAN, S.CONTACTED, S.UNREACHABLE})
INVITE_KIND = "booking_invitation"
STAFF_KIND = "booking_staff"
SMS_SCHOOL_MAX = 20

notifications.register_kind(INVITE_KIND, gettext_lazy("Ouders: kies zelf een tijd"))
notifications.register_kind(STAFF_KIND, gettext_lazy("Leerkracht: ouders kozen, verzetten of zegden af"))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_invitation(token: str) -> BookingInvitation | None:
    """The invitation a parent's link stands for (newest of the visit wins), or None."""
    if not token or len(token) > 100:
        return None
    return (
        BookingInvitation.objects.filter(token_hash=token_hash(token))
        .select_related("visit", "visit__school", "visit__family", "school")
        .first()
    )


def booking_url(token: str) -> str:
    return settings.SITE_URL + reverse("visits:booking_page", args=[token])


def _expiry(programme: Programme) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(programme.period_end, datetime.time(23, 59)))


@dataclass
class InviteResult:
    sent: list[Visit] = field(default_factory=list)
    call_yourself: list[Visit] = field(default_factory=list)


def _message(family: Family, school: School, token: str, expires: datetime.datetime) -> tuple[str, str, str, str]:
    """(language, channel, subject, body) of the invitation; empty channel: the teacher calls."""
    contact = family_contact(family)
    language = parent_language(family, offered=tuple(TEXTS))
    if contact is None:
        return language, "", "", ""
    texts = TEXTS[language]
    name = school.name if contact.channel == "email" else school.name[:SMS_SCHOOL_MAX].strip()
    values = {"school": name, "link": booking_url(token), "date": timezone.localtime(expires).strftime("%d-%m-%Y")}
    if contact.channel == "sms":
        return language, contact.channel, "", texts["sms"].format(**values)
    return language, contact.channel, texts["subject"].format(**values), texts["body"].format(**values)


@transaction.atomic
def invitations_send(*, school: School, visits: list[Visit], by: User) -> InviteResult:
    """Invite families to choose their own time for their visit.

    The rule: only the teacher's own visits (they lead it), still to plan, as a home visit, in a
    year with a programme. A family that prefers a call, a letter or a word in person gets no
    message: it is returned as "zelf bellen". Each invitation is a new link (a random token of 256
    bits; only its SHA-256 hash is stored) that works until the end of the visit period and for
    this visit only; an earlier link of the same visit stops working."""
    result = InviteResult()
    now = timezone.now()
    for visit in visits:
        if visit.school_id != school.pk or visit.lead_visitor_id != by.pk:
            raise ValidationError(_("U kunt alleen voor uw eigen bezoeken een uitnodiging sturen."))
        if visit.status not in INVITABLE or plannable_kind(visit) != Visit.Kind.HOME:
            continue
        programme = Programme.objects.filter(school_year_id=visit.school_year_id).first()
        if programme is None or _expiry(programme) <= now:
            continue
        family = Family.objects.prefetch_related("guardians", "home_languages").get(pk=visit.family_id)
        if family_contact(family) is None:
            result.call_yourself.append(visit)
            continue
        BookingInvitation.objects.filter(visit=visit).update(expires_at=now)
        token = secrets.token_urlsafe(32)
        expires = _expiry(programme)
        language, channel, subject, body = _message(family, school, token, expires)
        invitation = BookingInvitation.objects.create(
            school=school, visit=visit, token_hash=token_hash(token), expires_at=expires, channel=channel
        )
        contact = family_contact(family)
        assert contact is not None
        notifications.notification_queue(
            school=school,
            key=f"booking_invite:{invitation.pk}",
            kind=INVITE_KIND,
            channel=contact.channel,
            address=contact.address,
            subject=subject,
            body=body,
            language=language,
            family_id=family.pk,
            window=parent_message_window(),
        )
        result.sent.append(visit)
    logger.info("User %s sent %s booking invitations", by.pk, len(result.sent))
    return result


def invitation_problem(invitation: BookingInvitation, now: datetime.datetime) -> str:
    """Why the link no longer lets the parent choose: "expired", "closed" (the visit was planned
    otherwise, held or cancelled), or ""."""
    if invitation.expires_at <= now:
        return "expired"
    visit = invitation.visit
    if visit.status == S.SCHEDULED and invitation.booked_at is not None:
        return ""
    if visit.status not in INVITABLE or plannable_kind(visit) != Visit.Kind.HOME:
        return "closed"
    return ""


def change_deadline(visit: Visit, programme: Programme | None) -> datetime.datetime | None:
    """Until when the parent may still move or cancel their booked time themselves."""
    if visit.starts_at is None:
        return None
    hours = programme.booking_change_hours if programme else 24
    return visit.starts_at - datetime.timedelta(hours=hours)


def _lock_people(visit: Visit) -> None:
    """Lock every person who might come, in one fixed order: users by id, then interpreters by id."""
    user_ids = sorted(pk for pk in (visit.lead_visitor_id, visit.colleague_id) if pk)
    list(User.objects.select_for_update().filter(pk__in=user_ids).order_by("pk").values_list("pk", flat=True))
    family = visit.family
    if family.interpreter_needed and family.interpreter_arranged_by == Family.InterpreterArrangedBy.SCHOOL:
        list(
            Interpreter.objects.select_for_update()
            .filter(school_id=visit.school_id, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def _locked_visit(invitation: BookingInvitation, now: datetime.datetime) -> tuple[Visit, Programme | None]:
    visit = Visit.objects.select_for_update(of=("self",)).select_related("family").get(pk=invitation.visit_id)
    invitation.visit = visit
    problem = invitation_problem(invitation, now)
    if problem:
        raise ValidationError(problem, code=problem)
    programme = Programme.objects.filter(school_year_id=visit.school_year_id).first()
    if visit.status == S.SCHEDULED:
        deadline = change_deadline(visit, programme)
        if deadline is not None and now >= deadline:
            raise ValidationError("too_late", code="too_late")
    return visit, programme


@transaction.atomic
def booking_book(*, invitation: BookingInvitation, starts_at: datetime.datetime, now: datetime.datetime) -> Visit:
    """Book (or move) the family's visit at ``starts_at``, one of the slots the engine offers.

    Refused with code "taken" when the time is no longer free (another family was first), "too_late"
    when a booked time is moved after the programme's ``booking_change_hours``, "expired"/"closed"
    when the link no longer books. The visitors, the colleague and the interpreter hear of it."""
    visit, programme = _locked_visit(invitation, now)
    _lock_people(visit)
    slot = next((s for s in offer_slots(visit=visit, now=now) if s.starts_at == starts_at), None)
    if slot is None or programme is None:
        raise ValidationError("taken", code="taken")
    moved_from = visit.starts_at if visit.status == S.SCHEDULED else None
    old_interpreter = visit.interpreter
    visit.starts_at = slot.starts_at
    visit.duration_minutes = programme.visit_minutes
    if slot.interpreter is not None:
        visit.interpreter = slot.interpreter
    visit.kind = Visit.Kind.HOME
    note = _("gekozen door de ouders via hun link")
    if moved_from is not None:
        note = _("verzet door de ouders via hun link (was %(when)s)") % {"when": _when(moved_from)}
    record_transition(visit, to_status=S.SCHEDULED, by=visit.lead_visitor, note=note)
    visit.save()
    if invitation.booked_at is None:
        BookingInvitation.objects.filter(pk=invitation.pk).update(booked_at=now)
        invitation.booked_at = now
    _tell_staff(visit, "moved" if moved_from else "booked", extra=old_interpreter)
    _ask_interpreter(visit, moved_from=moved_from if old_interpreter == visit.interpreter else None)
    return visit


def _ask_interpreter(visit: Visit, *, moved_from: datetime.datetime | None = None) -> None:
    """As planning does: an earlier request of the visit is withdrawn and the school interpreter
    on the visit gets their own accept/decline link for the new time (``visits.interpreting``),
    when the school sends interpreters messages."""
    if not reminder_settings_for(school=visit.school).interpreter_messages:
        return
    interpreting.interpreter_bookings_withdraw(visit=visit)
    if visit.status == S.SCHEDULED:
        interpreting.interpreter_booking_request(visit=visit, moved_from=moved_from)


@transaction.atomic
def booking_cancel(*, invitation: BookingInvitation, now: datetime.datetime) -> Visit:
    """The parent cancels their booked time (before the deadline): the visit is cancelled with the
    reason "family cancelled", and the visitors and the interpreter hear of it."""
    visit, _programme = _locked_visit(invitation, now)
    if visit.status != S.SCHEDULED:
        raise ValidationError("closed", code="closed")
    when = visit.starts_at
    visit.starts_at = None
    record_transition(
        visit, to_status=S.CANCELLED, by=visit.lead_visitor, note=_("afgezegd door de ouders via hun link")
    )
    visit.failure_reason = Visit.FailureReason.FAMILY_CANCELLED
    visit.save()
    _tell_staff(visit, "cancelled", when=when)
    _ask_interpreter(visit)  # only withdraws: the interpreter's link then says it is off
    return visit


@transaction.atomic
def booking_request(*, invitation: BookingInvitation, kind: str, now: datetime.datetime) -> BookingRequest:
    """The parent asks for something instead of (or beside) a time: a phone call, a talk at school,
    an interpreter, a female visitor. The teacher sees it on the visit page and confirms it."""
    if kind not in BookingRequest.Kind.values:
        raise ValidationError("invalid", code="invalid")
    if invitation.expires_at <= now:
        raise ValidationError("expired", code="expired")
    request, created = BookingRequest.objects.get_or_create(
        visit_id=invitation.visit_id, kind=kind, defaults={"school_id": invitation.school_id}
    )
    if created:
        _tell_staff(invitation.visit, "request", request=request)
    return request


@transaction.atomic
def booking_request_confirm(*, request: BookingRequest, by: User) -> BookingRequest:
    """The teacher has seen the parents' request and handled it (called, planned, arranged)."""
    if request.confirmed_at is None:
        request.confirmed_at = timezone.now()
        request.save(update_fields=["confirmed_at"])
    logger.info("User %s confirmed booking request %s", by.pk, request.pk)
    return request


def _when(moment: datetime.datetime | None) -> str:
    if moment is None:
        return "-"
    local = timezone.localtime(moment)
    return f"{date_format(local, 'l j F')} {time_format(local, 'H:i')}"


def _tell_staff(
    visit: Visit,
    what: str,
    *,
    extra: Interpreter | None = None,
    when: datetime.datetime | None = None,
    request: BookingRequest | None = None,
) -> None:
    """An e-mail to the lead visitor, the colleague and the interpreter(s) about the parents' action.
    Names and times only (no family card content)."""
    family = visit.family
    link = settings.SITE_URL + reverse("visits:visit_detail", args=[visit.pk])
    subjects = {
        "booked": _("Gezin %(family)s koos een tijd: %(when)s"),
        "moved": _("Gezin %(family)s verzette het huisbezoek naar %(when)s"),
        "cancelled": _("Gezin %(family)s zegde het huisbezoek van %(when)s af"),
        "request": _("Gezin %(family)s vraagt: %(request)s"),
    }
    values = {
        "family": family.name,
        "when": _when(when if what == "cancelled" else visit.starts_at),
        "request": request.get_kind_display() if request else "",
    }
    subject = subjects[what] % values
    body = "\n".join([subject, "", _("Bekijk het bezoek: %(link)s") % {"link": link}])
    people: list[tuple[str, str, User | None]] = [
        (f"user:{user.pk}", user.email, user)
        for user in (visit.lead_visitor, None if what == "request" else visit.colleague)
        if user is not None and user.email
    ]
    if what != "request":
        interpreters = {i.pk: i for i in (visit.interpreter, extra) if i is not None}
        people += [(f"interpreter:{i.pk}", i.email, i.user) for i in interpreters.values() if i.email]
    moment = request.pk if request else visit.version
    for key, address, user in people:
        notifications.notification_queue(
            school=visit.school,
            key=f"booking_{what}:{visit.pk}:{moment}:{key}",
            kind=STAFF_KIND,
            channel="email",
            address=address,
            subject=subject,
            body=body,
            user=user,
        )
