"""Who may see and change the protocol (see huisbezoek/access.py for the pattern).

* Directie and administrator edit the protocol, its translations, the school's protocol
  settings and the working document (``EDITORS``).
* Every role of the school reads the protocol versions and the working document (``READERS``).
* Objects are looked up inside the current school only: another school's version is a 404.
* Parents use the public pages: a school is found by its public code, and only its
  published version is shown; anything else is a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from huisbezoek.access import Actor
from huisbezoek.models import Role, School

from . import content, selectors
from .models import ProtocolVersion, SchoolProtocolSettings, Section, Translation

EDITORS = (Role.DIRECTIE, Role.ADMINISTRATOR)
READERS = tuple(Role)


def _pk(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def versions_visible_to(actor: Actor) -> QuerySet[ProtocolVersion]:
    """Every role of the school reads its protocol; a user without a role there sees nothing."""
    if actor.school is None or not actor.roles & set(READERS):
        return ProtocolVersion.objects.none()
    return ProtocolVersion.objects.filter(school=actor.school)


def get_version_for(actor: Actor, pk: Any) -> ProtocolVersion:
    version = versions_visible_to(actor).select_related("school").filter(pk=_pk(pk)).first()
    if version is None:
        raise Http404
    return version


def get_section_for(actor: Actor, pk: Any) -> Section:
    section = (
        Section.objects.select_related("version", "version__school")
        .filter(pk=_pk(pk), version__in=versions_visible_to(actor))
        .first()
    )
    if section is None:
        raise Http404
    return section


def get_translation_for(actor: Actor, version_pk: Any, language: str) -> Translation:
    translation = (
        Translation.objects.select_related("version", "version__school")
        .filter(version__in=versions_visible_to(actor), version_id=_pk(version_pk), language=language)
        .first()
    )
    if translation is None:
        raise Http404
    return translation


def get_public_settings(code: str) -> SchoolProtocolSettings:
    """The protocol settings of the school with this public code (a 404 for any other code)."""
    found = SchoolProtocolSettings.objects.select_related("school").filter(public_code=code).first()
    if found is None:
        raise Http404
    return found


def school_for_public_code(code: str) -> School | None:
    """The school with this public code, or None: for the other apps' parent pages under the same
    code (registered with ``huisbezoek.parent_pages``)."""
    found = SchoolProtocolSettings.objects.select_related("school").filter(public_code=code).first()
    return found.school if found is not None else None


def public_url_for(school: School, language: str) -> str | None:
    """Where a parent who reads ``language`` finds the school's published protocol: that language
    when the protocol is translated into it, else Dutch; None before anything is published (for
    the other apps' parent pages, through ``huisbezoek.parent_pages``). Three queries."""
    found = SchoolProtocolSettings.objects.filter(school=school).first()
    version = ProtocolVersion.objects.published().filter(school=school).first()
    if found is None or version is None:
        return None
    offered = selectors.version_languages(version=version)
    shown = language if language in offered else content.SOURCE_LANGUAGE
    return reverse("protocol:public_language", args=[found.public_code, shown])


def get_public_version(protocol_settings: SchoolProtocolSettings) -> ProtocolVersion:
    """The published version of the school; a school that has published nothing is a 404."""
    version = ProtocolVersion.objects.published().filter(school_id=protocol_settings.school_id).first()
    if version is None:
        raise Http404
    version.school = protocol_settings.school
    return version
