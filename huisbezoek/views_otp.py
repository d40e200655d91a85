"""Pages of the second log-in step: set up an authenticator app, type a code, recovery codes."""

from __future__ import annotations

from urllib.parse import quote

import django_otp
import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import otp
from .http import AuthenticatedHttpRequest
from .views_helpers import run_service

ENROL_KEY = "otp_enrol_key"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy("De zes cijfers uit uw authenticator-app, of een van uw herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code uit de app"),
        max_length=10,
        help_text=gettext_lazy("De zes cijfers die de app nu laat zien."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """After the password: a code from the app or a recovery code. Wrong codes slow down."""
    user = request.user
    if otp.is_verified(user):
        return HttpResponseRedirect(_next(request))
    if not otp.has_app_device(user):
        target = _next(request)
        return redirect(_url("otp_enrol") + (f"?next={quote(target)}" if target != "/" else ""))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        blocked = otp.verification_blocked(user)
        device = None if blocked else otp.second_factor_check(user=user, code=form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            if isinstance(device, otp.StaticDevice):
                left = otp.recovery_codes_left(user)
                messages.warning(
                    request,
                    _("U hebt een herstelcode gebruikt. U hebt er nog %(n)s over.") % {"n": left},
                )
            return HttpResponseRedirect(_next(request))
        if blocked:
            form.add_error("code", _("Te veel foute codes na elkaar. Wacht even en probeer het dan opnieuw."))
        else:
            form.add_error(
                "code",
                _("Deze code klopt niet of is al gebruikt. Wacht op een nieuwe code in de app en probeer opnieuw."),
            )
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next(request)})


def _url(name: str) -> str:
    return reverse(name)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code, confirm with the first code, and get
    recovery codes (shown once). Someone who already has an app must have passed the second
    step in this session to replace it."""
    user = request.user
    if otp.has_app_device(user) and not otp.is_verified(user):
        return redirect(f"{_url('otp_verify')}?next={quote(_next(request))}")
    key = request.session.get(ENROL_KEY)
    if request.method == "GET" or not key:
        key = request.session[ENROL_KEY] = otp.new_enrolment_key()
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        enrolled = run_service(
            request,
            lambda: otp.totp_enrol(user=user, key=key, code=form.cleaned_data["code"]),
            form=form,
            field_for_code={"wrong_code": "code"},
        )
        if enrolled:
            enrolment = enrolled.value
            del request.session[ENROL_KEY]
            django_otp.login(request, enrolment.device)
            return render(
                request,
                "registration/otp_recovery_codes.html",
                {"codes": enrolment.recovery_codes, "next": _next(request), "new_app": True},
            )
    device = otp.enrolment_device(user, key)
    qr = segno.make(device.config_url, error="m")
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return render(
        request,
        "registration/otp_enrol.html",
        {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next(request),
            "replacing": otp.has_app_device(user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET"])
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's second step: whether it is set up and required, and how many recovery codes remain."""
    user = request.user
    return render(
        request,
        "registration/otp_overview.html",
        {
            "has_app": otp.has_app_device(user),
            "required": otp.second_factor_required(user, request.memberships, request.session),
            "codes_left": otp.recovery_codes_left(user),
        },
    )


@never_cache
@login_required
@require_POST
def recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New recovery codes, shown once; the old ones stop working."""
    if otp.has_app_device(request.user) and not otp.is_verified(request.user):
        return redirect(f"{_url('otp_verify')}?next={_url('otp_overview')}")
    renewed = run_service(request, lambda: otp.recovery_codes_renew(user=request.user))
    if not renewed:
        return redirect("otp_overview")
    return render(
        request, "registration/otp_recovery_codes.html", {"codes": renewed.value, "next": "/", "new_app": False}
    )
