"""When a visitor can go on home visits: windows per date, marked by teachers and interpreters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huisbezoek.models import School

from .school import Interpreter


class AvailabilityWindow(models.Model):
    """One evening or afternoon (a date, from, until) a teacher or an interpreter can visit.

    Exactly one of ``user`` and ``interpreter`` is set. The parents' booking page only offers
    times inside the windows of everyone who comes along."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="availability_windows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="availability_windows"
    )
    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.CASCADE, null=True, blank=True, related_name="availability_windows"
    )
    date = models.DateField(_("datum"))
    start = models.TimeField(_("van"))
    end = models.TimeField(_("tot"))

    class Meta:
        verbose_name = _("beschikbare tijd")
        verbose_name_plural = _("beschikbare tijden")
        ordering = ["date", "start", "pk"]
        indexes = [models.Index(fields=["school", "date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="availability_window_order"),
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False) & models.Q(interpreter__isnull=True))
                | (models.Q(user__isnull=True) & models.Q(interpreter__isnull=False)),
                name="availability_window_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.start:%H:%M}-{self.end:%H:%M}"
