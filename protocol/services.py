"""Changes to the protocol. Each function states the rule it enforces.

Keyword-only, typed, one transaction each. PDFs are rendered in the background: a service asks
for them with ``enqueue_renders`` and ``protocol/tasks.py`` enqueues the renders, which are sent
only after the transaction commits.
"""

from __future__ import annotations

import hashlib
import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huisbezoek.limits import PROTOCOL_SECTION_MAX, check_lengths
from huisbezoek.models import School

from . import content, public_cache
from .models import (
    ProtocolPdf,
    ProtocolVersion,
    SchoolProtocolSettings,
    Section,
    SectionTranslation,
    Translation,
    WorkingDocument,
)
from .selectors import build_document, protocol_settings_of, unknown_placeholders, version_languages
from .signals import pdf_renders_wanted

if TYPE_CHECKING:
    from huisbezoek.models import User

# Short, unambiguous codes for the public link and QR code (no 0/o, 1/l/i).
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 8
SECTION_TITLE_MAX = 200
LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_MAX_SIDE = 800
LOGO_MAX_TEXT_CHUNK = 64 * 1024  # one text chunk of a PNG, unpacked
LOGO_MAX_TEXT_MEMORY = 1024 * 1024  # all text chunks of a PNG together, unpacked


class StaleEdit(ValidationError):
    """Someone else saved in the meantime; the user's text is kept and nothing is overwritten."""


def _stale() -> StaleEdit:
    return StaleEdit(
        _(
            "Iemand anders heeft deze tekst intussen opgeslagen. Uw tekst is niet opgeslagen, maar staat nog "
            "in het formulier. Kopieer uw wijzigingen, laad de pagina opnieuw en voer ze opnieuw in."
        ),
        code="stale",
    )


# --- Settings ---------------------------------------------------------------------------


def _new_public_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def protocol_settings_ensure(*, school: School) -> SchoolProtocolSettings:
    """Every school gets exactly one settings row, with a fresh random public code."""
    protocol_settings = protocol_settings_of(school=school)
    if protocol_settings.pk is None:
        protocol_settings.public_code = _new_public_code()
        protocol_settings.save()
    return protocol_settings


SETTINGS_FIELDS = (
    "school_phone",
    "school_email",
    "confidant_name",
    "confidant_phone",
    "confidant_email",
    "contact_name",
    "contact_phone",
    "contact_email",
)


def logo_clean(upload: UploadedFile) -> tuple[bytes, str]:
    """A PNG or JPEG of at most 1 MB, re-encoded as PNG (drops metadata and anything hidden in it).

    Returns the PNG bytes and its SHA-256. The file name the browser sent is never used.
    """
    from PIL import Image, PngImagePlugin, UnidentifiedImageError

    # Pillow's own ceilings, lowered to what a logo can need: text chunks are dropped anyway, and
    # a file that asks for more is refused before it is unpacked.
    PngImagePlugin.MAX_TEXT_CHUNK = min(PngImagePlugin.MAX_TEXT_CHUNK, LOGO_MAX_TEXT_CHUNK)
    PngImagePlugin.MAX_TEXT_MEMORY = min(PngImagePlugin.MAX_TEXT_MEMORY, LOGO_MAX_TEXT_MEMORY)
    if upload.size is None or upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Het logo mag hooguit 1 MB groot zijn."), code="too_large")
    data = upload.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(_("Het logo mag hooguit 1 MB groot zijn."), code="too_large")
    wrong_type = ValidationError(_("Kies een PNG- of JPEG-afbeelding."), code="wrong_type")
    too_many_pixels = ValidationError(_("Het logo heeft te veel beeldpunten."), code="too_many_pixels")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in {"PNG", "JPEG"}:
                raise wrong_type
            if probe.width * probe.height > LOGO_MAX_PIXELS:
                raise too_many_pixels
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            converted = image.convert("RGBA")
            converted.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            out = io.BytesIO()
            converted.save(out, format="PNG", optimize=True)
    except Image.DecompressionBombError:
        raise too_many_pixels from None
    except ValueError:  # Pillow's refusal of text chunks above the ceilings set above
        raise ValidationError(
            _("Het logo bevat te veel verborgen tekst. Sla het opnieuw op als gewone PNG of JPEG."),
            code="too_much_text",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise wrong_type from None
    png = out.getvalue()
    return png, hashlib.sha256(png).hexdigest()


@transaction.atomic
def settings_update(
    *,
    protocol_settings: SchoolProtocolSettings,
    expected_revision: int,
    data: dict[str, str],
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> SchoolProtocolSettings:
    """Save the school's contact details and logo; refuse a stale form; re-render the published PDFs."""
    locked = SchoolProtocolSettings.objects.select_for_update().get(pk=protocol_settings.pk)
    if locked.revision != expected_revision:
        raise _stale()
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(locked, name, (data[name] or "").strip())
    old_logo = locked.logo.name if locked.logo else ""
    if logo is not None:
        png, digest = logo_clean(logo)
        # A fresh random name: the uploaded name is never used, and an old URL never shows a new logo.
        locked.logo.save(f"logo-{locked.school_id}-{secrets.token_hex(8)}.png", ContentFile(png), save=False)
        locked.logo_sha256 = digest
    elif remove_logo and old_logo:
        locked.logo = ""
        locked.logo_sha256 = ""
    locked.revision += 1
    locked.save()
    if old_logo and old_logo != (locked.logo.name if locked.logo else ""):
        storage = locked.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    public_cache.invalidate(locked.public_code)
    _enqueue_published(school=locked.school)
    return locked


# --- Versions and sections --------------------------------------------------------------


@transaction.atomic
def protocol_create_default(*, school: School, user: User | None = None) -> ProtocolVersion:
    """Start a school's protocol from the shipped plain-Dutch default and its default translations.

    Only for a school without any protocol version yet (a second start would lose work).
    """
    School.objects.select_for_update().get(pk=school.pk)
    if ProtocolVersion.objects.filter(school=school).exists():
        raise ValidationError(_("Deze school heeft al een protocol."), code="exists")
    protocol_settings_ensure(school=school)
    version = ProtocolVersion.objects.create(school=school, number=1, created_by=user)
    dutch = content.sections(content.SOURCE_LANGUAGE)
    sections = Section.objects.bulk_create(
        Section(
            school=school,
            version=version,
            key=key,
            position=i,
            title=dutch[key][0],
            body=dutch[key][1],
            updated_by=user,
        )
        for i, key in enumerate(content.SECTION_KEYS, start=1)
    )
    for code in content.TRANSLATION_LANGUAGES:
        translation = Translation.objects.create(school=school, version=version, language=code)
        texts = content.sections(code)
        SectionTranslation.objects.bulk_create(
            SectionTranslation(
                school=school,
                translation=translation,
                section=s,
                title=texts[s.key][0],
                body=texts[s.key][1],
                source_hash=s.source_hash,
            )
            for s in sections
        )
    return version


@transaction.atomic
def version_create_draft(*, school: School, user: User | None = None) -> ProtocolVersion:
    """A new draft is a copy of the published version (texts, translations and their status).

    A school has at most one draft at a time.
    """
    School.objects.select_for_update().get(pk=school.pk)
    if ProtocolVersion.objects.drafts().filter(school=school).exists():
        raise ValidationError(_("Er is al een concept. Werk dat bij of publiceer het eerst."), code="draft_exists")
    source = ProtocolVersion.objects.filter(school=school).order_by("-number").first()
    if source is None:
        raise ValidationError(_("Er is nog geen protocol. Begin met de standaardtekst."), code="no_protocol")
    version = ProtocolVersion.objects.create(school=school, number=source.number + 1, created_by=user)
    old_sections = list(source.sections.order_by("position"))
    new_sections = Section.objects.bulk_create(
        Section(
            school=school,
            version=version,
            key=s.key,
            position=s.position,
            title=s.title,
            body=s.body,
            updated_by=user,
        )
        for s in old_sections
    )
    by_old_pk = {old.pk: new for old, new in zip(old_sections, new_sections, strict=True)}
    for translation in source.translations.prefetch_related("sections"):
        copy = Translation.objects.create(
            school=school,
            version=version,
            language=translation.language,
            origin=translation.origin,
            checked_by_name=translation.checked_by_name,
            checked_at=translation.checked_at,
        )
        SectionTranslation.objects.bulk_create(
            SectionTranslation(
                school=school,
                translation=copy,
                section=by_old_pk[st.section_id],
                title=st.title,
                body=st.body,
                source_hash=st.source_hash,
            )
            for st in translation.sections.all()
            if st.section_id in by_old_pk
        )
    return version


def _check_text(title: str, body: str) -> None:
    check_lengths(title=(title, SECTION_TITLE_MAX), body=(body, PROTOCOL_SECTION_MAX))
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Geef het onderdeel een titel.")]
    if not body.strip():
        errors["body"] = [_("De tekst mag niet leeg zijn.")]
    unknown = unknown_placeholders(f"{title}\n{body}")
    if unknown:
        errors.setdefault("body", []).append(
            _("Onbekende invulvelden: %(unknown)s. U kunt gebruiken: %(known)s.")
            % {
                "unknown": ", ".join(f"{{{u}}}" for u in unknown),
                "known": ", ".join(f"{{{k}}}" for k in content.PLACEHOLDERS),
            }
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def section_update(
    *, section: Section, title: str, body: str, expected_revision: int, user: User | None = None
) -> Section:
    """Change one Dutch section of a draft.

    Only drafts change. A form based on an older revision is refused (optimistic concurrency),
    so a colleague's edit is never overwritten. Translations made from the old text are then
    out of date by their source hash; nothing else needs to be marked.
    """
    locked = Section.objects.select_for_update().select_related("version").get(pk=section.pk)
    if not locked.version.is_draft:
        raise ValidationError(_("Alleen een concept kan worden bewerkt. Maak eerst een nieuwe versie."))
    if locked.revision != expected_revision:
        raise _stale()
    title, body = title.strip(), body.strip()
    _check_text(title, body)
    if (title, body) != (locked.title, locked.body):
        locked.title, locked.body = title, body
        locked.revision += 1
        locked.updated_by = user
        locked.save()
    return locked


@transaction.atomic
def version_publish(*, version: ProtocolVersion, user: User | None = None) -> ProtocolVersion:
    """Publish a draft: the previous published version becomes "replaced" (still readable, with
    its dates), so there is exactly one published version per school. Renders every PDF afterwards.
    """
    School.objects.select_for_update().get(pk=version.school_id)
    locked = ProtocolVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_draft:
        raise ValidationError(_("Deze versie is al gepubliceerd of vervangen."), code="not_draft")
    now = timezone.now()
    ProtocolVersion.objects.published().filter(school_id=locked.school_id).update(
        status=ProtocolVersion.Status.ARCHIVED, archived_at=now
    )
    locked.status = ProtocolVersion.Status.PUBLISHED
    locked.published_at = now
    locked.published_by = user
    locked.save(update_fields=["status", "published_at", "published_by"])
    _public_changed(school_id=locked.school_id)
    enqueue_renders(version=locked, languages=[*version_languages(version=locked), ProtocolPdf.BOOKLET])
    return locked


# --- Translations -----------------------------------------------------------------------


@dataclass(frozen=True)
class SectionText:
    title: str
    body: str


def _editable_translation(translation: Translation) -> Translation:
    locked = Translation.objects.select_for_update().select_related("version").get(pk=translation.pk)
    if locked.version.status == ProtocolVersion.Status.ARCHIVED:
        raise ValidationError(_("Een vervangen versie verandert niet meer."), code="archived")
    return locked


@transaction.atomic
def translation_update(
    *, translation: Translation, texts: dict[int, SectionText], expected_revision: int, user: User | None = None
) -> Translation:
    """Save a school's own translation of a draft or the published version.

    Each saved section is now up to date with the current Dutch text (the editor had it beside
    them). Changed text is no longer the checked text, so the check is cleared.
    """
    locked = _editable_translation(translation)
    if locked.revision != expected_revision:
        raise _stale()
    changed = False
    for st in SectionTranslation.objects.filter(translation=locked).select_related("section"):
        text = texts.get(st.section_id)
        if text is None:
            continue
        title, body = text.title.strip(), text.body.strip()
        _check_text(title, body)
        if (title, body, st.source_hash) != (st.title, st.body, st.section.source_hash):
            st.title, st.body, st.source_hash = title, body, st.section.source_hash
            st.save(update_fields=["title", "body", "source_hash"])
            changed = True
    if changed:
        locked.origin = Translation.Origin.EDITED
        locked.checked_by_name = ""
        locked.checked_at = None
        locked.revision += 1
        locked.save()
        if locked.version.is_published:
            _public_changed(school_id=locked.school_id)
            enqueue_renders(version=locked.version, languages=[locked.language, ProtocolPdf.BOOKLET])
    return locked


@transaction.atomic
def translation_mark_checked(*, translation: Translation, checked_by_name: str) -> Translation:
    """A named person confirms the translation. Not while a section is out of date: the Dutch
    text changed after the translation was made, so there is nothing complete to confirm.
    """
    locked = _editable_translation(translation)
    name = checked_by_name.strip()
    if not name:
        raise ValidationError({"checked_by_name": [_("Vul de naam in van wie de vertaling heeft gecontroleerd.")]})
    stale = [st for st in locked.sections.select_related("section") if st.is_out_of_date]
    if stale:
        raise ValidationError(
            ngettext(
                "%(count)s onderdeel is verouderd. Werk de vertaling eerst bij.",
                "%(count)s onderdelen zijn verouderd. Werk de vertaling eerst bij.",
                len(stale),
            )
            % {"count": len(stale)},
            code="out_of_date",
        )
    locked.checked_by_name = name
    locked.checked_at = timezone.now()
    locked.revision += 1
    locked.save()
    if locked.version.is_published:
        _public_changed(school_id=locked.school_id)
        enqueue_renders(version=locked.version, languages=[locked.language, ProtocolPdf.BOOKLET])
    return locked


# --- Working document -------------------------------------------------------------------

WORKING_DOCUMENT_FIELDS = tuple(content.WORKING_DOCUMENT)


@transaction.atomic
def working_document_ensure(*, school: School) -> WorkingDocument:
    """Every school starts from the shipped working document."""
    document, _created = WorkingDocument.objects.get_or_create(school=school, defaults=content.WORKING_DOCUMENT)
    return document


@transaction.atomic
def working_document_update(
    *, document: WorkingDocument, data: dict[str, str], expected_revision: int, user: User | None = None
) -> WorkingDocument:
    """Save the working document; a stale form is refused."""
    locked = WorkingDocument.objects.select_for_update().get(pk=document.pk)
    if locked.revision != expected_revision:
        raise _stale()
    check_lengths(**{name: (data.get(name) or "", PROTOCOL_SECTION_MAX) for name in WORKING_DOCUMENT_FIELDS})
    for name in WORKING_DOCUMENT_FIELDS:
        setattr(locked, name, (data.get(name) or "").strip())
    locked.revision += 1
    locked.updated_by = user
    locked.save()
    return locked


# --- PDFs -------------------------------------------------------------------------------


def enqueue_renders(*, version: ProtocolVersion, languages: Iterable[str]) -> None:
    """Render these PDFs in the background once the current transaction has committed."""
    pdf_renders_wanted.send(sender=ProtocolVersion, version_id=version.pk, languages=list(languages))


def _public_changed(*, school_id: int) -> None:
    """What parents see changed: the cached public pages and PDF pointers go once this commits."""
    code = SchoolProtocolSettings.objects.filter(school_id=school_id).values_list("public_code", flat=True).first()
    public_cache.invalidate(code or "")


def _enqueue_published(*, school: School) -> None:
    version = ProtocolVersion.objects.published().filter(school=school).first()
    if version is not None:
        enqueue_renders(version=version, languages=[*version_languages(version=version), ProtocolPdf.BOOKLET])


def request_render(*, version: ProtocolVersion, language: str) -> None:
    """Ask for a missing PDF from a page view: at most one request per PDF every 2 minutes,
    however often parents' browsers refresh the "being prepared" page."""
    timeout = getattr(settings, "PROTOCOL_PDF_RENDER_TIMEOUT", 120)
    if cache.add(f"protocol-pdf-requested:{version.pk}:{language}", 1, timeout=timeout):
        enqueue_renders(version=version, languages=[language])


def document_for_pdf(
    *, version: ProtocolVersion, language: str, protocol_settings: SchoolProtocolSettings | None = None
):
    protocol_settings = protocol_settings or protocol_settings_ensure(school=version.school)
    codes = version_languages(version=version) if language == ProtocolPdf.BOOKLET else [language]
    return build_document(version=version, language_codes=codes, protocol_settings=protocol_settings)


def pdf_ensure(*, version_id: int, language: str) -> ProtocolPdf | None:
    """Make sure the PDF of (version, language, current content) exists; render it if not.

    Idempotent: a PDF whose content hash is already stored is not rendered again. Rendering
    happens outside any transaction; storing is one transaction, and a concurrent render of
    the same content loses the unique constraint race harmlessly. Older renders of the same
    version and language are removed. Versions that are not published get no PDF.
    """
    from . import pdf

    version = ProtocolVersion.objects.select_related("school").filter(pk=version_id).first()
    if version is None or not version.is_published:
        return None
    if language != ProtocolPdf.BOOKLET and language not in version_languages(version=version):
        return None
    protocol_settings = protocol_settings_ensure(school=version.school)
    # The token before the data: a change committed meanwhile makes this pointer unreachable.
    token = public_cache.token(protocol_settings.public_code)
    document = document_for_pdf(version=version, language=language, protocol_settings=protocol_settings)
    content_hash = document.content_hash()
    existing = ProtocolPdf.objects.filter(version=version, language=language, content_hash=content_hash).first()
    if existing is not None:
        _remember(protocol_settings, token, existing)
        return existing
    rendered = pdf.render_pdf(document, booklet=language == ProtocolPdf.BOOKLET)
    digest = hashlib.sha256(rendered.data).hexdigest()
    try:
        with transaction.atomic():
            stored = ProtocolPdf(
                school_id=version.school_id,
                version=version,
                language=language,
                content_hash=content_hash,
                sha256=digest,
                size=len(rendered.data),
                pages=rendered.pages,
                render_seconds=rendered.seconds,
            )
            name = f"protocol-{version.school_id}-v{version.number}-{language}-{digest[:12]}.pdf"
            stored.file.save(name, ContentFile(rendered.data), save=False)
            stored.save()
    except IntegrityError:
        if stored.file:
            stored.file.storage.delete(stored.file.name)
        return ProtocolPdf.objects.filter(version=version, language=language, content_hash=content_hash).first()
    _remove_superseded(keep=stored)
    _remember(protocol_settings, token, stored)
    return stored


def _remember(protocol_settings: SchoolProtocolSettings, token: str, stored: ProtocolPdf) -> None:
    """Point the public download of (school, language) at ``stored``: the next download makes no query."""
    entry = public_cache.PdfEntry(
        name=stored.file.name, sha256=stored.sha256, size=stored.size, school_name=protocol_settings.school.name
    )
    public_cache.remember_pdf(protocol_settings.public_code, token, stored.language, entry)


def _remove_superseded(*, keep: ProtocolPdf) -> None:
    old = ProtocolPdf.objects.filter(version=keep.version, language=keep.language).exclude(pk=keep.pk)
    for row in old:
        name = row.file.name
        storage = row.file.storage
        row.delete()
        if name and PurePath(name).name != PurePath(keep.file.name).name:
            storage.delete(name)
