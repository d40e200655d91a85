"""The parent protocol: versions edited by the directie, their translations,
the cached parent PDFs, the school's protocol settings and the staff working document.

A school has at most one published and at most one draft version (partial unique
constraints). The Dutch sections of a draft are edited; a published version is frozen and
earlier ones stay readable as "replaced". Each translated section remembers the hash of the
Dutch text it was made from: when the Dutch text changes, the translation is out of date.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huisbezoek.models import School


def text_hash(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()


class SectionKey(models.TextChoices):
    PURPOSE = "purpose", _("Waarom we op bezoek komen")
    VISITORS = "visitors", _("Wie er komt")
    FEMALE_VISITOR = "female_visitor", _("Liever geen man op bezoek")
    APPOINTMENT = "appointment", _("Hoe de afspraak gemaakt wordt")
    DURATION = "duration", _("Hoe lang het duurt")
    FREQUENCY = "frequency", _("Hoe vaak we komen")
    INTERPRETER = "interpreter", _("De tolk")
    INFORMATION = "information", _("Wat er met de informatie gebeurt")
    DECLINING = "declining", _("Nee zeggen")
    CONFIDANT = "confidant", _("De vertrouwenspersoon")
    QUESTIONS = "questions", _("Vragen")


class SchoolProtocolSettings(models.Model):
    """What the protocol fills in for a school, and the short public code of its parent page."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="protocol_settings")
    public_code = models.CharField(_("code van de ouderpagina"), max_length=16, unique=True)
    school_phone = models.CharField(_("telefoonnummer van de school"), max_length=32, blank=True)
    school_email = models.EmailField(_("e-mailadres van de school"), blank=True)
    confidant_name = models.CharField(_("naam vertrouwenspersoon"), max_length=150, blank=True)
    confidant_phone = models.CharField(_("telefoon vertrouwenspersoon"), max_length=32, blank=True)
    confidant_email = models.EmailField(_("e-mail vertrouwenspersoon"), blank=True)
    contact_name = models.CharField(_("contactpersoon voor vragen"), max_length=150, blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=32, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    logo = models.FileField(_("logo"), upload_to="protocol/logos/", blank=True)
    logo_sha256 = models.CharField(max_length=64, blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("protocolinstellingen")
        verbose_name_plural = _("protocolinstellingen")

    def __str__(self) -> str:
        return f"{self.school}"


class ProtocolVersionQuerySet(models.QuerySet["ProtocolVersion"]):
    def published(self) -> ProtocolVersionQuerySet:
        return self.filter(status=ProtocolVersion.Status.PUBLISHED)

    def drafts(self) -> ProtocolVersionQuerySet:
        return self.filter(status=ProtocolVersion.Status.DRAFT)


class ProtocolVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        PUBLISHED = "published", _("Gepubliceerd")
        ARCHIVED = "archived", _("Vervangen")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="protocol_versions")
    number = models.PositiveIntegerField(_("versie"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    archived_at = models.DateTimeField(_("vervangen op"), null=True, blank=True)

    objects = ProtocolVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("protocolversie")
        verbose_name_plural = _("protocolversies")
        ordering = ["school", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="protocol_version_unique_number"),
            models.UniqueConstraint(
                fields=["school"], condition=models.Q(status="published"), name="protocol_one_published_per_school"
            ),
            models.UniqueConstraint(
                fields=["school"], condition=models.Q(status="draft"), name="protocol_one_draft_per_school"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Section(models.Model):
    """One Dutch section of a version; ``revision`` guards against overwriting a colleague's edit."""

    # Denormalised from the version so every row is keyed by its school (project rule; see
    # huisbezoek/tests/test_models.py) and scoped look-ups need no join.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, choices=SectionKey.choices)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst"))
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="protocol_section_unique_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def source_hash(self) -> str:
        return text_hash(self.title, self.body)


class Translation(models.Model):
    """One language of one version: its origin, who checked it, and a revision for concurrent edits."""

    class Origin(models.TextChoices):
        DEFAULT = "default", _("Standaardvertaling, nog niet gecontroleerd")
        EDITED = "edited", _("Aangepast door de school")

    # Denormalised from the version so every row is keyed by its school (project rule; see
    # huisbezoek/tests/test_models.py) and scoped look-ups need no join.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("taal"), max_length=8)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.DEFAULT)
    checked_by_name = models.CharField(_("gecontroleerd door"), max_length=150, blank=True)
    checked_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vertaling")
        verbose_name_plural = _("vertalingen")
        ordering = ["version", "language"]
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="protocol_translation_unique_language")
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.language}"


class SectionTranslation(models.Model):
    # Denormalised from the version so every row is keyed by its school (project rule; see
    # huisbezoek/tests/test_models.py) and scoped look-ups need no join.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst"))
    source_hash = models.CharField(max_length=64)  # text_hash of the Dutch section it was made from

    class Meta:
        verbose_name = _("vertaald onderdeel")
        verbose_name_plural = _("vertaalde onderdelen")
        constraints = [
            models.UniqueConstraint(fields=["translation", "section"], name="protocol_section_translation_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_out_of_date(self) -> bool:
        return self.source_hash != self.section.source_hash


class ProtocolPdf(models.Model):
    """A rendered parent PDF, keyed by the hash of everything printed on it (texts, settings, layout)."""

    BOOKLET = "booklet"  # all languages in one PDF, for the school guide

    # Denormalised from the version so every row is keyed by its school (project rule; see
    # huisbezoek/tests/test_models.py) and scoped look-ups need no join.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(max_length=8)
    content_hash = models.CharField(max_length=64)
    file = models.FileField(upload_to="protocol/pdf/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField()
    render_seconds = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("PDF voor ouders")
        verbose_name_plural = _("PDF's voor ouders")
        constraints = [
            models.UniqueConstraint(fields=["version", "language", "content_hash"], name="protocol_pdf_unique_render")
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.language}"


class WorkingDocument(models.Model):
    """The school's internal working document for staff, Dutch only."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="protocol_working_document")
    appointment = models.TextField(_("De afspraak: wie maakt hem en hoe?"))
    information = models.TextField(_("Omgaan met de informatie"))
    tips = models.TextField(_("Tips voor het bezoek"))
    interpreters = models.TextField(_("Werken met een tolk"))
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("werkdocument")
        verbose_name_plural = _("werkdocumenten")

    def __str__(self) -> str:
        return f"{self.school}"
