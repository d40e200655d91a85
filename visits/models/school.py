"""Groups, pupils, their families and the school's interpreters (imported from the pupil administration).

Every row carries its ``school`` (directly or through its family/group), and the visits
access layer always filters on it, so nothing crosses schools.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from huisbezoek import languages
from huisbezoek.crypto import EncryptedTextField
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
        SMS = "sms", _("Sms")
        WHATSAPP = "whatsapp", _("WhatsApp")
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

    class InterpreterConsent(models.TextChoices):
        NOT_ASKED = "not_asked", _("Nog niet gevraagd")
        YES = "yes", _("Gevraagd: de ouders willen een tolk")
        NO = "no", _("Gevraagd: de ouders willen geen tolk")

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
    interpreter_consent = models.CharField(
        _("toestemming van de ouders voor een tolk"),
        max_length=10,
        choices=InterpreterConsent.choices,
        default=InterpreterConsent.NOT_ASKED,
    )
    visitor_preference_note = EncryptedTextField(
        _("toelichting bij de voorkeur bezoeker"),
        blank=True,
        help_text=_("Alleen voor wie het gezin bezoekt. Wordt versleuteld opgeslagen."),
    )
    sensitivities = EncryptedTextField(
        _("aandachtspunten"),
        blank=True,
        help_text=_("Wat een bezoeker vooraf moet weten. Wordt versleuteld opgeslagen."),
    )
    keeps_ramadan = models.BooleanField(_("het gezin houdt de ramadan"), default=False)

    # Where the family lives, for travel times between visits: found from the address by the
    # geocoder (visits/geo) or pinned by hand when it cannot find the address. Personal data.
    class LocationSource(models.TextChoices):
        NONE = "", _("Nog niet gezocht")
        GEOCODED = "geocoded", _("Gevonden bij het adres")
        NOT_FOUND = "not_found", _("Adres niet gevonden")
        MANUAL = "manual", _("Met de hand op de kaart gezet")

    latitude = models.DecimalField(_("breedtegraad"), max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("lengtegraad"), max_digits=9, decimal_places=6, null=True, blank=True)
    location_source = models.CharField(
        _("herkomst van de locatie"), max_length=10, choices=LocationSource.choices, blank=True
    )
    # Raised by every change of the card (the edit page and the import): a save made on an
    # older version is refused, so two people never overwrite each other unseen.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Model field name (or "home_languages") -> when it was last edited in the app (ISO time).
    # A later import shows a conflict for these fields instead of overwriting them.
    edited_in_app = models.JSONField(default=dict, blank=True, editable=False)

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
    # The pupil's group in the current school year (what access and today's pages read); every
    # year's group, this one included, is an ``Enrolment``. Set both through
    # ``visits.enrolments.services.enrolment_set``.
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="pupils")
    groups = models.ManyToManyField(  # type: ignore[var-annotated]
        Group, through="Enrolment", related_name="enrolled_pupils", blank=True
    )
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
    # The retention period of reports and family data counts from this day.
    left_on = models.DateField(
        _("datum van uitschrijving"), null=True, blank=True, help_text=_("Leeg zolang de leerling op school zit.")
    )

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["school", "external_id"], name="pupil_unique_external_id")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Enrolment(models.Model):
    """The group a pupil is in during one school year: the year's cohort and its figures read these,
    so last year's figures stay as they were when pupils move up."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="enrolments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="enrolments")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="enrolments")

    class Meta:
        verbose_name = _("inschrijving in een groep")
        verbose_name_plural = _("inschrijvingen in groepen")
        ordering = ["school_year__start"]
        constraints = [models.UniqueConstraint(fields=["pupil", "school_year"], name="enrolment_one_per_year")]

    def __str__(self) -> str:
        return f"{self.pupil} — {self.school_year} — {self.group}"

    def clean(self) -> None:
        super().clean()
        if self.group_id and self.school_year_id and self.group.school_year_id != self.school_year_id:
            raise ValidationError({"group": _("Deze groep hoort bij een ander schooljaar.")})
        if self.group_id and self.pupil_id and self.group.school_id != self.pupil.school_id:
            raise ValidationError({"group": _("Deze groep hoort bij een andere school.")})


class YearStart(models.Model):
    """A school year whose groups became the pupils' current groups (``Pupil.group``): by the nightly
    task on its first day, or earlier by the administrator. At most once per year."""

    school_year = models.OneToOneField(SchoolYear, on_delete=models.CASCADE, related_name="year_start")
    started_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("start van een schooljaar")
        verbose_name_plural = _("starts van schooljaren")

    def __str__(self) -> str:
        return str(self.school_year)


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
    availability = models.CharField(
        _("beschikbaar"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: ma en wo na 18 uur.")
    )
    # An interpreter who stopped stays on the visits they joined, but is no longer offered.
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("tolk")
        verbose_name_plural = _("tolken")
        ordering = ["school", "name"]

    def __str__(self) -> str:
        return self.name

    def language_names(self) -> list[str]:
        return [str(lang.name) for code in self.languages if (lang := languages.get(code))]
