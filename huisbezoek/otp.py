"""The second log-in step: a code from an authenticator app (TOTP), or a recovery code.

Built on django-otp: a confirmed ``TOTPDevice`` per user and one ``StaticDevice`` holding
the single-use recovery codes. django-otp refuses a TOTP code that was already used (the
device remembers the last time step) and slows down guessing: after each wrong code the
device waits twice as long before it checks another (``OTP_*_THROTTLE_FACTOR``).

Who must use it: anyone who is directie, care coordinator or administrator at any of their
schools, the technical operator (superuser), and teachers at a school that requires it
(``School.teachers_need_second_factor``). See ``SecondFactorMiddleware``.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, Role

if TYPE_CHECKING:
    from .models import User

# Roles with access to report content, care cases or all family data.
STRONG_ROLES = frozenset({Role.DIRECTIE, Role.CARE_COORDINATOR, Role.ADMINISTRATOR})
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"


# Set at log-in for a user who set up an app voluntarily: from then on they use it too.
SESSION_OPTED_IN_KEY = "otp_opted_in"


def second_factor_required(user: User, memberships: Iterable[Membership], session: Any = None) -> bool:
    """Whether ``user`` must pass the second step before seeing any page.

    ``memberships`` are the user's roles (with their schools), as the middleware has them;
    ``session`` tells whether a teacher set up an app of their own accord."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff or (session is not None and session.get(SESSION_OPTED_IN_KEY)):
        return True
    for membership in memberships:
        if membership.role in STRONG_ROLES:
            return True
        if membership.role == Role.TEACHER and membership.school.teachers_need_second_factor:
            return True
    return False


def is_verified(user: User) -> bool:
    """Whether the user passed the second factor in this session (django-otp's middleware gives
    the request's user an ``is_verified`` method; a user from elsewhere has not)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def has_app_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def devices_remove(user: User) -> int:
    """Delete every second-factor device of ``user`` (app and recovery codes); return how many.

    At their next log-in they set up an app again, as someone new does."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _ = model.objects.filter(user=user).delete()
        removed += count
    return removed


def new_enrolment_key() -> str:
    """A fresh 20-byte secret (hex), kept in the session until the first code confirms it."""
    return secrets.token_hex(20)


def enrolment_device(user: User, key: str) -> TOTPDevice:
    """An unsaved device for ``key``: its ``config_url`` is what the QR code holds."""
    return TOTPDevice(user=user, key=key, name=APP_DEVICE_NAME, confirmed=False)


def _new_recovery_codes(device: StaticDevice) -> list[str]:
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]


@transaction.atomic
def totp_enrol(*, user: User, key: str, code: str) -> Enrolment:
    """Confirm a new authenticator app with its first code, and issue fresh recovery codes.

    The code must match ``key`` now (one step of clock difference allowed); it is then
    spent, so it cannot be used again to log in. The new app replaces any earlier one, and
    the recovery codes replace any earlier codes (they are shown once, never stored readable
    elsewhere)."""
    code = (code or "").strip().replace(" ", "")
    device = enrolment_device(user, key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not (code.isdigit() and totp.verify(int(code), tolerance=device.tolerance)):
        raise ValidationError(_("Deze code klopt niet. Typ de zes cijfers die de app nu laat zien."), code="wrong_code")
    device.last_t = totp.t()  # spent: the same code will not log in again
    device.confirmed = True
    TOTPDevice.objects.filter(user=user).delete()
    device.save()
    recovery, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
    )
    return Enrolment(device=device, recovery_codes=_new_recovery_codes(recovery))


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones (the old ones stop working at once).

    Only for a user with a confirmed authenticator app: recovery codes are a fallback."""
    if not has_app_device(user):
        raise ValidationError(_("Stel eerst een authenticator-app in."), code="no_app")
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
    )
    return _new_recovery_codes(device)


@dataclass(frozen=True)
class Throttled:
    """Too many wrong codes: the next check waits until ``until``."""

    until: object


def verification_blocked(user: User) -> Throttled | None:
    """Whether the user's devices are still waiting after wrong codes."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed:
            return Throttled(until=(data or {}).get("locked_until"))
    return None


def second_factor_check(*, user: User, code: str) -> Device | None:
    """The device that accepts ``code`` (an app code or an unused recovery code), or None.

    A recovery code is used up by this check; an app code cannot be used twice. Every wrong
    code makes the device wait longer before the next check (django-otp's throttling)."""
    code = (code or "").strip().replace(" ", "").lower()
    if not code or len(code) > 16:
        return None
    # Six digits come from the app; anything else is a recovery code. A device that refuses
    # the code waits longer before its next check.
    # The devices are locked while the code is checked, so two requests racing with one code
    # (PostgreSQL) cannot both pass: the second sees the code used.
    with transaction.atomic():
        devices: list[Device] = (
            list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
            if code.isdigit() and len(code) == 6
            else list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
        )
        for device in devices:
            if device.verify_token(code):
                return device
    return None


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remember_opt_in(sender: object, request: Any, user: User, **kwargs: object) -> None:
    """On log-in: a user with an authenticator app must use it, even where it is optional."""
    if request is not None and hasattr(request, "session") and has_app_device(user):
        request.session[SESSION_OPTED_IN_KEY] = True
