"""Reads of the protocol: the published version, and the filled-in document that the parent
page, the PDF and the staff preview all show.

The directie's text is plain text: each line a paragraph, "- " starts a list item, and
``{placeholders}`` are replaced by the school's details. Nothing is evaluated; the result is
a tree of plain strings that templates escape.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from huisbezoek import languages
from huisbezoek.models import School
from visits.selectors import programme_for

from . import content
from .models import (
    ProtocolPdf,
    ProtocolVersion,
    SchoolProtocolSettings,
    Section,
    SectionTranslation,
    Translation,
    WorkingDocument,
)

PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
# Bump when the PDF layout changes, so every cached PDF is rendered again.
LAYOUT_VERSION = "1"


@dataclass(frozen=True)
class Segment:
    text: str
    is_value: bool = False  # a filled-in detail (name, phone, e-mail): isolated for right-to-left text


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "ul"
    lines: tuple[tuple[Segment, ...], ...]


@dataclass(frozen=True)
class RenderedSection:
    key: str
    icon: str
    title: str
    blocks: tuple[Block, ...]
    out_of_date: bool = False
    dutch_title: str = ""
    dutch_blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class LanguageDocument:
    code: str
    native: str
    rtl: bool
    labels: dict[str, str]
    sections: tuple[RenderedSection, ...]
    is_source: bool = False
    checked_by_name: str = ""
    notice: str = ""  # "default translation, not checked" or "checked by ..." in the language itself

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"


@dataclass(frozen=True)
class ProtocolDocument:
    school_name: str
    version_number: int
    version_date: str  # dd-mm-yyyy; numbers as digits in every language
    public_url: str
    logo_name: str = ""  # the logo's name in the storage
    logo_sha256: str = ""
    languages: tuple[LanguageDocument, ...] = field(default_factory=tuple)

    def content_hash(self) -> str:
        payload = json.dumps({"layout": LAYOUT_VERSION, **asdict(self)}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


def text_blocks(text: str, values: dict[str, str]) -> tuple[Block, ...]:
    """Plain text to paragraphs and lists, with ``{placeholders}`` filled in from ``values``."""
    blocks: list[Block] = []
    items: list[tuple[Segment, ...]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("- ", "* ", "• ")):
            items.append(_segments(line[2:].strip(), values))
            continue
        if items:
            blocks.append(Block("ul", tuple(items)))
            items = []
        blocks.append(Block("p", (_segments(line, values),)))
    if items:
        blocks.append(Block("ul", tuple(items)))
    return tuple(blocks)


def _segments(line: str, values: dict[str, str]) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    position = 0
    for match in PLACEHOLDER_RE.finditer(line):
        if match.group(1) not in values:
            continue
        if match.start() > position:
            segments.append(Segment(line[position : match.start()]))
        segments.append(Segment(values[match.group(1)], is_value=True))
        position = match.end()
    if position < len(line):
        segments.append(Segment(line[position:]))
    return tuple(segments)


def fill_title(title: str, values: dict[str, str]) -> str:
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), title)


def unknown_placeholders(text: str) -> list[str]:
    return sorted({m.group(1) for m in PLACEHOLDER_RE.finditer(text)} - set(content.PLACEHOLDERS))


def placeholder_values(
    *, school: School, protocol_settings: SchoolProtocolSettings, frequency: str, minutes: int, language: str
) -> dict[str, str]:
    missing = content.labels(language)["missing"]
    ps = protocol_settings

    def given(*candidates: str) -> str:
        return next((c.strip() for c in candidates if c and c.strip()), missing)

    values = {
        "school_naam": school.name,
        "school_telefoon": given(ps.school_phone, school.phone),
        "school_email": given(ps.school_email, school.email),
        "duur_minuten": str(minutes),
        "frequentie": content.frequency(language, frequency),
        "vertrouwenspersoon_naam": given(ps.confidant_name),
        "vertrouwenspersoon_telefoon": given(ps.confidant_phone),
        "vertrouwenspersoon_email": given(ps.confidant_email),
        "contactpersoon_naam": given(ps.contact_name),
        "contactpersoon_telefoon": given(ps.contact_phone, ps.school_phone, school.phone),
        "contactpersoon_email": given(ps.contact_email, ps.school_email, school.email),
    }
    if languages.BY_CODE[language].rtl:
        values = {name: isolate(value) for name, value in values.items()}
    return values


def isolate(text: str) -> str:
    """Keep a phone number, e-mail address or date in its own direction inside right-to-left text
    (Unicode first-strong isolate), for the PDF; the web page also wraps values in <bdi>."""
    return f"\u2068{text}\u2069"


def version_languages(*, version: ProtocolVersion) -> list[str]:
    """Dutch first, then the version's translations in the shipped order."""
    present = set(Translation.objects.filter(version=version).values_list("language", flat=True))
    return [content.SOURCE_LANGUAGE, *(code for code in content.TRANSLATION_LANGUAGES if code in present)]


def language_choices(codes: Sequence[str]) -> list[languages.Language]:
    return [languages.BY_CODE[code] for code in codes if code in languages.BY_CODE]


def public_url(protocol_settings: SchoolProtocolSettings) -> str:
    return settings.SITE_URL + reverse("protocol:public_page", args=[protocol_settings.public_code])


def format_date(version: ProtocolVersion) -> str:
    if version.published_at is None:
        return ""
    return timezone.localtime(version.published_at).strftime("%d-%m-%Y")


def build_document(
    *, version: ProtocolVersion, language_codes: Sequence[str], protocol_settings: SchoolProtocolSettings
) -> ProtocolDocument:
    """The protocol of ``version`` filled in for the school, in each of ``language_codes``.

    A translated section whose Dutch source changed since it was translated is marked out of
    date and carries the Dutch text, so parents see it honestly.
    """
    school = version.school
    sections: list[Section] = list(version.sections.order_by("position"))
    translations = {
        t.language: t
        for t in Translation.objects.filter(version=version, language__in=list(language_codes)).prefetch_related(
            "sections"
        )
    }
    programme = programme_for(school=school)
    frequency = programme.frequency if programme else "yearly"
    minutes = programme.visit_minutes if programme else 60

    def values(code: str) -> dict[str, str]:
        return placeholder_values(
            school=school, protocol_settings=protocol_settings, frequency=frequency, minutes=minutes, language=code
        )

    dutch_values = values(content.SOURCE_LANGUAGE)
    version_date = format_date(version)
    documents = []
    for code in language_codes:
        language = languages.BY_CODE[code]
        labels = dict(content.labels(code))
        date = isolate(version_date) if language.rtl else version_date
        labels["version"] = labels["version"].replace("{datum}", date)
        if code == content.SOURCE_LANGUAGE:
            rendered = tuple(
                RenderedSection(
                    key=s.key,
                    icon=content.SECTION_ICONS.get(s.key, "question"),
                    title=fill_title(s.title, dutch_values),
                    blocks=text_blocks(s.body, dutch_values),
                )
                for s in sections
            )
            documents.append(LanguageDocument(code, language.native, language.rtl, labels, rendered, is_source=True))
            continue
        translation = translations.get(code)
        if translation is None:
            continue
        by_section = {st.section_id: st for st in translation.sections.all()}
        own = values(code)
        rendered_sections = []
        for s in sections:
            st = by_section.get(s.pk)
            icon = content.SECTION_ICONS.get(s.key, "question")
            dutch = (fill_title(s.title, dutch_values), text_blocks(s.body, dutch_values))
            if st is None:
                rendered_sections.append(RenderedSection(s.key, icon, dutch[0], dutch[1], True, *dutch))
                continue
            out_of_date = st.source_hash != s.source_hash
            rendered_sections.append(
                RenderedSection(
                    key=s.key,
                    icon=icon,
                    title=fill_title(st.title, own),
                    blocks=text_blocks(st.body, own),
                    out_of_date=out_of_date,
                    dutch_title=dutch[0] if out_of_date else "",
                    dutch_blocks=dutch[1] if out_of_date else (),
                )
            )
        if translation.checked_by_name:
            notice = labels["checked"].replace("{naam}", translation.checked_by_name)
        else:
            notice = labels["unchecked"]
        documents.append(
            LanguageDocument(
                code,
                language.native,
                language.rtl,
                labels,
                tuple(rendered_sections),
                checked_by_name=translation.checked_by_name,
                notice=notice,
            )
        )
    return ProtocolDocument(
        school_name=school.name,
        version_number=version.number,
        version_date=version_date,
        public_url=public_url(protocol_settings),
        logo_name=protocol_settings.logo.name if protocol_settings.logo else "",
        logo_sha256=protocol_settings.logo_sha256,
        languages=tuple(documents),
    )


def cached_pdf(*, version: ProtocolVersion, language: str, content_hash: str) -> ProtocolPdf | None:
    return ProtocolPdf.objects.filter(version=version, language=language, content_hash=content_hash).first()


def protocol_settings_of(*, school: School) -> SchoolProtocolSettings:
    """The school's protocol settings; a school that saved none yet gets the defaults, unsaved,
    so a page that only shows them writes nothing (``services.protocol_settings_ensure`` saves
    them, with the public code, when the school first changes something)."""
    found = SchoolProtocolSettings.objects.select_related("school").filter(school=school).first()
    if found is not None:
        return found
    return SchoolProtocolSettings(school=school, school_phone=school.phone, school_email=school.email)


def working_document_of(*, school: School) -> WorkingDocument:
    """The school's working document; until the school saves its own, the shipped one (unsaved)."""
    found = WorkingDocument.objects.filter(school=school).first()
    if found is not None:
        return found
    return WorkingDocument(school=school, **content.WORKING_DOCUMENT)


def translation_rows(*, version: ProtocolVersion) -> list[dict[str, Any]]:
    """Per language: its translation, how many sections are out of date, and its state."""
    hashes = {s.pk: s.source_hash for s in version.sections.all()}
    rows = []
    translations = {t.language: t for t in version.translations.all()}
    stale: dict[int, int] = {}
    for st in SectionTranslation.objects.filter(translation__version=version).only(
        "translation_id", "section_id", "source_hash"
    ):
        if hashes.get(st.section_id) != st.source_hash:
            stale[st.translation_id] = stale.get(st.translation_id, 0) + 1
    for code in content.TRANSLATION_LANGUAGES:
        translation = translations.get(code)
        if translation is None:
            continue
        rows.append(
            {
                "language": languages.BY_CODE[code],
                "translation": translation,
                "out_of_date": stale.get(translation.pk, 0),
            }
        )
    return rows


def pdf_rows(*, version: ProtocolVersion, protocol_settings: SchoolProtocolSettings) -> list[dict[str, Any]]:
    """The published version's PDFs: one per language and the booklet with all of them, each with
    the stored file when it is up to date (None while it is being made) and its public address."""
    codes = version_languages(version=version)
    full = build_document(version=version, language_codes=codes, protocol_settings=protocol_settings)
    stored = {
        (p.language, p.content_hash): p
        for p in ProtocolPdf.objects.filter(version=version).only(
            "language", "content_hash", "size", "pages", "created_at"
        )
    }
    rows: list[dict[str, Any]] = []
    for language_doc in full.languages:
        single = replace(full, languages=(language_doc,))
        rows.append(
            {
                "language": languages.BY_CODE[language_doc.code],
                "pdf": stored.get((language_doc.code, single.content_hash())),
                "url": reverse("protocol:public_pdf", args=[protocol_settings.public_code, language_doc.code]),
            }
        )
    rows.append(
        {
            "language": None,
            "pdf": stored.get((ProtocolPdf.BOOKLET, full.content_hash())),
            "url": reverse("protocol:public_booklet", args=[protocol_settings.public_code]),
        }
    )
    return rows
