"""The availability page: teachers, duo colleagues and interpreters mark the evenings they can visit;
the administrator marks them for interpreters without an account."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role
from huisbezoek.views_helpers import run_service

from ..models import Interpreter, Programme
from . import access, services
from .forms import WindowForm

ROLES = (Role.TEACHER, Role.DIRECTIE, Role.CARE_COORDINATOR, Role.INTERPRETER, Role.ADMINISTRATOR)


def _programme(request: SchoolHttpRequest) -> Programme | None:
    """The visit period running now or next, else the last one."""
    programmes = Programme.objects.filter(school=request.school)
    upcoming = programmes.filter(period_end__gte=timezone.localdate()).order_by("period_start").first()
    return upcoming or programmes.order_by("-period_end").first()


def _page(
    request: SchoolHttpRequest, form: WindowForm, *, interpreter: Interpreter | None, action: str
) -> HttpResponse:
    mine = access.windows_visible_to(request.actor)
    if interpreter is not None:
        mine = mine.filter(interpreter=interpreter)
    elif request.actor.roles & access.STAFF_ROLES:
        mine = mine.filter(user=request.user)
    else:
        mine = mine.none()
    programme = _programme(request)
    days, total = services.windows_by_date(mine.order_by("date", "start"), programme)
    return render(
        request,
        "visits/availability.html",
        {
            "form": form,
            "days": days,
            "total": total,
            "programme": programme,
            "interpreter": interpreter,
            "action": action,
            "can_mark_self": interpreter is not None or bool(request.actor.roles & access.STAFF_ROLES),
            "interpreters": list(access.interpreters_marked_by(request.actor)) if interpreter is None else [],
        },
    )


def _add(request: SchoolHttpRequest, form: WindowForm, *, interpreter: Interpreter | None) -> bool:
    if not form.is_valid():
        return False
    user = request.user if interpreter is None else None
    count = len(form.dates())
    return bool(
        run_service(
            request,
            lambda: services.windows_add(
                school=request.school,
                dates=form.dates(),
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                by=request.user,
                user=user,
                interpreter=interpreter,
            ),
            form=form,
            success=_("De tijd staat op %(count)s dag(en).") % {"count": count},
        )
    )


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def availability(request: SchoolHttpRequest) -> HttpResponse:
    """My own windows (a staff member), or my interpreter profile's; the administrator picks an interpreter."""
    interpreter = None
    if not request.actor.roles & access.STAFF_ROLES:
        interpreter = access.interpreters_marked_by(request.actor).filter(user=request.user).first()
    action = reverse("visits:availability")
    form = WindowForm(request.POST or None)
    if request.method == "POST":
        if interpreter is None and not request.actor.roles & access.STAFF_ROLES:
            return redirect(action)
        if _add(request, form, interpreter=interpreter):
            return redirect(action)
    return _page(request, form, interpreter=interpreter, action=action)


@require_http_methods(["GET", "POST"])
@role_required(Role.INTERPRETER, Role.ADMINISTRATOR)
def interpreter_availability(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    interpreter = access.get_interpreter_for(request.actor, pk)
    action = reverse("visits:interpreter_availability", args=[interpreter.pk])
    form = WindowForm(request.POST or None)
    if request.method == "POST" and _add(request, form, interpreter=interpreter):
        return redirect(action)
    return _page(request, form, interpreter=interpreter, action=action)


@require_POST
@role_required(*ROLES)
def availability_delete(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    window = access.get_window_for(request.actor, pk)
    back = (
        reverse("visits:interpreter_availability", args=[window.interpreter_id])
        if window.interpreter_id and window.interpreter and window.interpreter.user_id != request.user.pk
        else reverse("visits:availability")
    )
    run_service(
        request,
        lambda: services.window_delete(window=window, by=request.user),
        success=_("De tijd is weggehaald."),
    )
    return redirect(back)
