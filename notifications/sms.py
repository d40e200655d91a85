"""Pluggable SMS backends, chosen with the SMS_BACKEND setting (like Django's e-mail backends).

* ``console`` (default in development): prints the message to standard output.
* ``file``: writes each message to its own file in ``SMS_FILE_PATH`` (named by the message's
  reference, so handing the same message over twice leaves one file).
* ``twilio``: Twilio's REST API (``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``, ``SMS_FROM``).
* any dotted path to a class with the same ``send`` method (and, if it keeps a connection,
  ``open``/``close``).

A backend object lives for one batch of messages (see notifications/channels.py): ``open`` is
called before the first message, ``send`` for each, ``close`` after the last; Twilio keeps one
HTTP connection (a ``requests.Session``) for the whole batch instead of one per message.

A backend raises ``SendError`` when the message certainly did not go out (``transient`` says
whether trying again later may help) and ``SendUncertain`` when it may have gone out (the
provider took the request but its answer never came). The sender decides what to do with each.
Errors name what went wrong (HTTP status, time-out), never the message or the number.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from pathlib import Path
from typing import Protocol

import requests
import urllib3
from django.conf import settings
from django.utils.module_loading import import_string


class SendError(Exception):
    """The message was not accepted. ``transient``: the same message may succeed later."""

    def __init__(self, reason: str, *, transient: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


class SendUncertain(Exception):
    """The message may or may not have been accepted (e.g. no answer after the request went out)."""


class BaseSmsBackend(Protocol):
    """What every SMS backend does (SMS_BACKEND names the class)."""

    def open(self) -> None:
        """Before the first message of a batch: open what the batch shares (a connection)."""

    def send(self, *, to: str, body: str, reference: str) -> str:
        """Hand one SMS to the provider; return the provider's message id."""
        ...

    def close(self) -> None:
        """After the last message of a batch (also after an error)."""


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, body: str, reference: str) -> str:
        sys.stdout.write(f"--- SMS {reference} to {to} ---\n{body}\n---\n")
        sys.stdout.flush()
        return f"console-{reference}"


class FileSmsBackend(BaseSmsBackend):
    def __init__(self) -> None:
        self.folder = Path(settings.SMS_FILE_PATH)

    def send(self, *, to: str, body: str, reference: str) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{reference}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"to": to, "body": body, "reference": reference}, ensure_ascii=False))
        tmp.replace(path)  # atomic: a reader sees the whole message or none
        return f"file-{reference}"


class TwilioSmsBackend(BaseSmsBackend):
    """Twilio's Messages resource: POST /2010-04-01/Accounts/{sid}/Messages.json (form-encoded).

    One ``requests.Session`` per batch: the TLS connection is made once and kept alive for every
    message of the batch. urllib3 checks a kept connection before it reuses it and reconnects if
    the provider closed it while idle, and it never retries a request by itself (``requests``'
    default), so a request is sent at most once."""

    def __init__(self) -> None:
        self.account_sid = settings.TWILIO_ACCOUNT_SID
        self.auth_token = settings.TWILIO_AUTH_TOKEN
        self.sender = settings.SMS_FROM
        self.base_url = settings.TWILIO_API_URL.rstrip("/")
        self.timeout = settings.SMS_TIMEOUT
        self.session: requests.Session | None = None

    def open(self) -> None:
        if self.session is None:
            self.session = requests.Session()
            self.session.auth = (self.account_sid, self.auth_token)
            self.session.headers["Accept"] = "application/json"

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    def send(self, *, to: str, body: str, reference: str) -> str:
        if not (self.account_sid and self.auth_token and self.sender):
            missing = "TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, SMS_FROM"
            raise SendError(f"Twilio is not configured ({missing})", transient=False)
        own_session = self.session is None  # used on its own, outside a batch
        self.open()
        assert self.session is not None
        url = f"{self.base_url}/2010-04-01/Accounts/{urllib.parse.quote(self.account_sid)}/Messages.json"
        try:
            response = self.session.post(
                url, data={"To": to, "From": self.sender, "Body": body}, timeout=self.timeout, allow_redirects=False
            )
        except (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError) as error:
            # Raised while connecting: the request never went out.
            raise SendError(f"SMS provider unreachable ({type(error).__name__})", transient=True) from None
        except requests.exceptions.ReadTimeout:
            # The request went out but the answer did not come: it may have been sent.
            raise SendUncertain("no answer from the SMS provider within the time-out") from None
        except requests.exceptions.ConnectionError as error:
            if _while_connecting(error):
                raise SendError(f"SMS provider unreachable ({type(error).__name__})", transient=True) from None
            # Dropped after the request went out: it may have been sent.
            raise SendUncertain(f"the SMS provider dropped the connection ({type(error).__name__})") from None
        except (requests.exceptions.RequestException, OSError) as error:
            raise SendUncertain(f"unreadable answer from the SMS provider ({type(error).__name__})") from None
        finally:
            if own_session:
                self.close()
        if response.status_code >= 400:
            # 5xx and 429 (too many requests): the provider did not take it, later may work.
            # Other 4xx (bad number, bad credentials): trying again sends nothing either.
            transient = response.status_code >= 500 or response.status_code == 429
            raise SendError(f"HTTP {response.status_code} from the SMS provider", transient=transient)
        try:
            payload = response.json() if response.content else {}
        except ValueError:
            raise SendUncertain("unreadable answer from the SMS provider (ValueError)") from None
        message_id = payload.get("sid") if isinstance(payload, dict) else None
        if not message_id:
            raise SendUncertain("the SMS provider's answer has no message id")
        return str(message_id)


def _while_connecting(error: requests.exceptions.ConnectionError) -> bool:
    """Whether ``requests`` failed before the request left: refused, no route, name unknown."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError | urllib3.exceptions.NameResolutionError)


ALIASES = {
    "console": "notifications.sms.ConsoleSmsBackend",
    "file": "notifications.sms.FileSmsBackend",
    "twilio": "notifications.sms.TwilioSmsBackend",
}


def get_backend() -> BaseSmsBackend:
    path = ALIASES.get(settings.SMS_BACKEND, settings.SMS_BACKEND)
    backend: BaseSmsBackend = import_string(path)()
    return backend
