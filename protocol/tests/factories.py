"""Ready-made protocols for tests. They go through the services where that is cheap, and set
the published state directly where a test only needs "a published version" (no renders)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from protocol import services
from protocol.models import ProtocolPdf, ProtocolVersion, SchoolProtocolSettings

CONTACTS = {
    "school_phone": "020-5551234",
    "school_email": "info@regenboog.test",
    "confidant_name": "Mw. Els de Wit",
    "confidant_phone": "06-12345678",
    "confidant_email": "vertrouwenspersoon@regenboog.test",
    "contact_name": "Dhr. Omar Haddou",
    "contact_phone": "020-5559876",
    "contact_email": "huisbezoek@regenboog.test",
}


def protocol_settings(school, **overrides) -> SchoolProtocolSettings:
    ps = services.protocol_settings_ensure(school=school)
    for name, value in {**CONTACTS, **overrides}.items():
        setattr(ps, name, value)
    ps.save()
    return ps


def draft_protocol(school, user=None) -> ProtocolVersion:
    protocol_settings(school)
    return services.protocol_create_default(school=school, user=user)


def published_protocol(school, user=None) -> ProtocolVersion:
    """A published version 1 without rendering anything."""
    version = draft_protocol(school, user)
    version.status = ProtocolVersion.Status.PUBLISHED
    version.published_at = timezone.make_aware(timezone.datetime(2026, 9, 1, 10, 0))
    version.save()
    return version


def fake_pdf(version, language, *, name=None) -> ProtocolPdf:
    """Store a tiny stand-in PDF for the version's current content (for tests of serving, not rendering)."""
    document = services.document_for_pdf(version=version, language=language)
    data = b"%PDF-1.4\n% stand-in\n%%EOF\n"
    stored = ProtocolPdf(
        school_id=version.school_id,
        version=version,
        language=language,
        content_hash=document.content_hash(),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        pages=1,
        render_seconds=0.0,
    )
    if name:
        stored.file.name = name
        if not stored.file.storage.exists(name):
            stored.file.storage.save(name, ContentFile(data))
    else:
        stored.file.save(f"fake-{version.pk}-{language}.pdf", ContentFile(data), save=False)
    stored.save()
    return stored
