"""The interpreter's own page: a booking opened through their personal link (no log-in, no
cookies, Dutch). It shows that one booking and takes one answer: yes or no."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..models import InterpreterBooking
from . import services

ANSWERS = {"yes": True, "no": False}


def _public(response: HttpResponse) -> HttpResponse:
    response.cookies.clear()
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _page(
    request: HttpRequest, booking: InterpreterBooking | None, *, problem: str = "", status: int = 200
) -> HttpResponse:
    context: dict[str, object] = {"booking": booking, "problem": problem}
    if booking is not None:
        visit = booking.visit
        context.update(
            {
                "school": visit.school,
                "when": services.when_values(booking.starts_at),
                "area": services.family_area(visit.family),
                "minutes": visit.duration_minutes or 60,
                # The address, the meeting point and the teacher only once the interpreter said yes.
                "accepted": booking.status == InterpreterBooking.Status.ACCEPTED,
                "address": services.family_address(visit.family),
                "meeting_point": visit.meeting_point,
                "teacher": visit.lead_visitor.get_full_name(),
            }
        )
    with translation.override("nl"):
        response = render(request, "visits/interpreter_booking.html", context, status=status)
    return _public(response)


def _problem(booking: InterpreterBooking) -> str:
    """Why the booking cannot be answered now ("" when it can)."""
    if booking.status == InterpreterBooking.Status.WITHDRAWN:
        return "withdrawn"
    if booking.status != InterpreterBooking.Status.REQUESTED:
        return "answered"
    if booking.is_expired:
        return "expired"
    return ""


@csrf_exempt  # no cookies on this page: the secret link is what authorises the answer
@require_http_methods(["GET", "POST"])
def interpreter_booking(request: HttpRequest, token: str) -> HttpResponse:
    booking = services.find_booking(token)
    if booking is None:
        return _page(request, None, problem="unknown", status=404)
    if request.method == "POST" and request.POST.get("answer") in ANSWERS:
        try:
            booking = services.interpreter_booking_answer(token=token, accept=ANSWERS[request.POST["answer"]])
        except ValidationError as error:
            booking.refresh_from_db()
            return _page(request, booking, problem=error.code or "unknown", status=410)
        booking = services.find_booking(token)
    elif request.method == "POST":
        return _page(request, booking, problem="no_answer", status=400)
    problem = _problem(booking) if booking else "unknown"
    status = 410 if problem in ("withdrawn", "expired") else 200
    return _page(request, booking, problem="" if problem == "answered" else problem, status=status)
