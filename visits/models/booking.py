"""Parents choosing their own visit time: the personal link and what parents ask instead."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huisbezoek.models import School

from .visits import Visit


class BookingInvitation(models.Model):
    """A family's personal link to choose (and move or cancel) the time of its visit.

    Only the SHA-256 hash of the token is stored; the link works for this visit only, until
    ``expires_at`` (the end of the visit period)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="booking_invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    booked_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("uitnodiging om een tijd te kiezen")
        verbose_name_plural = _("uitnodigingen om een tijd te kiezen")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.visit_id} ({self.created:%Y-%m-%d})"


class BookingRequest(models.Model):
    """What parents asked for on their booking page instead of a time; the teacher confirms it."""

    class Kind(models.TextChoices):
        PHONE_CALL = "phone_call", _("Liever een telefoongesprek")
        SCHOOL_TALK = "school_talk", _("Liever een gesprek op school")
        INTERPRETER = "interpreter", _("Heeft een tolk nodig")
        FEMALE_VISITOR = "female_visitor", _("Wil een vrouwelijke bezoeker")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="booking_requests")
    kind = models.CharField(_("vraag"), max_length=20, choices=Kind.choices)
    created = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vraag van ouders")
        verbose_name_plural = _("vragen van ouders")
        ordering = ["created", "pk"]
        constraints = [models.UniqueConstraint(fields=["visit", "kind"], name="booking_request_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.kind}"
