"""WhatsApp: the WhatsApp Business Cloud API, a channel of the outbox beside e-mail and SMS.

``POST {WHATSAPP_API_URL}/{WHATSAPP_PHONE_NUMBER_ID}/messages`` with the bearer token
``WHATSAPP_TOKEN`` and a JSON text message; the answer's ``messages[0].id`` is the provider id
the log keeps. Off (``is_configured()`` false) until the phone number id and the token are set:
families who prefer WhatsApp then get an SMS to the same number (``visits.selectors.family_contact``).

Errors follow the SMS backends (``notifications.sms``): ``SendError`` when the message certainly
did not go out (HTTP 4xx: not retried, except 429; HTTP 5xx and no connection: retried later),
``SendUncertain`` when it may have gone out (a time-out after the request was sent, an answer
without a message id): never re-sent automatically. Errors name the HTTP status, never the text
or the number.

Note: WhatsApp delivers a free-form text only inside the 24 hours after the person last wrote to
the business; outside them Meta refuses it (a 4xx, so "failed" in the log) unless the school's
account sends approved templates. The log shows such a refusal; the administrator sends an SMS
or calls.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from .sms import SendError, SendUncertain


def is_configured() -> bool:
    """Whether messages can go out over WhatsApp (the phone number id and the token are set)."""
    return bool(settings.WHATSAPP_PHONE_NUMBER_ID and settings.WHATSAPP_TOKEN)


def send(*, to: str, body: str) -> str:
    """Send one text message to ``to`` (E.164, ``+31612345678``); return WhatsApp's message id."""
    if not is_configured():
        raise SendError("WhatsApp is not configured (WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_TOKEN)", transient=False)
    base = settings.WHATSAPP_API_URL.rstrip("/")
    url = f"{base}/{urllib.parse.quote(settings.WHATSAPP_PHONE_NUMBER_ID)}/messages"
    payload = {
        "messaging_product": "whatsapp",
        "to": to.lstrip("+"),  # E.164 without the plus
        "type": "text",
        "text": {"body": body},
    }
    request = urllib.request.Request(  # noqa: S310 - the configured provider URL
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {settings.WHATSAPP_TOKEN}",
            "Accept": "application/json",
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WHATSAPP_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read().decode() or "{}")
    except urllib.error.HTTPError as error:
        transient = error.code >= 500 or error.code == 429
        raise SendError(f"HTTP {error.code} from WhatsApp", transient=transient) from None
    except urllib.error.URLError as error:
        raise SendError(f"WhatsApp unreachable ({type(error.reason).__name__})", transient=True) from None
    except TimeoutError:
        raise SendUncertain("no answer from WhatsApp within the time-out") from None
    except (ValueError, OSError) as error:
        raise SendUncertain(f"unreadable answer from WhatsApp ({type(error).__name__})") from None
    messages = answer.get("messages") if isinstance(answer, dict) else None
    message_id = (
        messages[0].get("id") if isinstance(messages, list) and messages and isinstance(messages[0], dict) else None
    )
    if not message_id:
        raise SendUncertain("WhatsApp's answer has no message id")
    return str(message_id)
