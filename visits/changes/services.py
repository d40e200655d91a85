"""Telling parents and interpreters when the school changes a planned home visit.

``visit_changes_notify`` runs at the end of planning (``visits.services.visit_schedule``) and of a
status change by hand (``visit_transition``), in their transaction, with what the visit was
before. It decides who must hear what:

* **The family**, when the school moves its planned home visit to another time, or cancels it
  (status "cancelled" with the reason "cancelled by the school" or "other": a family that
  cancelled itself, moved or cannot be reached is not written to). Through ``family_contact``,
  in ``parent_language``, in the family's sending hours, and only when the school sends parents
  messages at all (its reminder settings). A moved visit's message also stands for the
  confirmation of the new time (the reminder sweep does not send one after it).
* **The school interpreter** (when the school sends interpreters messages): a new interpreter
  or a new time is a new booking with its own yes/no link (``visits.interpreting``); an
  interpreter taken off the visit, or whose visit is cancelled or declined, is told not to come.

Talks at school get none of this, like the reminders. Only visits whose (old) time lies ahead.
Each message is queued under a key naming the visit and its version (or the booking), so a
double click, a retried request or a second worker never sends one twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import services as notifications
from notifications.models import Notification

from .. import selectors
from ..interpreting import services as interpreting
from ..models import Interpreter, Visit
from ..reminders.settings import reminder_settings_for
from . import messages

S = Visit.Status
# Cancellations the family hears of from the school (the others: the family knows, or cannot be reached).
TOLD_CANCELLATIONS = frozenset({Visit.FailureReason.SCHOOL_CANCELLED, Visit.FailureReason.OTHER})

KINDS = {
    "parent_moved": gettext_lazy("Ouders: bezoek verzet"),
    "parent_cancelled": gettext_lazy("Ouders: bezoek gaat niet door"),
}
for _kind, _label in KINDS.items():
    notifications.register_kind(_kind, _label)


@dataclass(frozen=True)
class Before:
    """What a visit was before a change: enough to tell what changed."""

    status: str
    kind: str
    starts_at: datetime.datetime | None
    interpreter_id: int | None

    @classmethod
    def of(cls, visit: Visit) -> Before:
        return cls(visit.status, visit.kind, visit.starts_at, visit.interpreter_id)

    def planned_home_visit_ahead(self, now: datetime.datetime) -> bool:
        return (
            self.status == S.SCHEDULED
            and self.kind == Visit.Kind.HOME
            and self.starts_at is not None
            and self.starts_at > now
        )


def stamp(moment: datetime.datetime) -> str:
    """A visit's time in a key (as the reminders write it)."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M")


def _facts(visit: Visit, at: datetime.datetime, old: datetime.datetime | None) -> messages.ChangeFacts:
    new = interpreting.when_values(at)
    was = interpreting.when_values(old) if old else {"date": "", "time": ""}
    return messages.ChangeFacts(
        school=visit.school.name,
        date=new["date"],
        time=new["time"],
        old_date=was["date"],
        old_time=was["time"],
        phone=visit.school.phone,
    )


def _tell_family(visit: Visit, kind: str, key: str, facts: messages.ChangeFacts) -> None:
    contact = selectors.family_contact(visit.family)
    if contact is None:
        return  # the teacher calls this family (it is on their "call yourself" list)
    channel, address = contact
    language = selectors.parent_language(visit.family, offered=messages.LANGUAGES)
    if channel in selectors.SHORT_TEXT_CHANNELS:
        subject, body = "", messages.short_text(language=language, kind=kind, facts=facts)
    else:
        subject, body = messages.email_text(language=language, kind=kind, facts=facts)
    notifications.notification_queue(
        school=visit.school,
        key=key,
        kind=f"parent_{kind}",
        channel=channel,
        address=address,
        subject=subject,
        body=body,
        language=language,
        family_id=visit.family_id,
        window=selectors.parent_message_window(),
    )


def _tell_interpreter_not_needed(
    visit: Visit, interpreter: Interpreter, at: datetime.datetime, cancelled: bool
) -> None:
    contact = interpreting.interpreter_contact(interpreter)
    if contact is None:
        return
    channel, address = contact
    values = {
        "name": interpreter.name,
        "school": visit.school.name,
        "area": interpreting.family_area(visit.family),
        **interpreting.when_values(at),
    }
    with translation.override(settings.LANGUAGE_CODE):
        if cancelled:
            line = (
                _("Het huisbezoek op %(date)s om %(time)s (%(area)s) gaat niet door. U hoeft niet te komen.") % values
            )
        else:
            line = (
                _(
                    "De school heeft bij het huisbezoek op %(date)s om %(time)s (%(area)s) geen tolk meer nodig van u. "
                    "U hoeft niet te komen."
                )
                % values
            )
        if channel == Notification.Channel.SMS:
            subject, body = "", f"{values['school']}: {line}"
        else:
            subject = _("Huisbezoek op %(date)s om %(time)s: u hoeft niet te komen") % values
            body = (
                _("Beste %(name)s,") % values
                + "\n\n"
                + line
                + "\n\n"
                + _("Met vriendelijke groet,\n%(school)s") % values
            )
    notifications.notification_queue(
        school=visit.school,
        key=f"interpreter_cancelled:{visit.pk}:v{visit.version}:{interpreter.pk}",
        kind="interpreter_cancelled",
        channel=channel,
        address=address,
        subject=subject,
        body=body,
        user=interpreter.user,
        family_id=visit.family_id,
        window=selectors.parent_message_window(),
    )


@transaction.atomic
def visit_changes_notify(*, visit: Visit, before: Before) -> None:
    """Queue what parents and the interpreter must hear after the school changed ``visit``
    (saved already) from ``before``. Rules: see the module docstring."""
    now = timezone.now()
    was_ahead = before.planned_home_visit_ahead(now)
    is_ahead = Before.of(visit).planned_home_visit_ahead(now)
    if not (was_ahead or is_ahead):
        return
    rs = reminder_settings_for(school=visit.school)
    moved = was_ahead and is_ahead and visit.starts_at != before.starts_at

    # The family.
    if rs.parent_confirmation or rs.parent_reminder:
        if moved:
            assert visit.starts_at is not None
            _tell_family(
                visit,
                messages.MOVED,
                f"parent_moved:{visit.pk}:{stamp(visit.starts_at)}:v{visit.version}",
                _facts(visit, visit.starts_at, before.starts_at),
            )
        elif was_ahead and visit.status == S.CANCELLED and visit.failure_reason in TOLD_CANCELLATIONS:
            assert before.starts_at is not None
            _tell_family(
                visit,
                messages.CANCELLED,
                f"parent_cancelled:{visit.pk}:v{visit.version}",
                _facts(visit, before.starts_at, None),
            )

    # The school interpreter.
    if not rs.interpreter_messages:
        return
    same_booking = is_ahead and was_ahead and not moved and visit.interpreter_id == before.interpreter_id
    if same_booking:
        return  # only the agenda, the meeting point or the visitors changed
    withdrawn = interpreting.interpreter_bookings_withdraw(visit=visit)
    asked_again = visit.interpreter_id if is_ahead else None
    not_needed = {b.interpreter_id for b in withdrawn}
    if (
        was_ahead
        and before.interpreter_id
        and before.starts_at is not None
        and not any(b.interpreter_id == before.interpreter_id for b in withdrawn)
    ):
        # Planned before interpreters answered by link (no booking): told all the same.
        if not visit.interpreter_bookings.filter(
            interpreter_id=before.interpreter_id, starts_at=before.starts_at
        ).exists():
            not_needed.add(before.interpreter_id)
    if was_ahead and before.starts_at is not None:
        for interpreter in Interpreter.objects.filter(pk__in=not_needed - {asked_again}):
            _tell_interpreter_not_needed(visit, interpreter, before.starts_at, cancelled=not is_ahead)
    if asked_again:
        again = asked_again == before.interpreter_id and moved
        interpreting.interpreter_booking_request(visit=visit, moved_from=before.starts_at if again else None)


def moved_announcements(*, school_id: int, family_ids: set[int]) -> set[tuple[int, str]]:
    """(visit id, time stamp) of every "visit moved" message queued for these families: the new
    time is confirmed by it, so the reminder sweep sends no second confirmation. One query."""
    keys = Notification.objects.filter(school_id=school_id, kind="parent_moved", family_id__in=family_ids).values_list(
        "key", flat=True
    )
    found = set()
    for key in keys:
        _prefix, visit_id, when, *_rest = key.split(":")
        found.add((int(visit_id), when))
    return found
