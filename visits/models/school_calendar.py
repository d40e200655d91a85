"""The school's own calendar: holidays of its own, study days, team weeks, evenings without visits,
and regional holidays the school does not keep."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from huisbezoek.limits import CALENDAR_LABEL_MAX
from huisbezoek.models import School
from huisbezoek.validators import no_hidden_characters


class SchoolCalendarEntry(models.Model):
    """One period (one or more days) in the school's own calendar.

    Every kind but ``NOT_A_HOLIDAY`` closes the days for home visits; ``NOT_A_HOLIDAY`` says the
    school keeps its doors open in (part of) a regional school holiday, so those days may be planned."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Vakantie van de school (eigen data)")
        STUDY_DAY = "study_day", _("Studiedag")
        TEAM_WEEK = "team_week", _("Teamweek")
        NO_VISITS = "no_visits", _("Geen huisbezoeken (bijvoorbeeld een ouderavond)")
        NOT_A_HOLIDAY = "not_a_holiday", _("Geen vakantie (de school wijkt af van de regio)")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="calendar_entries")
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    start = models.DateField(_("eerste dag"))
    end = models.DateField(_("laatste dag"))
    label = models.CharField(
        _("omschrijving"),
        max_length=CALENDAR_LABEL_MAX,
        validators=[no_hidden_characters],
        help_text=_(
            "Kort, bijvoorbeeld 'Studiedag team' of 'Ouderavond groep 8'. Leerkrachten zien dit bij het plannen."
        ),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dag in de schoolkalender")
        verbose_name_plural = _("schoolkalender")
        ordering = ["school", "start", "end", "pk"]
        indexes = [models.Index(fields=["school", "start", "end"], name="calendarentry_school_dates")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="calendarentry_end_not_before_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.start:%Y-%m-%d} - {self.end:%Y-%m-%d})"

    @property
    def closes(self) -> bool:
        """Whether the entry closes its days for home visits."""
        return self.kind != self.Kind.NOT_A_HOLIDAY

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end
