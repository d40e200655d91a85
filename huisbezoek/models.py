"""Core models: users, school boards, schools, school years and staff roles.

Every model in the other apps is keyed by ``School``; what a user may see is decided in
``huisbezoek/access.py`` from their ``Membership`` rows.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit_types import OBJECT_TYPE_MAX_LENGTH, object_types


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        # People type their address with capitals now and then; it is still them.
        return self.get(email__iexact=username)

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: staff of one or more schools. Parents never have an account."""

    class Gender(models.TextChoices):
        # Only used to honour a family's wish (e.g. "no man alone") when planning a visit.
        FEMALE = "female", _("Vrouw")
        MALE = "male", _("Man")
        UNKNOWN = "", _("Niet ingevuld")

    email = models.EmailField(_("e-mailadres"), max_length=254, unique=True)
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=150)
    gender = models.CharField(
        _("man of vrouw"),
        max_length=6,
        choices=Gender.choices,
        blank=True,
        help_text=_("Nodig om de voorkeur van gezinnen te respecteren, zoals 'geen man alleen'."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(
        _("toegang tot technisch beheer"),
        default=False,
        help_text=_("Alleen voor de technisch beheerder van de installatie."),
    )
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class Board(models.Model):
    """A school board (schoolbestuur): one installation can serve several schools of one board."""

    name = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("schoolbestuur")
        verbose_name_plural = _("schoolbesturen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}$", _("Een BRIN-nummer bestaat uit 2 cijfers en 2 hoofdletters, bijvoorbeeld 12AB.")
)


class School(models.Model):
    class Type(models.TextChoices):
        PRIMARY = "primary", _("Basisonderwijs")
        SECONDARY = "secondary", _("Voortgezet onderwijs")
        SPECIAL = "special", _("Speciaal onderwijs")

    class HolidayRegion(models.TextChoices):
        # The Dutch school holidays are staggered over three regions.
        NORTH = "north", _("Noord")
        MIDDLE = "middle", _("Midden")
        SOUTH = "south", _("Zuid")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="schools", verbose_name=_("bestuur"))
    name = models.CharField(_("naam"), max_length=200)
    brin = models.CharField(_("BRIN-nummer"), max_length=4, unique=True, validators=[brin_validator])
    school_type = models.CharField(_("soort school"), max_length=16, choices=Type.choices)
    holiday_region = models.CharField(_("vakantieregio"), max_length=8, choices=HolidayRegion.choices)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    # On by default: teachers read reports too. A school may switch it off on its security page,
    # with a warning and an explicit confirmation (audited).
    teachers_need_second_factor = models.BooleanField(
        _("tweestapsverificatie verplicht voor leerkrachten"),
        default=True,
        help_text=_(
            "Directie, zorgcoördinator en beheerder gebruiken altijd een tweede stap bij het inloggen. "
            "Leerkrachten en mentoren lezen ook verslagen: voor hen staat het standaard aan."
        ),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolYearQuerySet(models.QuerySet["SchoolYear"]):
    def containing(self, day: datetime.date) -> SchoolYearQuerySet:
        return self.filter(start__lte=day, end__gte=day)


label_validator = RegexValidator(r"^[0-9]{4}-[0-9]{4}$", _("Schrijf het schooljaar als 2026-2027."))


class SchoolYear(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="school_years")
    label = models.CharField(_("schooljaar"), max_length=9, validators=[label_validator])
    start = models.DateField(_("eerste dag"))
    end = models.DateField(_("laatste dag"))
    is_trial_year = models.BooleanField(
        _("proefjaar"), default=False, help_text=_("In een proefjaar evalueert de school de huisbezoeken aan het eind.")
    )

    objects = SchoolYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("schooljaar")
        verbose_name_plural = _("schooljaren")
        ordering = ["school", "-start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "label"], name="schoolyear_unique_label"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="schoolyear_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        super().clean()
        if self.start and self.end:
            if self.end <= self.start:
                raise ValidationError({"end": _("De laatste dag moet na de eerste dag liggen.")})
            if self.label and self.label != f"{self.start.year}-{self.end.year}":
                raise ValidationError(
                    {
                        "label": _("Het schooljaar moet %(label)s heten bij deze data.")
                        % {"label": f"{self.start.year}-{self.end.year}"}
                    }
                )


class Role(models.TextChoices):
    TEACHER = "teacher", _("Leerkracht / mentor")
    DIRECTIE = "directie", _("Directie")
    CARE_COORDINATOR = "care_coordinator", _("Zorgcoördinator")
    ADMINISTRATOR = "administrator", _("Beheerder")
    INTERPRETER = "interpreter", _("Tolk / oudercontactpersoon")


class Membership(models.Model):
    """One role of one user at one school. A user may hold several roles and schools."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rol op school")
        verbose_name_plural = _("rollen op scholen")
        ordering = ["school", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "school", "role"], name="membership_unique_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.school}"


class WorkerHeartbeat(models.Model):
    """The last time the background worker ran its periodic heartbeat (read by the health check)."""

    name = models.CharField(max_length=50, primary_key=True)
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = _("hartslag achtergrondproces")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """The audit trail is append-only: rows are added and read, never deleted by the app.

    (``update`` stays available for Django's own SET_NULL when a user is removed, and for
    ``audit.detach_objects``.)"""

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail cannot be deleted.")


class AuditEvent(models.Model):
    """One read or change of a report, family card, care case or consult, allowed or refused.

    Holds who, which object (type and number), which school, when, from which address and
    what was done — never any of the object's content. Written by ``huisbezoek/audit.py``.
    """

    class Action(models.TextChoices):
        READ = "read", _("Bekeken")
        CREATE = "create", _("Aangemaakt")
        CHANGE = "change", _("Gewijzigd")
        DELETE = "delete", _("Verwijderd")
        EXPORT = "export", _("Geëxporteerd")

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("gebruiker")
    )
    # The kinds of object are registered by the apps that own them (``audit.object_types``).
    object_type = models.CharField(_("soort gegeven"), max_length=OBJECT_TYPE_MAX_LENGTH)
    object_id = models.BigIntegerField(_("nummer"), null=True, blank=True)
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    allowed = models.BooleanField(_("toegestaan"))
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["school", "-at"], name="audit_school_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise PermissionError("The audit trail cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail cannot be deleted.")

    @property
    def object_type_label(self) -> str:
        """The readable name of ``object_type``, as its app registered it."""
        return object_types.label(self.object_type)
