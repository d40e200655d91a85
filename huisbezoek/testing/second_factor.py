"""Test support: a session that has passed the second factor, as after a real log-in."""

from __future__ import annotations

import time
from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from huisbezoek.middleware import SESSION_LAST_SEEN_KEY, SESSION_STARTED_KEY

# A fixed key, so a browser test can type the current code (base32: for authenticator apps).
KNOWN_TOTP_KEY = "3132333435363738393031323334353637383930"


def confirmed_device(user: Any) -> TOTPDevice:
    """The user's confirmed TOTP device, created with ``KNOWN_TOTP_KEY`` when there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", key=KNOWN_TOTP_KEY, confirmed=True)
    return device


def mark_session_verified(session: Any, user: Any) -> None:
    """What ``django_otp.login`` and the session middleware store after a real log-in.

    Only users who must use the second factor get a device (a teacher without one stays as
    in real life: no device, and no device lookup on every request)."""
    from huisbezoek.access import memberships_of
    from huisbezoek.otp import second_factor_required

    if second_factor_required(user, memberships_of(user)) or TOTPDevice.objects.filter(user=user).exists():
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    now = int(time.time())
    session.setdefault(SESSION_STARTED_KEY, now)
    session[SESSION_LAST_SEEN_KEY] = now


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows for ``device`` right now."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def pass_second_factor(client: Any, user: Any) -> None:
    """After a password log-in through the form: type the app's current code on the verification
    page, as the user would (a user who must use the second factor gets a device with the known key).
    Does nothing for a user who needs no second factor."""
    from django.urls import reverse

    from huisbezoek.access import memberships_of
    from huisbezoek.otp import second_factor_required

    if not second_factor_required(user, memberships_of(user)):
        return
    device = confirmed_device(user)
    client.get(reverse("otp_verify"))  # the page, and with it the security token of its form
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    response = client.post(reverse("otp_verify"), {"code": current_code(device), "csrfmiddlewaretoken": token})
    assert response.status_code == 302, "the second factor was not accepted"
