"""Sending messages exactly once: queue under a unique key, claim, send, record.

How a message goes out (and why it never goes out twice):

1. ``notifications_queue_many`` inserts the rows under their unique ``key`` in the caller's
   transaction, with one ``INSERT … ON CONFLICT DO NOTHING`` (``bulk_create(ignore_conflicts=
   True)``): a key that exists already means the message was queued before (by an earlier
   sweep, a retry, another worker), and the database skips it — no existence check, no
   savepoint per message. After the transaction commits, one batch task per
   ``NOTIFICATION_BATCH_SIZE`` new messages is enqueued. ``notification_queue`` queues one
   message the same way and has it sent at once by its own task (a single urgent message).
2. A batch task (``notifications_send_batch``) claims up to ``NOTIFICATION_BATCH_SIZE`` due
   messages with ``SELECT … FOR UPDATE SKIP LOCKED`` and marks them ``sending`` with its claim
   time, and **commits that before anything is sent**: two workers never claim the same row
   (a row another worker holds is skipped, not waited for). On SQLite there are no row locks;
   the claim's transaction takes the database's write lock at its start (``BEGIN IMMEDIATE``),
   so claims still follow each other — run one worker there. Then the batch is sent over one
   connection per channel (one SMTP connection, one HTTP session: channels.py) and each
   message's outcome is recorded as soon as it is known. ``notification_send`` does the same
   for one message by id (one conditional UPDATE ``pending`` → ``sending`` as its claim).
3. A failure that certainly sent nothing (server down, HTTP 5xx) goes back to ``pending`` with
   a doubling delay; after ``NOTIFICATION_MAX_ATTEMPTS`` it is ``failed``, visible in the log.
4. A worker killed between handing the message over and recording ``sent`` leaves the row in
   ``sending`` — and, killed in the middle of a batch, every claimed message of the batch it had
   not recorded yet (at most ``NOTIFICATION_BATCH_SIZE``). Whether such a message arrived is
   unknown, so it is **not** sent again blindly: after ``NOTIFICATION_SENDING_TIMEOUT`` the
   dispatcher marks it ``unknown`` (needs attention), and an administrator may send it again
   by hand after checking. A provider that took the
   request but never answered (time-out), or a mail server that dropped the connection after
   we had connected, is treated the same way. We prefer "maybe missed, and shown" over
   "maybe twice": a parent who gets a visit reminder twice loses trust, and the log and the
   teacher's own reminder cover a missed one.

A message may carry a sending window (local hours, decided by the app that queues it: a
parent's messages go out between 08:00 and 21:00). It is queued to wait for the window's next
opening, a retry that would fall outside waits for the next one too, and a send task that finds
the window closed (a backlog after an outage) leaves it waiting. See window.py.

Messages hold only names, dates, times, addresses and links — never confidential content.
"""

from __future__ import annotations

import datetime
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .channels import CHANNELS, ChannelSender, SendError, SendUncertain
from .models import Notification, mask_secrets
from .signals import notification_ready, notifications_due
from .window import Window, is_open, next_open

if TYPE_CHECKING:
    from huisbezoek.models import School, User

logger = logging.getLogger(__name__)

Status = Notification.Status
Channel = Notification.Channel

# Kinds of message and their names in the log, registered by the apps that send them.
KIND_LABELS: dict[str, object] = {}


def register_kind(kind: str, label: object) -> None:
    """Name a kind of message for the administrator's log (e.g. ``"parent_reminder"``)."""
    KIND_LABELS[kind] = label


def _ready(notification_id: int) -> None:
    """Have one message sent in the background (after the current transaction commits)."""
    notification_ready.send(sender=Notification, notification_id=notification_id)


def _due(messages: int) -> None:
    """Have ``messages`` waiting messages sent in batches (after the current transaction commits)."""
    if messages > 0:
        notifications_due.send(sender=Notification, batches=math.ceil(messages / settings.NOTIFICATION_BATCH_SIZE))


@dataclass(frozen=True)
class Outgoing:
    """One message to queue (see ``notification_queue`` for what each field means)."""

    key: str
    kind: str
    channel: str
    address: str
    subject: str
    body: str
    language: str = "nl"
    user: User | None = None
    family_id: int | None = None
    window: Window | None = None


def _checked(message: Outgoing) -> None:
    if message.channel not in Channel.values:
        raise ValidationError(_("Onbekend kanaal: %(channel)s.") % {"channel": message.channel})
    if not message.key or len(message.key) > 200:
        raise ValidationError(_("Een bericht heeft een sleutel van 1 tot 200 tekens nodig."))
    if not message.address.strip() or not message.body.strip():
        raise ValidationError(_("Een bericht heeft een adres en een tekst nodig."))


def _insert_new(*, school: School, messages: Sequence[Outgoing]) -> int:
    """Insert the rows whose key is new, in one ``INSERT … ON CONFLICT DO NOTHING`` (more than
    one only where the database limits the parameters of a statement: SQLite, about 50 rows
    each); return how many were inserted, as the database counted them."""
    now = timezone.now()
    rows = []
    seen: set[str] = set()
    for message in messages:
        _checked(message)
        if message.key in seen:
            continue
        seen.add(message.key)
        rows.append(
            Notification(
                school=school,
                key=message.key,
                kind=message.kind,
                channel=message.channel,
                address=message.address.strip(),
                subject=message.subject[:200],
                body=message.body,
                language=message.language,
                recipient=message.user,
                family_id=message.family_id,
                next_attempt_at=next_open(message.window, now),
                window_opens=message.window[0] if message.window else None,
                window_closes=message.window[1] if message.window else None,
            )
        )
    if not rows:
        return 0
    inserted = 0

    def count_inserted(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        nonlocal inserted
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("INSERT"):
            inserted += max(0, context["cursor"].rowcount)  # rows taken; a conflict counts 0
        return result

    with connection.execute_wrapper(count_inserted):
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return inserted


@transaction.atomic
def notifications_queue_many(*, school: School, messages: Iterable[Outgoing]) -> int:
    """Queue many messages of ``school`` at once; return how many were new.

    One ``INSERT … ON CONFLICT DO NOTHING`` on the unique key: a key queued before (whatever
    its status) is skipped by the database, so callers may queue the same messages as often as
    they like. After the caller's transaction commits, the new messages are sent in batches of
    ``NOTIFICATION_BATCH_SIZE`` (one task per batch). Raises ``ValidationError`` like
    ``notification_queue`` (and then queues none of them)."""
    new = _insert_new(school=school, messages=list(messages))
    _due(new)
    return new


@transaction.atomic
def notification_queue(
    *,
    school: School,
    key: str,
    kind: str,
    channel: str,
    address: str,
    subject: str,
    body: str,
    language: str = "nl",
    user: User | None = None,
    family_id: int | None = None,
    window: Window | None = None,
) -> Notification | None:
    """Queue one message under ``key`` and send it once the caller's transaction commits.

    Returns the new ``Notification``, or ``None`` when ``key`` was queued before (whatever its
    status: sent, failed or waiting) — so callers may call this as often as they like.

    * ``key``: unique over the whole installation, at most 200 characters; name what the
      message is about and include what would make it a *new* message (e.g. the visit's time,
      so a rescheduled visit gets a new reminder): ``f"eval_invite:{survey.pk}:{family.pk}"``.
    * ``kind``: a short code for the log's filter (register a label with ``register_kind``).
    * ``channel``: ``"email"`` or ``"sms"``; ``address``: the e-mail address or phone number
      as it is to be used (an SMS number in international form, e.g. ``+31612345678``).
    * ``subject`` (e-mail only) and ``body``: the text as sent, already in ``language``.
      Never confidential content: names, dates, times, addresses and links only.
    * ``user``: the staff member it is for, if any; ``family_id``: the family it is for, if
      any (for the right of access and for removal).
    * ``window``: the local hours the message may go out in (``window.window_from_hours(8, 21)``
      for a parent), decided by the sending app; outside them it waits for the next opening —
      also when it is retried or sent after an outage. ``None``: at once, any time (staff).

    Many messages at once (a sweep): ``notifications_queue_many``, one statement for all.

    Raises ``ValidationError`` for an unknown channel, an empty address or body, or a key
    that is empty or too long."""
    message = Outgoing(
        key=key,
        kind=kind,
        channel=channel,
        address=address,
        subject=subject,
        body=body,
        language=language,
        user=user,
        family_id=family_id,
        window=window,
    )
    if not _insert_new(school=school, messages=[message]):
        return None
    notification = Notification.objects.get(key=key)
    # With the broker down the message waits as "pending" and the dispatcher (every minute) sends it.
    _ready(notification.pk)
    return notification


def _retry_delay(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATION_RETRY_SECONDS * 2 ** max(0, attempts - 1))


def _outcome(notification: Notification, error: BaseException | None, provider_id: str = "") -> dict[str, object]:
    """The columns to record for a claimed message after its hand-over ended as it did."""
    if error is None:
        return {
            "status": Status.SENT,
            "provider_id": provider_id[:200],
            "sent_at": timezone.now(),
            "last_error": "",
            "body": mask_secrets(notification.body),  # delivered: the log keeps no personal link's secret
        }
    if isinstance(error, SendUncertain):
        return {"status": Status.UNKNOWN, "last_error": str(error)[:300]}
    if isinstance(error, SendError):
        if error.transient and notification.attempts < settings.NOTIFICATION_MAX_ATTEMPTS:
            return {
                "status": Status.PENDING,
                "last_error": error.reason[:300],
                "next_attempt_at": next_open(notification.window, timezone.now() + _retry_delay(notification.attempts)),
            }
        return {"status": Status.FAILED, "last_error": error.reason[:300]}
    # An unexpected error may have struck after the hand-over.
    return {"status": Status.UNKNOWN, "last_error": f"unexpected error ({type(error).__name__})"}


def _send_claimed(claimed: Sequence[Notification]) -> list[str]:
    """Send messages this worker claimed (``sending``, committed), one connection per channel for
    all of them, and record each outcome as soon as it is known. Returns the statuses in order.

    Must run outside a transaction's commit boundary: each outcome is its own statement, so a
    worker that dies halfway leaves only the messages it had not recorded in ``sending``.

    A batch that is still sending halfway through ``NOTIFICATION_SENDING_TIMEOUT`` (a very slow
    server) gives the messages it has not started back (``pending``, for the next batch) rather
    than send one the dispatcher may already have called "unknown"."""
    senders: dict[str, ChannelSender] = {}
    cannot_open: dict[str, SendError] = {}
    statuses: list[str] = []
    budget = datetime.timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT / 2)
    try:
        for position, notification in enumerate(claimed):
            assert notification.claimed_at is not None
            if timezone.now() > notification.claimed_at + budget:
                rest = [row.pk for row in claimed[position:]]
                given_back = Notification.objects.filter(pk__in=rest, status=Status.SENDING).update(
                    status=Status.PENDING, attempts=F("attempts") - 1
                )
                logger.warning("A slow batch gave %d unsent notification(s) back", given_back)
                break
            channel = notification.channel
            error: BaseException | None = cannot_open.get(channel)
            provider_id = ""
            if error is None and channel not in senders:
                try:
                    sender = CHANNELS[channel]()
                    sender.open()
                except SendError as failure:  # could not connect: nothing of this channel went out
                    cannot_open[channel] = error = failure
                except KeyError:  # no sender registered for the channel
                    cannot_open[channel] = error = SendError(f"no sender for the {channel} channel", transient=False)
                except Exception as failure:  # noqa: BLE001 - a backend that cannot start sent nothing
                    cannot_open[channel] = error = SendError(
                        f"could not start the {channel} backend ({type(failure).__name__})", transient=True
                    )
                else:
                    senders[channel] = sender
            if error is None:
                try:
                    provider_id = senders[channel].send(notification)
                except Exception as failure:  # noqa: BLE001 - recorded as the outcome (see _outcome)
                    error = failure
            update = _outcome(notification, error, provider_id)
            Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(**update)
            statuses.append(str(update["status"]))
            logger.info(
                "Notification %s (%s, %s): %s after %d attempt(s)",
                notification.pk,
                notification.kind,
                channel,
                update["status"],
                notification.attempts,
            )
    finally:
        for sender in senders.values():
            try:
                sender.close()
            except Exception:  # closing is best effort; the outcomes are recorded
                logger.debug("Closing the %s connection failed", type(sender).__name__, exc_info=True)
    return statuses


def notification_send(*, notification_id: int) -> str:
    """Send one queued message if it is still waiting and due; return its status afterwards.

    Deliberately *not* one transaction: the claim (``pending`` → ``sending``, one conditional
    UPDATE) must be committed before the message leaves, so a second worker or a retried task
    sees it taken and sends nothing; the outcome is recorded in a second statement. See the
    module docstring for what happens when the worker dies in between."""
    now = timezone.now()
    waiting = Notification.objects.filter(pk=notification_id, status=Status.PENDING)
    hours = waiting.values_list("window_opens", "window_closes").first()
    if hours is not None and hours[0] is not None and hours[1] is not None:
        opens_at = next_open((hours[0], hours[1]), now)
        if opens_at > now:  # outside its hours (a backlog after an outage): wait for the opening
            waiting.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=opens_at)).update(
                next_attempt_at=opens_at
            )
            return Status.PENDING
    claimed = (
        Notification.objects.filter(pk=notification_id, status=Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    )
    if not claimed:
        current = Notification.objects.filter(pk=notification_id).values_list("status", flat=True).first()
        return current or "missing"
    [status] = _send_claimed([Notification.objects.get(pk=notification_id)])
    return status


def notifications_claim_batch(*, now: datetime.datetime | None = None, size: int | None = None) -> list[Notification]:
    """Claim up to ``size`` (``NOTIFICATION_BATCH_SIZE``) due messages for this worker and commit.

    ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL): rows another worker is claiming right now
    are skipped, not waited for, so concurrent claimers never get the same row. A due message
    whose sending window is closed now (a backlog after an outage) is not claimed: it waits for
    the next opening. The claimed rows are ``sending`` with this claim's time when this returns."""
    now = now or timezone.now()
    size = size or settings.NOTIFICATION_BATCH_SIZE
    with transaction.atomic():
        claimed: list[Notification] = []
        postponed = 0
        while len(claimed) < size:
            wanted = size - len(claimed)
            rows = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(status=Status.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "pk")[:wanted]
            )
            sendable = [row for row in rows if is_open(row.window, now)]
            for row in rows:
                if row not in sendable:  # its window is closed now: it waits for the next opening
                    Notification.objects.filter(pk=row.pk).update(next_attempt_at=next_open(row.window, now))
                    postponed += 1
            if sendable:
                updated = Notification.objects.filter(
                    pk__in=[row.pk for row in sendable], status=Status.PENDING
                ).update(status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now)
                if updated != len(sendable):  # never under the row locks; roll back rather than risk a twin
                    raise RuntimeError("claimed messages changed under their lock")
                claimed.extend(sendable)
            if len(rows) < wanted or postponed >= 10 * size:
                break  # nothing more is due (or a long night's backlog: the next claim goes on)
    for row in claimed:
        row.status, row.attempts, row.claimed_at = Status.SENDING, row.attempts + 1, now
    return claimed


def notifications_send_batch(*, now: datetime.datetime | None = None, size: int | None = None) -> int:
    """Claim a batch of due messages (committed), then send them, one connection per channel.

    Returns how many messages this batch claimed (0: nothing was due, or others took it)."""
    if transaction.get_connection().in_atomic_block and not settings.CELERY_TASK_ALWAYS_EAGER:
        raise RuntimeError("a batch is sent outside a transaction: its claim must be committed first")
    claimed = notifications_claim_batch(now=now, size=size)
    if claimed:
        _send_claimed(claimed)
    return len(claimed)


def notifications_dispatch(*, now: datetime.datetime | None = None, limit: int = 20_000) -> int:
    """The dispatcher (beat, every minute): have what waits and is due sent; flag what is stuck.

    * A message in ``sending`` for longer than ``NOTIFICATION_SENDING_TIMEOUT`` seconds (its
      worker died mid-send, or mid-batch) becomes ``unknown``: shown as needing attention,
      never re-sent.
    * The ``pending`` messages that are due (new ones whose task got lost, retries after their
      back-off, a parent's messages when the morning window opens) are counted, up to
      ``limit``, and one batch task is enqueued per ``NOTIFICATION_BATCH_SIZE`` of them. Each
      batch claims what is due when it runs (SKIP LOCKED), so a batch enqueued twice sends nothing
      twice; the next run goes on with what is left.

    Returns the number of due messages found."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT)
    stuck = Notification.objects.filter(status=Status.SENDING, claimed_at__lt=stale).update(
        status=Status.UNKNOWN, last_error="the worker stopped while sending; it may or may not have arrived"
    )
    if stuck:
        logger.warning("%d notification(s) stuck in 'sending' marked 'unknown'", stuck)
    due = Notification.objects.filter(status=Status.PENDING, next_attempt_at__lte=now).values("pk")[:limit].count()
    _due(due)
    return due


@transaction.atomic
def notification_retry(*, notification: Notification, by: User) -> Notification:
    """An administrator sends a failed message, or one whose fate is unknown, again.

    Only ``failed`` and ``unknown`` messages can be retried (a waiting or sent one cannot: that
    would be a duplicate). The message gets a fresh set of attempts and is sent after commit.
    For ``unknown`` this is the administrator's deliberate choice after checking."""
    fresh = Notification.objects.select_for_update().get(pk=notification.pk)
    if fresh.status not in (Status.FAILED, Status.UNKNOWN):
        raise ValidationError(_("Alleen een mislukt of onbekend bericht kan opnieuw worden verstuurd."))
    fresh.status = Status.PENDING
    fresh.attempts = 0
    fresh.next_attempt_at = next_open(fresh.window, timezone.now())  # a parent is not woken either
    fresh.last_error = _("Opnieuw verstuurd door %(name)s") % {"name": by.get_full_name()}
    fresh.save(update_fields=["status", "attempts", "next_attempt_at", "last_error"])
    _ready(fresh.pk)
    logger.info("Notification %s queued again by user %s", fresh.pk, by.pk)
    return fresh


@transaction.atomic
def notifications_forget_family(*, school: School, family_id: int) -> int:
    """Remove what the log holds about one family (retention, or a family's request).

    Messages not sent yet are deleted (they will not go out); sent, failed and unknown ones
    keep only their kind, channel, status and dates — the address and text are erased and
    the link to the family dropped, so the key still stops a second send. Returns how many
    messages were touched."""
    rows = Notification.objects.select_for_update().filter(school=school, family_id=family_id)
    deleted, _detail = rows.filter(status=Status.PENDING).delete()
    scrubbed = rows.exclude(status=Status.PENDING).update(address="-", subject="", body="-", family_id=None)
    return deleted + scrubbed
