"""Sending messages exactly once: queue under a unique key, claim, send, record.

How a message goes out (and why it never goes out twice):

1. ``notification_queue`` inserts a ``Notification`` row under a unique ``key`` in the caller's
   transaction. The key names what the message is about; a key that exists already means the
   message was queued before (by an earlier sweep, a retry, another worker), and nothing new
   is queued. After the transaction commits, a Celery task gets the row's id.
2. ``notification_send`` claims the row with one conditional UPDATE (``pending`` → ``sending``),
   committed before anything is sent: of two workers holding the same id, one wins the update,
   the other sends nothing. Then it hands the message to the e-mail, SMS or WhatsApp backend and records
   ``sent`` with the provider's id.
3. A failure that certainly sent nothing (server down, HTTP 5xx) goes back to ``pending`` with
   a doubling delay; after ``NOTIFICATION_MAX_ATTEMPTS`` it is ``failed``, visible in the log.
4. A worker killed between handing the message over and recording ``sent`` leaves the row in
   ``sending``. Whether the message arrived is unknown, so it is **not** sent again blindly:
   after ``NOTIFICATION_SENDING_TIMEOUT`` the dispatcher marks it ``unknown`` (needs attention),
   and an administrator may send it again by hand after checking. A provider that took the
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
import hashlib
import logging
import smtplib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import sms, whatsapp
from .models import Notification, mask_secrets
from .signals import notification_ready
from .window import Window, next_open

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
    """Have the message sent in the background (after the current transaction commits)."""
    notification_ready.send(sender=Notification, notification_id=notification_id)


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
    * ``channel``: ``"email"``, ``"sms"`` or ``"whatsapp"``; ``address``: the e-mail address or
      phone number as it is to be used (an SMS or WhatsApp number in international form, e.g.
      ``+31612345678``).
    * ``subject`` (e-mail only) and ``body``: the text as sent, already in ``language``.
      Never confidential content: names, dates, times, addresses and links only.
    * ``user``: the staff member it is for, if any; ``family_id``: the family it is for, if
      any (for the right of access and for removal).
    * ``window``: the local hours the message may go out in (``window.window_from_hours(8, 21)``
      for a parent), decided by the sending app; outside them it waits for the next opening —
      also when it is retried or sent after an outage. ``None``: at once, any time (staff).

    Raises ``ValidationError`` for an unknown channel, an empty address or body, or a key
    that is empty or too long."""
    if channel not in Channel.values:
        raise ValidationError(_("Onbekend kanaal: %(channel)s.") % {"channel": channel})
    if not key or len(key) > 200:
        raise ValidationError(_("Een bericht heeft een sleutel van 1 tot 200 tekens nodig."))
    if not address.strip() or not body.strip():
        raise ValidationError(_("Een bericht heeft een adres en een tekst nodig."))
    if Notification.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():  # a savepoint: a concurrent claim of the key loses quietly
            notification = Notification.objects.create(
                school=school,
                key=key,
                kind=kind,
                channel=channel,
                address=address.strip(),
                subject=subject[:200],
                body=body,
                language=language,
                recipient=user,
                family_id=family_id,
                next_attempt_at=next_open(window, timezone.now()),
                window_opens=window[0] if window else None,
                window_closes=window[1] if window else None,
            )
    except IntegrityError:
        return None
    # With the broker down the message waits as "pending" and the dispatcher (every minute) sends it.
    _ready(notification.pk)
    return notification


def _message_id(notification: Notification) -> str:
    digest = hashlib.sha256(notification.key.encode()).hexdigest()[:32]
    return f"<{digest}@huisbezoek>"


def _deliver(notification: Notification) -> str:
    """Hand the message to its channel; return the provider's id. Raises SendError / SendUncertain."""
    if notification.channel == Channel.SMS:
        reference = hashlib.sha256(notification.key.encode()).hexdigest()[:24]
        return sms.get_backend().send(to=notification.address, body=notification.body, reference=reference)
    if notification.channel == Channel.WHATSAPP:
        return whatsapp.send(to=notification.address, body=notification.body)
    message_id = _message_id(notification)
    # Open the connection first: a failure while connecting or logging in certainly sent
    # nothing (retry later); once the server has accepted us, a dropped connection or a
    # time-out may come after the message was taken (DATA sent), so it is "unknown", never
    # re-sent blindly. ``EMAIL_TIMEOUT`` keeps a hanging server well below the sending time-out.
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:  # refused, HELO/auth failed, time-out
        raise sms.SendError(f"could not connect to the mail server ({type(error).__name__})", transient=True) from None
    email = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
        headers={"Message-ID": message_id},
        connection=connection,
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused:
        raise sms.SendError("the mail server refused the address", transient=False) from None
    except smtplib.SMTPSenderRefused as error:
        # Refused before DATA: nothing was sent. A 4xx answer is temporary, a 5xx is not.
        transient = 400 <= error.smtp_code < 500
        raise sms.SendError(f"the mail server refused the sender ({error.smtp_code})", transient=transient) from None
    except (smtplib.SMTPException, OSError) as error:  # disconnected, DATA refused, time-out
        raise sms.SendUncertain(f"mail server error while sending ({type(error).__name__})") from None
    finally:
        try:
            connection.close()
        except Exception:  # closing is best effort; the outcome is decided above
            logger.debug("Closing the mail connection failed", exc_info=True)
    return message_id


def _retry_delay(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATION_RETRY_SECONDS * 2 ** max(0, attempts - 1))


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
    notification = Notification.objects.get(pk=notification_id)
    update: dict[str, object]
    try:
        provider_id = _deliver(notification)
    except sms.SendUncertain as error:
        update = {"status": Status.UNKNOWN, "last_error": str(error)[:300]}
    except sms.SendError as error:
        if error.transient and notification.attempts < settings.NOTIFICATION_MAX_ATTEMPTS:
            update = {
                "status": Status.PENDING,
                "last_error": error.reason[:300],
                "next_attempt_at": next_open(notification.window, timezone.now() + _retry_delay(notification.attempts)),
            }
        else:
            update = {"status": Status.FAILED, "last_error": error.reason[:300]}
    except Exception as error:  # noqa: BLE001 - an unexpected error may have struck after the hand-over
        update = {"status": Status.UNKNOWN, "last_error": f"unexpected error ({type(error).__name__})"}
    else:
        update = {
            "status": Status.SENT,
            "provider_id": provider_id[:200],
            "sent_at": timezone.now(),
            "last_error": "",
            "body": mask_secrets(notification.body),  # delivered: the log keeps no personal link's secret
        }
    Notification.objects.filter(pk=notification_id, status=Status.SENDING).update(**update)
    logger.info(
        "Notification %s (%s, %s): %s after %d attempt(s)",
        notification_id,
        notification.kind,
        notification.channel,
        update["status"],
        notification.attempts,
    )
    return str(update["status"])


def notifications_dispatch(*, now: datetime.datetime | None = None, limit: int = 2000) -> int:
    """The dispatcher (beat, every minute): send what waits and is due; flag what is stuck.

    * A message in ``sending`` for longer than ``NOTIFICATION_SENDING_TIMEOUT`` seconds (its
      worker died mid-send) becomes ``unknown``: shown as needing attention, never re-sent.
    * Every ``pending`` message that is due (new ones whose task got lost, and retries after
      their back-off) gets a send task. A message enqueued twice is still sent once: the
      claim in ``notification_send`` lets one task through.

    Returns the number of send tasks enqueued."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT)
    stuck = Notification.objects.filter(status=Status.SENDING, claimed_at__lt=stale).update(
        status=Status.UNKNOWN, last_error="the worker stopped while sending; it may or may not have arrived"
    )
    if stuck:
        logger.warning("%d notification(s) stuck in 'sending' marked 'unknown'", stuck)
    due = list(
        Notification.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        _ready(pk)
    return len(due)


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
