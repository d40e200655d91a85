"""Each school's reminder settings: which reminders go out, and when."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek.models import School

WEEKDAYS = [
    (0, _("maandag")),
    (1, _("dinsdag")),
    (2, _("woensdag")),
    (3, _("donderdag")),
    (4, _("vrijdag")),
    (5, _("zaterdag")),
    (6, _("zondag")),
]


class ReminderSettings(models.Model):
    """Which reminders a school sends, and when. One row per school, created with defaults on first use."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="reminder_settings")
    send_hour = models.PositiveSmallIntegerField(
        _("uur van de herinneringen"),
        default=17,
        validators=[MinValueValidator(7), MaxValueValidator(20)],
        help_text=_("Herinneringen voor morgen en de wekelijkse samenvatting gaan vanaf dit uur weg (7 tot 20)."),
    )
    teacher_not_contacted = models.BooleanField(_("leerkracht: nog geen contact met gezinnen"), default=True)
    not_contacted_share = models.PositiveSmallIntegerField(
        _("na welk deel van de bezoekperiode (%)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(95)],
        help_text=_("Bijvoorbeeld 30: als 30% van de periode voorbij is."),
    )
    teacher_visit_tomorrow = models.BooleanField(_("leerkracht: bezoek morgen"), default=True)
    teacher_report_overdue = models.BooleanField(_("leerkracht: verslag te laat"), default=True)
    report_overdue_days = models.PositiveSmallIntegerField(
        _("verslag te laat na (dagen)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    parent_confirmation = models.BooleanField(_("ouders: bevestiging van de afspraak"), default=True)
    parent_reminder = models.BooleanField(_("ouders: herinnering de dag ervoor"), default=True)
    interpreter_messages = models.BooleanField(_("tolk: bevestiging en herinnering"), default=True)
    care_unreviewed = models.BooleanField(_("zorgcoördinator: melding nog niet opgepakt"), default=True)
    care_unreviewed_days = models.PositiveSmallIntegerField(
        _("melding niet opgepakt na (dagen)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    directie_digest = models.BooleanField(_("directie: wekelijkse samenvatting"), default=True)
    digest_weekday = models.PositiveSmallIntegerField(_("dag van de samenvatting"), default=0, choices=WEEKDAYS)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("instellingen herinneringen")
        verbose_name_plural = _("instellingen herinneringen")

    def __str__(self) -> str:
        return f"{_('Herinneringen')} {self.school}"

    def reports_overdue_before(self, today: datetime.date) -> datetime.datetime:
        """A visit before this moment whose report is not finished is overdue: the school's
        ``report_overdue_days`` Amsterdam calendar days have passed since the visit's day."""
        day = today - datetime.timedelta(days=self.report_overdue_days - 1)
        return datetime.datetime.combine(day, datetime.time(0), tzinfo=timezone.get_current_timezone())
