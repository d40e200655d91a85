"""Visit reports (what goes into the pupil file), their earlier versions, and agreements.

Key points are for colleagues who teach the pupil; confidential notes and the reason of a
flag are for the author and the care coordinator only, and are encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from huisbezoek.crypto import EncryptedTextField
from huisbezoek.models import School

from .visits import Visit

MAX_MINUTES = 600


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        SUBMITTED = "submitted", _("Ingediend")

    class PupilPresent(models.TextChoices):
        YES = "yes", _("Ja")
        PART = "part", _("Een deel van de tijd")
        NO = "no", _("Nee")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normaal: deze week bespreken")
        URGENT = "urgent", _("Dringend: binnen 2 dagen")
        ACUTE = "acute", _("Acuut: vandaag")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="reports")
    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="report")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    pupil_present = models.CharField(_("was het kind erbij?"), max_length=4, choices=PupilPresent.choices, blank=True)
    topics = models.TextField(_("besproken onderwerpen"), blank=True)
    going_well = models.TextField(_("wat gaat goed"), blank=True)
    key_points = models.TextField(
        _("hoofdpunten voor collega's"),
        blank=True,
        help_text=_("Dit lezen de leerkrachten van het kind. Schrijf alleen wat zij moeten weten."),
    )
    confidential_notes = EncryptedTextField(
        _("vertrouwelijke notities"),
        blank=True,
        help_text=_("Alleen voor uzelf en de zorgcoördinator. Wordt versleuteld opgeslagen."),
    )
    minutes_visit = models.PositiveSmallIntegerField(
        _("minuten bezoek"), null=True, blank=True, validators=[MaxValueValidator(MAX_MINUTES)]
    )
    minutes_travel = models.PositiveSmallIntegerField(
        _("minuten reistijd"), null=True, blank=True, validators=[MaxValueValidator(MAX_MINUTES)]
    )
    minutes_report = models.PositiveSmallIntegerField(
        _("minuten verslag en overleg"), null=True, blank=True, validators=[MaxValueValidator(MAX_MINUTES)]
    )
    signal_poverty = models.BooleanField(_("geldzorgen of geen middelen voor huiswerk"), default=False)
    signal_homework_place = models.BooleanField(_("geen rustige plek voor huiswerk"), default=False)
    signal_wellbeing = models.BooleanField(_("zorgen over het welzijn van het kind"), default=False)
    signal_safety = models.BooleanField(_("zorgen over de veiligheid thuis"), default=False)
    flagged = models.BooleanField(_("zorgcoördinator inschakelen"), default=False)
    flag_urgency = models.CharField(_("hoe snel"), max_length=6, choices=Urgency.choices, blank=True)
    flag_reason = EncryptedTextField(_("waarom"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The school copies the key points and agreements into its pupil administration by hand
    # (ParnasSys, Magister, Somtoday and ESIS have no open write API); this ticks it off.
    copied_to_pupil_file_on = models.DateField(_("overgenomen in leerlingdossier op"), null=True, blank=True)
    copied_to_pupil_file_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overgenomen door"),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("verslag")
        verbose_name_plural = _("verslagen")

    def __str__(self) -> str:
        return f"{_('Verslag')} {self.visit}"

    @property
    def minutes_total(self) -> int:
        return sum(m or 0 for m in (self.minutes_visit, self.minutes_travel, self.minutes_report))

    @property
    def signals(self) -> list[str]:
        names = ("signal_poverty", "signal_homework_place", "signal_wellbeing", "signal_safety")
        fields = {f.name: f for f in self._meta.fields}
        return [str(fields[n].verbose_name) for n in names if getattr(self, n)]


class ReportAgreement(models.Model):
    """An agreement or follow-up from the visit: what, who, by when."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="agreements")
    what = models.CharField(_("afspraak"), max_length=300)
    owner = models.CharField(_("wie"), max_length=100, help_text=_("Bijvoorbeeld: leerkracht, ouders, kind."))
    due = models.DateField(_("wanneer klaar"), null=True, blank=True)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.what


class ReportVersion(models.Model):
    """A submitted report as it was before an edit: the whole content, encrypted."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = EncryptedTextField()  # JSON of every field and agreement at that moment
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="reportversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"
