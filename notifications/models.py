"""The notification log: every e-mail and SMS the product sends.

A ``Notification`` row is created *before* anything is sent, under a unique ``key`` that names
what it is about (e.g. ``parent_reminder:visit=12:2026-11-05T19:00``). Claiming the key is what
makes a message go out exactly once: a second sweep, a retry or a second worker finds the key
taken and sends nothing. The row is also the log an administrator reads: what, to whom, through
which channel, when, its status and the provider's message id. It never holds confidential
content: only names, dates, times, addresses and links.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huisbezoek.models import School

# A personal link's secret (e.g. a parent's questionnaire token, 43 characters): a long run of
# URL-safe characters in a path. Only the recipient may hold it; the log shows "…" instead.
SECRET_IN_LINK = re.compile(r"(?<=/)[A-Za-z0-9_-]{32,}")


def mask_secrets(text: str) -> str:
    """``text`` with the secret part of every personal link replaced by "…"."""
    return SECRET_IN_LINK.sub("…", text)


class Notification(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Sms")
        WHATSAPP = "whatsapp", _("WhatsApp")

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op verzenden")
        SENDING = "sending", _("Wordt verstuurd")
        SENT = "sent", _("Verstuurd")
        FAILED = "failed", _("Mislukt")
        # The worker stopped (or the provider did not answer) after handing the message over:
        # it may or may not have arrived. Never re-sent automatically; an administrator decides.
        UNKNOWN = "unknown", _("Onbekend: controleren")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=40, db_index=True)
    channel = models.CharField(_("kanaal"), max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.CharField(_("aan"), max_length=254)
    language = models.CharField(_("taal"), max_length=8, default="nl")
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    body = models.TextField(_("tekst"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The local hours the message may go out in (a parent is not woken at night), as the
    # sending app decided; empty: any time. See notifications/window.py.
    window_opens = models.TimeField(null=True, blank=True)
    window_closes = models.TimeField(null=True, blank=True)
    last_error = models.CharField(_("laatste fout"), max_length=300, blank=True)
    provider_id = models.CharField(_("id bij de verzender"), max_length=200, blank=True)
    # A family's messages, for the right of access and for removal (no FK: notifications does
    # not know the visits app).
    family_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    created = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["school", "-created"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.address} ({self.status})"

    @property
    def window(self) -> tuple[datetime.time, datetime.time] | None:
        """The sending window, or None when the message may go out at any time."""
        if self.window_opens is None or self.window_closes is None:
            return None
        return self.window_opens, self.window_closes

    @property
    def needs_attention(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.UNKNOWN)

    @property
    def body_for_display(self) -> str:
        """The text as a person may read it in the log or an export: without link secrets."""
        return mask_secrets(self.body)
