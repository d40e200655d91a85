"""Interpreters answer a booking through their own link: the request, the answer, withdrawing.

When a visit gets a school interpreter (planning), ``interpreter_booking_request`` makes a
booking with a secret link (256 bits; only its SHA-256 hash is stored) and queues the message
with it: date, time, about how long, and the area (the postcode's four digits and the place).
The family's name and full address are not in the message or on the page before the
interpreter says yes: a four-digit postcode area is a neighbourhood, not a house, so a
forwarded or misdirected link gives nothing away, while the interpreter can still judge the
travel. After "yes" the page shows the address, the meeting point and the teacher.

The link works for its own booking only (the token's hash finds exactly one row), until the
visit begins. It answers once: an answered, withdrawn or expired booking shows its state and
cannot be flipped. A "no" takes the interpreter off the visit (the visit stays planned, and
needs an interpreter again: the visit page and the teacher's list say "tolk heeft afgezegd")
and e-mails the visitor who leads the visit.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import services as notifications
from notifications.models import Notification

from .. import selectors
from ..models import Family, InterpreterBooking, Visit

if TYPE_CHECKING:
    from ..models import Interpreter

TOKEN_BYTES = 32  # 256 bits
B = InterpreterBooking.Status
OPEN = (B.REQUESTED, B.ACCEPTED)
EMAIL, SMS = Notification.Channel.EMAIL, Notification.Channel.SMS

KINDS = {
    "interpreter_request": gettext_lazy("Tolk: verzoek (ja of nee)"),
    "interpreter_cancelled": gettext_lazy("Tolk: hoeft niet te komen"),
    "interpreter_declined": gettext_lazy("Leerkracht: tolk heeft afgezegd"),
}
for _kind, _label in KINDS.items():
    notifications.register_kind(_kind, _label)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def booking_link(token: str) -> str:
    return settings.SITE_URL + reverse("visits:interpreter_booking", args=[token])


def family_area(family: Family) -> str:
    """The neighbourhood, not the house: the postcode's four digits and the place ("1055 Amsterdam")."""
    digits = re.match(r"\s*(\d{4})", family.postcode or "")
    return " ".join(part for part in ((digits.group(1) if digits else ""), family.city.strip()) if part) or "-"


def family_address(family: Family) -> str:
    street = f"{family.street} {family.house_number}".strip()
    place = f"{family.postcode} {family.city}".strip()
    return ", ".join(part for part in (street, place) if part)


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def when_values(moment: datetime.datetime, prefix: str = "") -> dict[str, str]:
    local = _local(moment)
    return {f"{prefix}date": f"{local:%d-%m-%Y}", f"{prefix}time": f"{local:%H:%M}"}


def interpreter_contact(interpreter: Interpreter) -> tuple[str, str] | None:
    """Where an interpreter gets messages: their e-mail, else their mobile; None without either."""
    if interpreter.email:
        return EMAIL, interpreter.email
    mobile = selectors.sms_number(interpreter.phone)
    return (SMS, mobile) if mobile else None


def find_booking(token: str) -> InterpreterBooking | None:
    """The booking a link's token belongs to (by its hash), or None. Not per user: the link is the key."""
    if not token or len(token) > 100:
        return None
    return (
        InterpreterBooking.objects.select_related(
            "visit__family", "visit__school", "visit__lead_visitor", "interpreter"
        )
        .filter(token_hash=token_hash(token))
        .first()
    )


def _request_text(
    visit: Visit, interpreter: Interpreter, link: str, channel: str, moved_from: datetime.datetime | None
):
    assert visit.starts_at is not None
    values = {
        "name": interpreter.name,
        "school": visit.school.name,
        "minutes": visit.duration_minutes or 60,
        "area": family_area(visit.family),
        "link": link,
        **when_values(visit.starts_at),
        **(when_values(moved_from, "old_") if moved_from else {}),
    }
    if channel == SMS:
        if moved_from:
            text = _(
                "%(school)s: huisbezoek verzet naar %(date)s %(time)s (%(area)s). Kunt u dan tolken? "
                "Ja of nee: %(link)s"
            )
        else:
            text = _("%(school)s: tolk gevraagd bij huisbezoek %(date)s %(time)s (%(area)s). Ja of nee: %(link)s")
        return "", text % values
    if moved_from:
        subject = _("Huisbezoek verzet: kunt u tolken op %(date)s om %(time)s?") % values
        intro = (
            _("Het huisbezoek van %(old_date)s om %(old_time)s is verzet. %(school)s vraagt u opnieuw als tolk.")
            % values
        )
    else:
        subject = _("Verzoek: tolk bij huisbezoek op %(date)s om %(time)s") % values
        intro = _("%(school)s vraagt u als tolk bij een huisbezoek.") % values
    body = (
        _("Beste %(name)s,") % values
        + "\n\n"
        + intro
        + "\n\n"
        + _(
            "Wanneer: %(date)s om %(time)s (ongeveer %(minutes)s minuten)\n"
            "Waar: %(area)s\n\n"
            "Kunt u komen? Zeg ja of nee via uw eigen link:\n%(link)s\n\n"
            "Het adres en de ontmoetingsplek ziet u nadat u ja hebt gezegd. De link werkt tot het bezoek begint.\n\n"
            "Met vriendelijke groet,\n%(school)s"
        )
        % values
    )
    return subject, body


@transaction.atomic
def interpreter_booking_request(
    *, visit: Visit, moved_from: datetime.datetime | None = None
) -> InterpreterBooking | None:
    """Ask the visit's school interpreter to come: a new booking and its link in one message.

    Rule: one booking per interpreter and visit time; the message goes once (key per booking),
    in the interpreter's sending hours. Nothing without an interpreter, a future time, or an
    address to write to (then the school arranges it by phone, as before)."""
    interpreter = visit.interpreter
    if interpreter is None or visit.starts_at is None or visit.starts_at <= timezone.now():
        return None
    contact = interpreter_contact(interpreter)
    if contact is None:
        return None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    booking = InterpreterBooking.objects.create(
        school=visit.school,
        visit=visit,
        interpreter=interpreter,
        token_hash=token_hash(token),
        starts_at=visit.starts_at,
        expires_at=visit.starts_at,
    )
    channel, address = contact
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _request_text(visit, interpreter, booking_link(token), channel, moved_from)
    notifications.notification_queue(
        school=visit.school,
        key=f"interpreter_request:{booking.pk}",
        kind="interpreter_request",
        channel=channel,
        address=address,
        subject=subject,
        body=body,
        user=interpreter.user,
        family_id=visit.family_id,  # about the family's visit: forgotten with the family
        window=selectors.parent_message_window(),
    )
    return booking


@transaction.atomic
def interpreter_bookings_withdraw(*, visit: Visit) -> list[InterpreterBooking]:
    """The school no longer asks (another time, another interpreter, no visit): every open
    booking of the visit is withdrawn, so its link only says so. Returns them as they were."""
    open_bookings = list(InterpreterBooking.objects.select_for_update().filter(visit=visit, status__in=OPEN))
    InterpreterBooking.objects.filter(pk__in=[b.pk for b in open_bookings]).update(status=B.WITHDRAWN)
    return open_bookings


def _tell_teacher(booking: InterpreterBooking, visit: Visit) -> None:
    teacher = visit.lead_visitor
    if not teacher.email:
        return
    assert visit.starts_at is not None
    values = {
        "name": teacher.first_name,
        "interpreter": booking.interpreter.name,
        "family": visit.family.name,
        "link": settings.SITE_URL + reverse("visits:visit_detail", args=[visit.pk]),
        **when_values(visit.starts_at),
    }
    with translation.override(settings.LANGUAGE_CODE):
        notifications.notification_queue(
            school=visit.school,
            key=f"interpreter_declined:{booking.pk}",
            kind="interpreter_declined",
            channel=EMAIL,
            address=teacher.email,
            user=teacher,
            family_id=visit.family_id,  # names the family: removed with it
            subject=_("Tolk heeft afgezegd: huisbezoek familie %(family)s op %(date)s") % values,
            body=_(
                "Beste %(name)s,\n\n"
                "%(interpreter)s heeft afgezegd als tolk bij het huisbezoek bij familie %(family)s "
                "op %(date)s om %(time)s.\n"
                "Het bezoek blijft gepland, maar heeft weer een tolk nodig. Kies een andere tolk:\n%(link)s"
            )
            % values,
        )


@transaction.atomic
def interpreter_booking_answer(*, token: str, accept: bool) -> InterpreterBooking:
    """The interpreter says yes or no through their link.

    Rule: once, before the visit begins, only while the school still asks (the booking is
    "requested"); anything else is refused with a code the page explains (``unknown``,
    ``answered``, ``withdrawn``, ``expired``). A "no" takes the interpreter off the visit (which
    stays planned) and e-mails its lead visitor."""
    hashed = token_hash(token) if token and len(token) <= 100 else ""
    booking = InterpreterBooking.objects.select_for_update().filter(token_hash=hashed).first() if hashed else None
    if booking is None:
        raise ValidationError(_("Deze link is niet (meer) geldig."), code="unknown")
    if booking.status == B.WITHDRAWN:
        raise ValidationError(_("De school heeft dit verzoek ingetrokken."), code="withdrawn")
    if booking.status != B.REQUESTED:
        raise ValidationError(_("U hebt dit verzoek al beantwoord."), code="answered")
    if booking.is_expired:
        raise ValidationError(_("Het bezoek is al begonnen; deze link werkt niet meer."), code="expired")
    visit = (
        Visit.objects.select_for_update().select_related("family", "school", "lead_visitor").get(pk=booking.visit_id)
    )
    if (
        visit.status != Visit.Status.SCHEDULED
        or visit.interpreter_id != booking.interpreter_id
        or visit.starts_at != booking.starts_at
    ):  # changed without the booking being withdrawn (should not happen): treat it as withdrawn
        InterpreterBooking.objects.filter(pk=booking.pk).update(status=B.WITHDRAWN)
        raise ValidationError(_("De school heeft dit verzoek ingetrokken."), code="withdrawn")
    booking.status = B.ACCEPTED if accept else B.DECLINED
    booking.answered_at = timezone.now()
    booking.save(update_fields=["status", "answered_at"])
    if not accept:
        visit.interpreter = None
        visit.version += 1  # a planning form opened before the "no" must not put the interpreter back
        visit.save(update_fields=["interpreter", "version", "updated"])
        _tell_teacher(booking, visit)
    return booking


def interpreter_declined(visit: Visit) -> bool:
    """Whether the visit needs an interpreter again because the one asked said no: planned, no
    interpreter now, none brought by the family, and a "no" for this very time."""
    if visit.status != Visit.Status.SCHEDULED or visit.interpreter_id or visit.family_interpreter:
        return False
    if visit.starts_at is None:
        return False
    return InterpreterBooking.objects.filter(visit=visit, status=B.DECLINED, starts_at=visit.starts_at).exists()


def current_booking(visit: Visit) -> InterpreterBooking | None:
    """The open booking of the visit's interpreter at its time, for the visit page."""
    if visit.interpreter_id is None or visit.starts_at is None:
        return None
    return (
        InterpreterBooking.objects.filter(visit=visit, interpreter_id=visit.interpreter_id, starts_at=visit.starts_at)
        .exclude(status=B.WITHDRAWN)
        .first()
    )
