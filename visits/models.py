"""Groups, pupils and their families, as imported from the pupil administration.

Every row carries its ``school`` (directly or through its family/group), and the visits
access layer always filters on it, so nothing crosses schools.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek import languages
from huisbezoek.models import School, SchoolYear


class Group(models.Model):
    """A class: "Groep 3b" in primary school, "1A" (brugklas) in secondary school."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="groups")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("naam"), max_length=40)
    grade = models.PositiveSmallIntegerField(
        _("leerjaar"), help_text=_("Groep 1-8 in het basisonderwijs, klas 1-6 in het voortgezet onderwijs.")
    )
    teachers = models.ManyToManyField(  # type: ignore[var-annotated]
        settings.AUTH_USER_MODEL, through="GroupTeacher", related_name="teaching_groups", blank=True
    )

    class Meta:
        verbose_name = _("groep / klas")
        verbose_name_plural = _("groepen / klassen")
        ordering = ["school", "grade", "name"]
        constraints = [models.UniqueConstraint(fields=["school_year", "name"], name="group_unique_name_per_year")]

    def __str__(self) -> str:
        return self.name


class GroupTeacher(models.Model):
    class Kind(models.TextChoices):
        MENTOR = "mentor", _("Mentor / groepsleerkracht")
        TEACHER = "teacher", _("Vakdocent / duo-collega")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="group_teachers")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_links")
    kind = models.CharField(_("rol in de groep"), max_length=10, choices=Kind.choices, default=Kind.MENTOR)

    class Meta:
        verbose_name = _("leerkracht van groep")
        verbose_name_plural = _("leerkrachten van groepen")
        constraints = [models.UniqueConstraint(fields=["group", "teacher"], name="groupteacher_unique")]

    def __str__(self) -> str:
        return f"{self.teacher} — {self.group}"


class Family(models.Model):
    """One household: where the visit takes place and how to reach it."""

    class DutchProficiency(models.TextChoices):
        GOOD = "good", _("Goed")
        BASIC = "basic", _("Redelijk: eenvoudig gesprek gaat")
        LIMITED = "limited", _("Beperkt: tolk aan te raden")
        NONE = "none", _("Geen: tolk nodig")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Telefoon")
        SMS = "sms", _("Sms / WhatsApp")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Brief")
        IN_PERSON = "in_person", _("Persoonlijk (bij het schoolhek)")

    class VisitorPreference(models.TextChoices):
        NONE = "none", _("Geen voorkeur")
        FEMALE_ONLY = "female_only", _("Alleen een vrouwelijke bezoeker")
        NO_MAN_ALONE = "no_man_alone", _("Geen man alleen")

    class InterpreterArrangedBy(models.TextChoices):
        SCHOOL = "school", _("School regelt de tolk")
        FAMILY = "family", _("Familie neemt zelf iemand mee")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="families")
    name = models.CharField(_("gezinsnaam"), max_length=150)
    street = models.CharField(_("straat"), max_length=150, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=16, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    dutch_proficiency = models.CharField(
        _("Nederlands van de ouders"), max_length=10, choices=DutchProficiency.choices, default=DutchProficiency.GOOD
    )
    preferred_channel = models.CharField(
        _("liefst bereikbaar via"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )
    visitor_preference = models.CharField(
        _("voorkeur bezoeker"), max_length=15, choices=VisitorPreference.choices, default=VisitorPreference.NONE
    )
    interpreter_needed = models.BooleanField(_("tolk nodig"), default=False)
    interpreter_language = models.CharField(
        _("taal van de tolk"), max_length=languages.MAX_CODE_LENGTH, choices=languages.CHOICES, blank=True
    )
    interpreter_arranged_by = models.CharField(
        _("tolk geregeld door"), max_length=10, choices=InterpreterArrangedBy.choices, blank=True
    )
    sensitivities = models.TextField(
        _("aandachtspunten"),
        blank=True,
        help_text=_("Wat een bezoeker vooraf moet weten. Geen vertrouwelijke details."),
    )

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")
        ordering = ["school", "name"]

    def __str__(self) -> str:
        return self.name


class FamilyLanguage(models.Model):
    """A language spoken at home; ``is_main`` marks the one to plan the interpreter for."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="home_languages")
    language = models.CharField(_("taal"), max_length=languages.MAX_CODE_LENGTH, choices=languages.CHOICES)
    is_main = models.BooleanField(_("hoofdtaal thuis"), default=False)

    class Meta:
        verbose_name = _("thuistaal")
        verbose_name_plural = _("thuistalen")
        ordering = ["-is_main", "language"]
        constraints = [models.UniqueConstraint(fields=["family", "language"], name="familylanguage_unique")]

    def __str__(self) -> str:
        return self.get_language_display()


class Guardian(models.Model):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("Moeder")
        FATHER = "father", _("Vader")
        CARER = "carer", _("Verzorger")
        GUARDIAN = "guardian", _("Voogd")
        OTHER = "other", _("Anders")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="guardians")
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=150)
    relation = models.CharField(_("relatie"), max_length=10, choices=Relation.choices)
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    is_main_carer = models.BooleanField(
        _("zorgt vooral voor de kinderen"), default=False, help_text=_("Spreek deze ouder als eerste aan.")
    )

    class Meta:
        verbose_name = _("ouder / verzorger")
        verbose_name_plural = _("ouders / verzorgers")
        ordering = ["-is_main_carer", "last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Pupil(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="pupils")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="pupils")
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="pupils")
    external_id = models.CharField(
        _("leerlingnummer"), max_length=32, help_text=_("Het nummer uit de leerlingadministratie.")
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=150)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    entry_date = models.DateField(_("datum van inschrijving"), null=True, blank=True)
    is_new_entrant = models.BooleanField(
        _("zij-instromer"), default=False, help_text=_("Nieuw op school in een hogere groep of klas.")
    )

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["school", "external_id"], name="pupil_unique_external_id")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Interpreter(models.Model):
    """An interpreter or parent contact person (oudercontactpersoon) the school can book."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="interpreters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpreter_profiles",
        help_text=_("Alleen als deze persoon zelf inlogt."),
    )
    name = models.CharField(_("naam"), max_length=150)
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    is_parent_contact = models.BooleanField(_("oudercontactpersoon van de school"), default=False)
    languages = models.JSONField(_("talen"), default=list, help_text=_("Taalcodes, bijvoorbeeld ['rif', 'ary']."))

    class Meta:
        verbose_name = _("tolk")
        verbose_name_plural = _("tolken")
        ordering = ["school", "name"]

    def __str__(self) -> str:
        return self.name

    def language_names(self) -> list[str]:
        return [str(lang.name) for code in self.languages if (lang := languages.get(code))]


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

    def agenda_topics(self) -> list[str]:
        return [line.strip() for line in self.agenda_template.splitlines() if line.strip()]


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
    decline_reason = models.CharField(_("reden (als ouders geen bezoek willen)"), max_length=300, blank=True)
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
