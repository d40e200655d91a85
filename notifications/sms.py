"""Pluggable SMS backends, chosen with the SMS_BACKEND setting (like Django's e-mail backends).

* ``console`` (default in development): prints the message to standard output.
* ``file``: writes each message to its own file in ``SMS_FILE_PATH`` (named by the message's
  reference, so handing the same message over twice leaves one file).
* ``twilio``: Twilio's REST API (``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``, ``SMS_FROM``).
* any dotted path to a class with the same ``send`` method.

A backend raises ``SendError`` when the message certainly did not go out (``transient`` says
whether trying again later may help) and ``SendUncertain`` when it may have gone out (the
provider took the request but its answer never came). The sender decides what to do with each.
Errors name what went wrong (HTTP status, time-out), never the message or the number.
"""

from __future__ import annotations

import base64
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Protocol

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

    def send(self, *, to: str, body: str, reference: str) -> str:
        """Hand one SMS to the provider; return the provider's message id."""
        ...


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
    """Twilio's Messages resource: POST /2010-04-01/Accounts/{sid}/Messages.json (form-encoded)."""

    def __init__(self) -> None:
        self.account_sid = settings.TWILIO_ACCOUNT_SID
        self.auth_token = settings.TWILIO_AUTH_TOKEN
        self.sender = settings.SMS_FROM
        self.base_url = settings.TWILIO_API_URL.rstrip("/")
        self.timeout = settings.SMS_TIMEOUT

    def send(self, *, to: str, body: str, reference: str) -> str:
        if not (self.account_sid and self.auth_token and self.sender):
            missing = "TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, SMS_FROM"
            raise SendError(f"Twilio is not configured ({missing})", transient=False)
        url = f"{self.base_url}/2010-04-01/Accounts/{urllib.parse.quote(self.account_sid)}/Messages.json"
        data = urllib.parse.urlencode({"To": to, "From": self.sender, "Body": body}).encode()
        credentials = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - the configured provider URL
            url,
            data=data,
            method="POST",
            headers={
                "Authorization": f"Basic {credentials}",
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read().decode() or "{}")
        except urllib.error.HTTPError as error:
            # 5xx and 429 (too many requests): the provider did not take it, later may work.
            # Other 4xx (bad number, bad credentials): trying again sends nothing either.
            transient = error.code >= 500 or error.code == 429
            raise SendError(f"HTTP {error.code} from the SMS provider", transient=transient) from None
        except urllib.error.URLError as error:
            # Raised while connecting or sending the request: the provider never answered it.
            raise SendError(f"SMS provider unreachable ({type(error.reason).__name__})", transient=True) from None
        except TimeoutError:
            # The request went out but the answer did not come: it may have been sent.
            raise SendUncertain("no answer from the SMS provider within the time-out") from None
        except (ValueError, OSError) as error:
            raise SendUncertain(f"unreadable answer from the SMS provider ({type(error).__name__})") from None
        message_id = payload.get("sid") if isinstance(payload, dict) else None
        if not message_id:
            raise SendUncertain("the SMS provider's answer has no message id")
        return str(message_id)


ALIASES = {
    "console": "notifications.sms.ConsoleSmsBackend",
    "file": "notifications.sms.FileSmsBackend",
    "twilio": "notifications.sms.TwilioSmsBackend",
}


def get_backend() -> BaseSmsBackend:
    path = ALIASES.get(settings.SMS_BACKEND, settings.SMS_BACKEND)
    backend: BaseSmsBackend = import_string(path)()
    return backend
