"""An interpreter's booking on a visit, answered through their own link (accept or decline)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek.models import School

from .school import Interpreter
from .visits import Visit


class InterpreterBooking(models.Model):
    """The school asks an interpreter to come to one visit at one time; they answer by link.

    Only a hash of the link's secret is stored; the link works for this interpreter and this
    booking only, until the visit begins. A visit moved, cancelled or given another interpreter
    withdraws the booking (a new time is a new booking with a new link)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Gevraagd, nog geen antwoord")
        ACCEPTED = "accepted", _("Tolk komt")
        DECLINED = "declined", _("Tolk heeft afgezegd")
        WITHDRAWN = "withdrawn", _("Ingetrokken door de school")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="interpreter_bookings")
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="bookings")
    token_hash = models.CharField(max_length=64, unique=True)
    starts_at = models.DateTimeField(_("tijd van het bezoek"))
    expires_at = models.DateTimeField(_("link geldig tot"))
    status = models.CharField(
        _("antwoord van de tolk"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    created = models.DateTimeField(_("gevraagd"), auto_now_add=True)
    answered_at = models.DateTimeField(_("beantwoord"), null=True, blank=True)

    class Meta:
        verbose_name = _("tolkboeking")
        verbose_name_plural = _("tolkboekingen")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["visit", "-created"])]

    def __str__(self) -> str:
        return f"{self.interpreter} — {self.visit_id} ({self.status})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
