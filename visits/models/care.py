"""The care side: consults with the care coordinator (backstop) and meldcode cases.

A case follows the five steps of the reporting code (meldcode). Its entries are append-only:
a correction is a new entry that supersedes the old one, so the history stays complete. All
free text is encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huisbezoek.crypto import EncryptedTextField
from huisbezoek.models import School, SchoolYear

from .reports import Report
from .school import Pupil
from .visits import Visit


class Consult(models.Model):
    """A teacher asks the care coordinator for advice before or after a visit."""

    class Moment(models.TextChoices):
        BEFORE = "before", _("Voor het bezoek")
        AFTER = "after", _("Na het bezoek")
        OTHER = "other", _("Los van een bezoek")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="consults")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="consults")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consults_asked")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, null=True, blank=True, related_name="consults")
    moment = models.CharField(_("wanneer"), max_length=6, choices=Moment.choices)
    question = EncryptedTextField(_("vraag"))
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = EncryptedTextField(_("antwoord"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="consults_answered"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("overleg met de zorgcoördinator")
        verbose_name_plural = _("overleggen met de zorgcoördinator")
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return f"{_('Overleg')} {self.asked_at:%Y-%m-%d}"


class CareCase(models.Model):
    """A meldcode case about one pupil, opened from a flagged report or by the care coordinator."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Afgesloten")

    class Outcome(models.TextChoices):
        NO_CONCERN = "no_concern", _("Geen zorgen (meer)")
        HELP_ORGANISED = "help_organised", _("Hulp georganiseerd")
        REPORTED = "reported", _("Gemeld bij Veilig Thuis")
        UNFOUNDED = "unfounded", _("Vermoeden ongegrond")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="care_cases")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="care_cases")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="care_cases")
    report = models.OneToOneField(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="care_case")
    urgency = models.CharField(_("hoe snel"), max_length=6, choices=Report.Urgency.choices)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = EncryptedTextField(_("toelichting bij de uitkomst"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("zorgmelding")
        verbose_name_plural = _("zorgmeldingen")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return f"{_('Zorgmelding')} {self.pupil}"


class CaseEntry(models.Model):
    """One dated step of a meldcode case: who did what, and what was agreed. Never edited."""

    class Step(models.IntegerChoices):
        SIGNALS = 1, _("1. Signalen in kaart brengen")
        CONSULT = 2, _("2. Collegiaal overleg en eventueel Veilig Thuis raadplegen")
        CONVERSATION = 3, _("3. Gesprek met ouders en kind")
        WEIGH = 4, _("4. Wegen met het afwegingskader")
        DECIDE = 5, _("5. Beslissen: hulp organiseren en/of melden")

    class Source(models.TextChoices):
        OWN = "own", _("Eigen waarneming")
        OTHER = "other", _("Wat een ander vertelde")

    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="entries")
    step = models.PositiveSmallIntegerField(_("stap"), choices=Step.choices)
    happened_on = models.DateField(_("datum"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    text = EncryptedTextField(_("wat er is gezien, besproken of besloten"))
    agreed = EncryptedTextField(_("wat is afgesproken"), blank=True)
    source = models.CharField(_("bron"), max_length=5, choices=Source.choices, blank=True)
    source_detail = EncryptedTextField(_("wie vertelde het"), blank=True)
    anonymous = models.BooleanField(_("Veilig Thuis anoniem geraadpleegd"), default=False)
    answers = EncryptedTextField(_("antwoorden afwegingskader"), blank=True)  # JSON {question: bool}
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    class Meta:
        verbose_name = _("stap in de meldcode")
        verbose_name_plural = _("stappen in de meldcode")
        ordering = ["step", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_step_display()}"
