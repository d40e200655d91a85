"""The home-visit programme and the visits themselves: planning, transitions, contact log, calendar feeds."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek.limits import REASON_OTHER_MAX
from huisbezoek.models import School, SchoolYear

from .school import Family, Group, Interpreter, Pupil

DEFAULT_AGENDA = "\n".join(
    [
        "Kennismaken: wie zijn we, wat vindt uw kind leuk?",
        "Wat gaat goed, thuis en op school?",
        "Hoe gaat het leren thuis: huiswerk, rust, hulp?",
        "Wat verwacht u van school, en wat mag school van u verwachten?",
        "Vragen en wensen van ouders en kind",
    ]
)


class Programme(models.Model):
    """How a school runs home visits in one school year (set by the directie)."""

    class Cohort(models.TextChoices):
        ALL = "all", _("Alle leerlingen")
        FIRST_YEARS_AND_NEW = "first_and_new", _("Eerstejaars (groep 1 / klas 1) en zij-instromers")
        GROUPS = "groups", _("Gekozen groepen")

    class Frequency(models.TextChoices):
        YEARLY = "yearly", _("Elk jaar")
        EVERY_OTHER_YEAR = "every_other_year", _("Om het jaar")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="programmes")
    school_year = models.OneToOneField(SchoolYear, on_delete=models.CASCADE, related_name="programme")
    period_start = models.DateField(_("eerste bezoekdag"))
    period_end = models.DateField(_("laatste bezoekdag"))
    cohort = models.CharField(_("welke leerlingen"), max_length=16, choices=Cohort.choices, default=Cohort.ALL)
    cohort_groups = models.ManyToManyField(Group, blank=True, related_name="+", verbose_name=_("gekozen groepen"))
    frequency = models.CharField(_("hoe vaak"), max_length=20, choices=Frequency.choices, default=Frequency.YEARLY)
    visit_minutes = models.PositiveSmallIntegerField(
        _("afgesproken duur van een bezoek (minuten)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(60)],
        help_text=_("Een bezoek duurt hooguit 1 uur. Zeg de duur vooraf tegen de ouders."),
    )
    hours_per_visit = models.DecimalField(
        _("uren per bezoek in de taakuren"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("5.0"))],
        help_text=_("Inclusief reistijd, overleg en verslag. Meestal 1,5 tot 2,5 uur."),
    )

    class TravelMode(models.TextChoices):
        BIKE = "bike", _("Fiets")
        CAR = "car", _("Auto")
        PUBLIC_TRANSPORT = "public_transport", _("Openbaar vervoer")
        WALK = "walk", _("Lopend")

    travel_mode = models.CharField(
        _("hoe bezoekers reizen"),
        max_length=16,
        choices=TravelMode.choices,
        default=TravelMode.BIKE,
        help_text=_("Voor de reistijd tussen twee adressen als de afstand bekend is."),
    )
    travel_minutes = models.PositiveSmallIntegerField(
        _("reistijd tussen twee bezoeken (minuten)"), default=15, validators=[MaxValueValidator(120)]
    )
    evening_start = models.TimeField(_("eerste bezoek vanaf"), default=datetime.time(16, 0))
    evening_end = models.TimeField(_("laatste bezoek klaar om"), default=datetime.time(21, 0))
    agenda_template = models.TextField(
        _("vaste gespreksonderwerpen"),
        default=DEFAULT_AGENDA,
        help_text=_("Eén onderwerp per regel. Ouders en kind kunnen onderwerpen toevoegen."),
    )

    class Meta:
        verbose_name = _("huisbezoekprogramma")
        verbose_name_plural = _("huisbezoekprogramma's")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="programme_period_order"
            ),
            models.CheckConstraint(
                condition=models.Q(evening_end__gt=models.F("evening_start")), name="programme_evening_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year}"


class Visit(models.Model):
    """A pupil's home visit in one school year: from "to plan" to "reported".

    Siblings visited together share one visit (``pupils``). The status only changes through
    ``visits.services``, which records every transition.
    """

    class Status(models.TextChoices):
        TO_PLAN = "to_plan", _("Nog plannen")
        CONTACTED = "contacted", _("Contact gehad")
        SCHEDULED = "scheduled", _("Gepland")
        VISITED = "visited", _("Bezocht, verslag nog maken")
        REPORTED = "reported", _("Verslag klaar")
        DECLINED = "declined", _("Ouders willen geen bezoek")
        INVITED_AT_SCHOOL = "invited_at_school", _("Uitgenodigd op school")
        UNREACHABLE = "unreachable", _("Niet bereikbaar")
        CANCELLED = "cancelled", _("Geannuleerd")

    class Kind(models.TextChoices):
        """A home visit, or the talk at school a family is invited to when they want no home visit."""

        HOME = "home", _("Huisbezoek")
        SCHOOL_TALK = "school_talk", _("Gesprek op school")

    class DeclineReason(models.TextChoices):
        """Why parents want no home visit: one fixed list, so the figures can count it."""

        PRIVACY = "privacy", _("Liever niet thuis: thuis is privé")
        NO_TIME = "no_time", _("Geen tijd (werk, diensten, drukte)")
        NOT_NEEDED = "not_needed", _("Niet nodig: ouders kennen de school al")
        FEELS_LIKE_CONTROL = "feels_like_control", _("Voelt als controle, of alsof er iets mis is")
        HOME_SITUATION = "home_situation", _("Schaamte over het huis of de woonsituatie")
        LANGUAGE = "language", _("Taal: ouders zien op tegen het gesprek")
        CULTURE_RELIGION = "culture_religion", _("Culturele of religieuze redenen")
        ILLNESS = "illness", _("Ziekte of zorgen in het gezin")
        OTHER = "other", _("Anders")

    class FailureReason(models.TextChoices):
        """Why a visit did not go ahead although the family did not say no."""

        UNREACHABLE = "unreachable", _("Niet bereikt na meerdere pogingen")
        WRONG_CONTACT = "wrong_contact", _("Telefoonnummer of adres klopt niet")
        MOVED = "moved", _("Gezin verhuisd of kind van school")
        SCHOOL_CANCELLED = "school_cancelled", _("Bezoeker ziek of afgezegd door school")
        FAMILY_CANCELLED = "family_cancelled", _("Gezin heeft afgezegd")
        OTHER = "other", _("Anders")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="visits")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="visits")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="visits")
    pupils = models.ManyToManyField(Pupil, through="VisitPupil", related_name="visits")  # type: ignore[var-annotated]
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.TO_PLAN)
    starts_at = models.DateTimeField(_("datum en tijd"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), null=True, blank=True)
    lead_visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_visits", verbose_name=_("bezoeker")
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duo_visits",
        verbose_name=_("collega (duobezoek)"),
    )
    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.PROTECT, null=True, blank=True, related_name="visits", verbose_name=_("tolk")
    )
    family_interpreter = models.CharField(
        _("tolk die de familie meeneemt"), max_length=150, blank=True, help_text=_("Nooit het kind zelf.")
    )
    meeting_point = models.CharField(
        _("ontmoetingsplek met de tolk"),
        max_length=200,
        blank=True,
        help_text=_("Spreek de tolk vooraf buiten, bijvoorbeeld bij de hoek van de straat."),
    )
    agenda = models.TextField(_("gespreksonderwerpen"), blank=True)
    requested_topics = models.TextField(_("onderwerpen van ouders of kind"), blank=True)
    kind = models.CharField(_("soort gesprek"), max_length=12, choices=Kind.choices, default=Kind.HOME)
    decline_reason = models.CharField(
        _("reden (als ouders geen bezoek willen)"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_reason_other = models.CharField(_("andere reden"), max_length=REASON_OTHER_MAX, blank=True)
    failure_reason = models.CharField(
        _("reden dat het bezoek niet doorgaat"), max_length=20, choices=FailureReason.choices, blank=True
    )
    failure_reason_other = models.CharField(_("andere reden"), max_length=REASON_OTHER_MAX, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("huisbezoek")
        verbose_name_plural = _("huisbezoeken")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["school", "school_year", "status"])]

    def __str__(self) -> str:
        return f"{self.family} ({self.school_year})"

    @property
    def is_school_talk(self) -> bool:
        return self.kind == self.Kind.SCHOOL_TALK

    @property
    def decline_reason_text(self) -> str:
        """The parents' reason as the visit page shows it: the list's label, or what was typed for "anders"."""
        if self.decline_reason == self.DeclineReason.OTHER and self.decline_reason_other:
            return self.decline_reason_other
        return str(self.get_decline_reason_display()) if self.decline_reason else ""

    @property
    def failure_reason_text(self) -> str:
        """Why the visit did not go ahead, as the visit page shows it."""
        if self.failure_reason == self.FailureReason.OTHER and self.failure_reason_other:
            return self.failure_reason_other
        return str(self.get_failure_reason_display()) if self.failure_reason else ""

    @property
    def ends_at(self) -> datetime.datetime | None:
        if self.starts_at is None or self.duration_minutes is None:
            return None
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class VisitPupil(models.Model):
    """A pupil covered by a visit; a pupil has at most one visit per school year."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="visit_pupils")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="visit_links")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pupil", "school_year"], name="visitpupil_one_per_year")]

    def __str__(self) -> str:
        return f"{self.pupil} — {self.visit}"


class VisitTransition(models.Model):
    """One status change of a visit: who, when, from what to what (never confidential text)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Visit.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Visit.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class ContactAttempt(models.Model):
    """One attempt to reach the family, so "could not reach" is a fact, not an impression."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Gesproken")
        NO_ANSWER = "no_answer", _("Niet opgenomen")
        VOICEMAIL = "voicemail", _("Voicemail ingesproken")
        MESSAGE_SENT = "message_sent", _("Bericht gestuurd")
        WRONG_NUMBER = "wrong_number", _("Nummer klopt niet")
        DECLINED = "declined", _("Ouders willen geen bezoek")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="contact_attempts")
    at = models.DateTimeField(_("wanneer"))
    channel = models.CharField(_("hoe"), max_length=10, choices=Family.Channel.choices)
    outcome = models.CharField(_("resultaat"), max_length=15, choices=Outcome.choices)
    note = models.CharField(_("korte notitie"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("contactpoging")
        verbose_name_plural = _("contactpogingen")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.get_channel_display()}: {self.get_outcome_display()}"


class CalendarFeed(models.Model):
    """A secret link to a personal iCalendar feed. Only a hash of the token is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agenda-koppeling")
        verbose_name_plural = _("agenda-koppelingen")

    def __str__(self) -> str:
        return f"{self.user} @ {self.school}"
