"""The AVG duties of a school: how long family data is kept, the purge log, right-of-access
exports made, and correction requests.

Nothing here holds report content: the purge log keeps counts, the export record keeps who
made an export for which family and when.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from huisbezoek.crypto import EncryptedTextField
from huisbezoek.models import School

DEFAULT_FAMILY_YEARS = 2
DEFAULT_CARE_YEARS = 5


class RetentionPolicy(models.Model):
    """How long a school keeps a family's data after its (last) pupil has left the school."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="retention_policy")
    family_years = models.PositiveSmallIntegerField(
        _("verslagen en gezinsgegevens bewaren (jaren)"),
        default=DEFAULT_FAMILY_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Gerekend vanaf de dag dat het laatste kind van het gezin van school is gegaan."),
    )
    care_years = models.PositiveSmallIntegerField(
        _("zorgmeldingen bewaren (jaren)"),
        default=DEFAULT_CARE_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "Afgesloten meldcode-dossiers, gerekend vanaf de dag dat de leerling van school is gegaan. "
            "Een open zorgmelding wordt nooit automatisch verwijderd."
        ),
    )
    active_since = models.DateTimeField(_("automatisch opschonen aan sinds"), null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")

    def __str__(self) -> str:
        return f"{self.school}: {self.family_years}/{self.care_years}"


class PurgeRun(models.Model):
    """One run of the purge (or a dry run): what was removed, as counts only — never names."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="purge_runs")
    ran_at = models.DateTimeField(auto_now_add=True)
    dry_run = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("opschoonronde")
        verbose_name_plural = _("opschoonrondes")
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.school} {self.ran_at:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return sum(int(v) for v in self.counts.values())


class AccessExport(models.Model):
    """That an export for the right of access was made: by whom, when, how. Not the export itself."""

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        PDF = "pdf", "PDF"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    # The family goes at the purge; the fact that an export was made stays, without the family.
    family = models.ForeignKey("visits.Family", on_delete=models.SET_NULL, null=True, related_name="+")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    format = models.CharField(max_length=4, choices=Format.choices)
    redacted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.format} {self.made_at:%Y-%m-%d}"


class CorrectionRequest(models.Model):
    """A parent asks to correct (or remove) something stored about the family, and the school's decision."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Nog te beslissen")
        GRANTED = "granted", _("Toegewezen: aangepast")
        PARTLY = "partly", _("Deels toegewezen")
        REFUSED = "refused", _("Afgewezen")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    family = models.ForeignKey("visits.Family", on_delete=models.CASCADE, related_name="+")
    received_on = models.DateField(_("ontvangen op"))
    requested_by = models.CharField(_("gevraagd door"), max_length=150, help_text=_("Bijvoorbeeld: moeder."))
    request = EncryptedTextField(_("wat de ouder wil laten verbeteren"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(_("besluit"), max_length=8, choices=Decision.choices, default=Decision.PENDING)
    decision_note = EncryptedTextField(_("toelichting bij het besluit"), blank=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("verzoek om correctie")
        verbose_name_plural = _("verzoeken om correctie")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{_('Correctieverzoek')} {self.received_on:%Y-%m-%d}"
