"""Invitations of new staff: a personal link to set a password, usable once, for a few days."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek.models import School


class Invitation(models.Model):
    """An invitation to set a password, sent by a school's administrator.

    The link holds a random token of 256 bits; only its SHA-256 hash is stored, so the table
    cannot be turned into working links. A link works once (``accepted_at``), until
    ``expires_at``, and not after the administrator revoked it or sent a new one."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    sent_count = models.PositiveSmallIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.school}"

    @property
    def is_open(self) -> bool:
        """Not used, not revoked and not expired: the link still works."""
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def is_expired(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at <= timezone.now()
