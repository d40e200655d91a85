"""Channels: how a batch of claimed messages reaches e-mail, SMS, WhatsApp (and any channel added later).

A channel is a class with three methods, made once per batch by the sender in services.py:

* ``open()``: before the first message of the batch; opens what the batch shares (the SMTP
  connection, the HTTP session). Raises ``SendError`` (``transient=True``) when it cannot
  connect: nothing was sent, the batch's messages of this channel are retried later.
* ``send(notification)``: hands one message over and returns the provider's id. Raises
  ``SendError`` when the message certainly did not go out and ``SendUncertain`` when it may
  have (see services.py for what each leads to).
* ``close()``: after the last message, also after an error; best effort.

Adding a channel is one entry in ``CHANNELS`` (``register_channel``) plus its choice on
``Notification.Channel``.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from collections.abc import Callable
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from . import sms, whatsapp
from .models import Notification
from .sms import SendError, SendUncertain

logger = logging.getLogger(__name__)

__all__ = ["CHANNELS", "ChannelSender", "SendError", "SendUncertain", "register_channel"]


class ChannelSender(Protocol):
    def open(self) -> None: ...

    def send(self, notification: Notification) -> str: ...

    def close(self) -> None: ...


def message_reference(notification: Notification) -> str:
    """A stable reference made from the key: the same message always has the same one."""
    return hashlib.sha256(notification.key.encode()).hexdigest()


_NOT_SMTP = object()


class EmailChannel:
    """One SMTP connection (``EMAIL_BACKEND``) for the whole batch.

    A failure while connecting or logging in certainly sent nothing (retry later); once the
    server has accepted us, a dropped connection or a time-out may come after the message was
    taken (DATA sent), so it is "unknown", never re-sent blindly. After such an error the
    connection is not trusted any more: the next message of the batch opens a new one.
    ``EMAIL_TIMEOUT`` keeps a hanging server well below the sending time-out."""

    def __init__(self) -> None:
        self.connection = None

    def open(self) -> None:
        if self.connection is not None:
            return
        connection = get_connection(fail_silently=False)
        try:
            connection.open()
        except (smtplib.SMTPException, OSError) as error:  # refused, HELO/auth failed, time-out
            raise SendError(f"could not connect to the mail server ({type(error).__name__})", transient=True) from None
        self.connection = connection

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            connection.close()
        except Exception:  # closing is best effort; the outcomes are recorded already
            logger.debug("Closing the mail connection failed", exc_info=True)

    def _still_connected(self) -> bool:
        """False when the mail server closed the connection (smtplib drops its socket after a 421
        "closing" answer, e.g. a limit of messages per connection): the next message reconnects."""
        smtp = getattr(self.connection, "connection", _NOT_SMTP)
        if smtp is _NOT_SMTP:  # a backend without a server connection (console, file, test outbox)
            return True
        return smtp is not None and getattr(smtp, "sock", None) is not None

    def send(self, notification: Notification) -> str:
        if self.connection is not None and not self._still_connected():
            self.close()
        self.open()  # again after an error that closed it
        message_id = f"<{message_reference(notification)[:32]}@huisbezoek>"
        email = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.address],
            headers={"Message-ID": message_id},
            connection=self.connection,
        )
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused:
            raise SendError("the mail server refused the address", transient=False) from None
        except smtplib.SMTPSenderRefused as error:
            # Refused before DATA: nothing was sent. A 4xx answer is temporary, a 5xx is not.
            transient = 400 <= error.smtp_code < 500
            raise SendError(f"the mail server refused the sender ({error.smtp_code})", transient=transient) from None
        except (smtplib.SMTPException, OSError) as error:  # disconnected, DATA refused, time-out
            self.close()
            raise SendUncertain(f"mail server error while sending ({type(error).__name__})") from None
        return message_id


class SmsChannel:
    """The ``SMS_BACKEND``, made once per batch (Twilio keeps one HTTP session for it)."""

    def __init__(self) -> None:
        self.backend: sms.BaseSmsBackend | None = None

    def open(self) -> None:
        if self.backend is None:
            backend = sms.get_backend()
            opener = getattr(backend, "open", None)
            if opener is not None:
                opener()
            self.backend = backend

    def close(self) -> None:
        backend, self.backend = self.backend, None
        closer = getattr(backend, "close", None)
        if closer is not None:
            try:
                closer()
            except Exception:
                logger.debug("Closing the SMS backend failed", exc_info=True)

    def send(self, notification: Notification) -> str:
        self.open()
        assert self.backend is not None
        return self.backend.send(
            to=notification.address, body=notification.body, reference=message_reference(notification)[:24]
        )


class WhatsAppChannel:
    """The WhatsApp Business Cloud API (whatsapp.py): one HTTPS request per message."""

    def open(self) -> None:
        """Nothing to open: each message is one request."""

    def close(self) -> None:
        """Nothing to close."""

    def send(self, notification: Notification) -> str:
        return whatsapp.send(to=notification.address, body=notification.body)


# channel (``Notification.channel``) -> the class that sends a batch of it
CHANNELS: dict[str, Callable[[], ChannelSender]] = {
    Notification.Channel.EMAIL: EmailChannel,
    Notification.Channel.SMS: SmsChannel,
    Notification.Channel.WHATSAPP: WhatsAppChannel,
}


def register_channel(channel: str, sender: Callable[[], ChannelSender]) -> None:
    """Make ``channel`` sendable: ``sender()`` gives a new ``ChannelSender`` for one batch."""
    CHANNELS[channel] = sender
