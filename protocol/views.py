"""Views of the protocol: the directie's editor, the staff working document, and the public
parent pages (no log-in, no cookies)."""

from __future__ import annotations

import dataclasses
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek import languages
from huisbezoek.access import role_required
from visits.selectors import HOME_TO_PARENT_LANGUAGE

from . import access, content, selectors, services
from .forms import CheckForm, SectionForm, SettingsForm, TranslationForm, WorkingDocumentForm
from .models import ProtocolPdf, ProtocolVersion, SectionTranslation

PUBLIC_HTML_CACHE = "public, max-age=300"
PUBLIC_FILE_CACHE = "public, max-age=3600"


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Directie: overview, versions, sections ---------------------------------------------


def translation_rows(version: ProtocolVersion) -> list[dict]:
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


@require_GET
@role_required(*access.EDITORS)
def manage(request: HttpRequest) -> HttpResponse:
    """The directie's protocol page: versions, translations, PDFs, the public link and QR code."""
    school = request.school  # type: ignore[attr-defined]
    protocol_settings = services.protocol_settings_ensure(school=school)
    versions = list(access.versions_visible_to(school).order_by("-number"))
    published = next((v for v in versions if v.is_published), None)
    draft = next((v for v in versions if v.is_draft), None)
    working = draft or published
    pdf_rows = []
    if published is not None:
        codes = selectors.version_languages(version=published)
        full = selectors.build_document(version=published, language_codes=codes, protocol_settings=protocol_settings)
        stored = {
            (p.language, p.content_hash): p
            for p in ProtocolPdf.objects.filter(version=published).only(
                "language", "content_hash", "size", "pages", "created_at"
            )
        }
        for language_doc in full.languages:
            single = dataclasses.replace(full, languages=(language_doc,))
            pdf_rows.append(
                {
                    "language": languages.BY_CODE[language_doc.code],
                    "pdf": stored.get((language_doc.code, single.content_hash())),
                    "url": reverse("protocol:public_pdf", args=[protocol_settings.public_code, language_doc.code]),
                }
            )
        pdf_rows.append(
            {
                "language": None,
                "pdf": stored.get((ProtocolPdf.BOOKLET, full.content_hash())),
                "url": reverse("protocol:public_booklet", args=[protocol_settings.public_code]),
            }
        )
    missing_contacts = not (protocol_settings.confidant_name and protocol_settings.contact_name)
    return render(
        request,
        "protocol/manage.html",
        {
            "protocol_settings": protocol_settings,
            "versions": versions,
            "published": published,
            "draft": draft,
            "working": working,
            "translation_rows": translation_rows(working) if working else [],
            "pdf_rows": pdf_rows,
            "public_url": selectors.public_url(protocol_settings),
            "missing_contacts": missing_contacts,
        },
    )


@require_POST
@role_required(*access.EDITORS)
def start(request: HttpRequest) -> HttpResponse:
    try:
        version = services.protocol_create_default(school=request.school, user=request.user)  # type: ignore[attr-defined, arg-type]
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("protocol:manage")
    messages.success(request, _("Het protocol staat klaar als concept. Pas de onderdelen aan en publiceer het."))
    return redirect("protocol:version_detail", version.pk)


@require_POST
@role_required(*access.EDITORS)
def draft_create(request: HttpRequest) -> HttpResponse:
    try:
        version = services.version_create_draft(school=request.school, user=request.user)  # type: ignore[attr-defined, arg-type]
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("protocol:manage")
    messages.success(request, _("Versie %(number)s is gemaakt als concept.") % {"number": version.number})
    return redirect("protocol:version_detail", version.pk)


@require_GET
@role_required(*access.READERS)
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version as parents read it, in Dutch or (``?taal=``) one of its translations."""
    school = request.school  # type: ignore[attr-defined]
    version = access.get_version_for(school, pk)
    codes = selectors.version_languages(version=version)
    code = request.GET.get("taal", content.SOURCE_LANGUAGE)
    if code not in codes:
        code = content.SOURCE_LANGUAGE
    protocol_settings = services.protocol_settings_ensure(school=school)
    document = selectors.build_document(version=version, language_codes=[code], protocol_settings=protocol_settings)
    can_edit = bool({*access.EDITORS} & request.roles)  # type: ignore[attr-defined]
    return render(
        request,
        "protocol/version_detail.html",
        {
            "version": version,
            "document": document,
            "lang": document.languages[0],
            "section_pairs": list(
                zip(document.languages[0].sections, version.sections.order_by("position"), strict=False)
            )
            if code == content.SOURCE_LANGUAGE
            else [],
            "language_choices": selectors.language_choices(codes),
            "can_edit": can_edit,
            "translation_rows": translation_rows(version) if can_edit else [],
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*access.EDITORS)
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = access.get_section_for(request.school, pk)  # type: ignore[attr-defined]
    if not section.version.is_draft:
        messages.error(request, _("Alleen een concept kan worden bewerkt. Maak eerst een nieuwe versie."))
        return redirect("protocol:version_detail", section.version_id)
    form = SectionForm(request.POST) if request.method == "POST" else SectionForm.for_section(section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(
                section=section,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                expected_revision=form.cleaned_data["revision"],
                user=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Het onderdeel is opgeslagen."))
            return redirect("protocol:version_detail", section.version_id)
    translated = section.translations.exists()
    return render(request, "protocol/section_form.html", {"section": section, "form": form, "translated": translated})


@require_POST
@role_required(*access.EDITORS)
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.get_version_for(request.school, pk)  # type: ignore[attr-defined]
    try:
        services.version_publish(version=version, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("protocol:version_detail", version.pk)
    messages.success(
        request,
        _("Versie %(number)s is gepubliceerd. De PDF's worden nu gemaakt; ouders zien de nieuwe tekst meteen.")
        % {"number": version.number},
    )
    return redirect("protocol:manage")


# --- Translations -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*access.EDITORS)
def translation_edit(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    translation = access.get_translation_for(request.school, pk, language)  # type: ignore[attr-defined]
    version = translation.version
    if version.status == ProtocolVersion.Status.ARCHIVED:
        messages.error(request, _("Een vervangen versie verandert niet meer."))
        return redirect("protocol:version_detail", version.pk)
    section_translations = list(translation.sections.select_related("section").order_by("section__position"))
    form_kwargs = {"section_translations": section_translations, "language": language}
    if request.method == "POST":
        form = TranslationForm(request.POST, **form_kwargs)
        if form.is_valid():
            texts = {
                st.section_id: services.SectionText(
                    form.cleaned_data[f"title_{st.section_id}"], form.cleaned_data[f"body_{st.section_id}"]
                )
                for st in section_translations
            }
            try:
                services.translation_update(
                    translation=translation,
                    texts=texts,
                    expected_revision=form.cleaned_data["revision"],
                    user=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("De vertaling is opgeslagen."))
                return redirect("protocol:version_detail", version.pk)
    else:
        form = TranslationForm(initial={"revision": translation.revision}, **form_kwargs)
    return render(
        request,
        "protocol/translation_form.html",
        {
            "translation": translation,
            "version": version,
            "language": languages.BY_CODE[language],
            "form": form,
            "check_form": CheckForm(),
        },
    )


@require_POST
@role_required(*access.EDITORS)
def translation_check(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    translation = access.get_translation_for(request.school, pk, language)  # type: ignore[attr-defined]
    form = CheckForm(request.POST)
    try:
        services.translation_mark_checked(translation=translation, checked_by_name=form.data.get("checked_by_name", ""))
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("protocol:translation_edit", translation.version_id, language)
    messages.success(request, _("De vertaling is gemarkeerd als gecontroleerd."))
    return redirect("protocol:version_detail", translation.version_id)


# --- Settings and working document ------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*access.EDITORS)
def settings_edit(request: HttpRequest) -> HttpResponse:
    protocol_settings = services.protocol_settings_ensure(school=request.school)  # type: ignore[attr-defined]
    if request.method == "POST":
        form = SettingsForm(request.POST, request.FILES, instance=protocol_settings)
        if form.is_valid():
            try:
                services.settings_update(
                    protocol_settings=protocol_settings,
                    expected_revision=form.cleaned_data["revision"],
                    data={name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS},
                    logo=form.cleaned_data.get("logo_upload"),
                    remove_logo=form.cleaned_data.get("remove_logo", False),
                )
            except ValidationError as error:
                form.add_error(
                    "logo_upload" if error.code in {"too_large", "wrong_type", "too_many_pixels"} else None,
                    _error_text(error),
                )
            else:
                messages.success(request, _("De gegevens zijn opgeslagen. De PDF's worden opnieuw gemaakt."))
                return redirect("protocol:manage")
    else:
        form = SettingsForm(instance=protocol_settings, initial={"revision": protocol_settings.revision})
    return render(request, "protocol/settings_form.html", {"form": form, "protocol_settings": protocol_settings})


@require_GET
@role_required(*access.READERS)
def working_document(request: HttpRequest) -> HttpResponse:
    """The staff working document and visit tips, for everyone at the school."""
    document = services.working_document_ensure(school=request.school)  # type: ignore[attr-defined]
    parts = [
        (document._meta.get_field(name).verbose_name, selectors.text_blocks(getattr(document, name), {}))
        for name in services.WORKING_DOCUMENT_FIELDS
    ]
    can_edit = bool({*access.EDITORS} & request.roles)  # type: ignore[attr-defined]
    return render(request, "protocol/working_document.html", {"parts": parts, "can_edit": can_edit})


@require_http_methods(["GET", "POST"])
@role_required(*access.EDITORS)
def working_document_edit(request: HttpRequest) -> HttpResponse:
    document = services.working_document_ensure(school=request.school)  # type: ignore[attr-defined]
    if request.method == "POST":
        form = WorkingDocumentForm(request.POST, instance=document)
        if form.is_valid():
            try:
                services.working_document_update(
                    document=document,
                    data={n: form.cleaned_data[n] for n in services.WORKING_DOCUMENT_FIELDS},
                    expected_revision=form.cleaned_data["revision"],
                    user=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("Het werkdocument is opgeslagen."))
                return redirect("protocol:working_document")
    else:
        form = WorkingDocumentForm(instance=document, initial={"revision": document.revision})
    return render(request, "protocol/working_document_form.html", {"form": form})


# --- Public parent pages: no log-in, no cookies ------------------------------------------


def _public_context(code: str, language: str):  # type: ignore[no-untyped-def]
    protocol_settings = access.get_public_settings(code)
    version = access.get_public_version(protocol_settings)
    codes = selectors.version_languages(version=version)
    if language not in codes:
        raise Http404
    return protocol_settings, version, codes


def _reading_language(code: str, language: str) -> str | None:
    """For a home language the protocol is not written in, the language its parents read when the
    protocol has that one (Moroccan Arabic: Arabic; Tarifit: Tamazight), by the map messages and
    questionnaires use too; else None. Raises 404 when the protocol lacks the read language."""
    read = HOME_TO_PARENT_LANGUAGE.get(language)
    if read is None or read == language:
        return None
    _public_context(code, read)
    return read


def _no_cookies(response: HttpResponse) -> HttpResponse:
    # Belt and braces: nothing on these pages sets a cookie, and a future change must not either.
    response.cookies.clear()
    return response


@require_GET
def public_page(request: HttpRequest, code: str, language: str = content.SOURCE_LANGUAGE) -> HttpResponse:
    """The protocol for parents in one language, with every language named in its own script. A
    link with a family's home language leads to the language its parents read."""
    if (read := _reading_language(code, language)) is not None:
        return _no_cookies(redirect("protocol:public_language", code, read))
    protocol_settings, version, codes = _public_context(code, language)
    document = selectors.build_document(version=version, language_codes=[language], protocol_settings=protocol_settings)
    response = render(
        request,
        "protocol/public_page.html",
        {
            "document": document,
            "lang": document.languages[0],
            "language_choices": selectors.language_choices(codes),
            "code": code,
            "has_logo": bool(protocol_settings.logo),
            "dutch": languages.BY_CODE[content.SOURCE_LANGUAGE],
        },
    )
    response["Cache-Control"] = PUBLIC_HTML_CACHE
    return _no_cookies(response)


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    candidates = {c.strip().removeprefix("W/") for c in header.split(",") if c.strip()}
    return etag in candidates or "*" in candidates


def _serve_pdf(request: HttpRequest, stored: ProtocolPdf, filename: str, ascii_hint: str) -> HttpResponse:
    """The cached PDF as a download, with an ASCII file name for old browsers and the full
    UTF-8 name (the language in its own script) for the others."""
    etag = f'"{stored.sha256}"'
    if _etag_matches(request, etag):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = FileResponse(stored.file.open("rb"), content_type="application/pdf")
        ascii_name = slugify(ascii_hint) or "protocol"
        response["Content-Disposition"] = (
            f"attachment; filename=\"{ascii_name}.pdf\"; filename*=UTF-8''{quote(filename + '.pdf')}"
        )
    response["ETag"] = etag
    response["Cache-Control"] = PUBLIC_FILE_CACHE
    return _no_cookies(response)


def _preparing(request: HttpRequest, code: str, language: str, version: ProtocolVersion) -> HttpResponse:
    services.request_render(version=version, language=language)
    lang_code = content.SOURCE_LANGUAGE if language == ProtocolPdf.BOOKLET else language
    lang = languages.BY_CODE[lang_code]
    back = reverse("protocol:public_language", args=[code, lang_code])
    response = render(
        request,
        "protocol/public_preparing.html",
        {"lang": lang, "labels": content.labels(lang_code), "back": back},
        status=202,
    )
    response["Cache-Control"] = "no-store"
    response["Retry-After"] = "5"
    return _no_cookies(response)


@require_GET
def public_pdf(request: HttpRequest, code: str, language: str) -> HttpResponse:
    """Download the PDF in one language; if it is not rendered yet, a "being prepared" page."""
    if (read := _reading_language(code, language)) is not None:
        return _no_cookies(redirect("protocol:public_pdf", code, read))
    protocol_settings, version, _codes = _public_context(code, language)
    document = selectors.build_document(version=version, language_codes=[language], protocol_settings=protocol_settings)
    stored = selectors.cached_pdf(version=version, language=language, content_hash=document.content_hash())
    if stored is None:
        return _preparing(request, code, language, version)
    native = languages.BY_CODE[language].native
    school_name = protocol_settings.school.name
    return _serve_pdf(
        request, stored, f"{_('huisbezoek')}-{school_name}-{native}", f"{_('huisbezoek')}-{school_name}-{language}"
    )


@require_GET
def public_booklet(request: HttpRequest, code: str) -> HttpResponse:
    """Every language in one PDF, each on its own pages: for the school guide."""
    protocol_settings, version, codes = _public_context(code, content.SOURCE_LANGUAGE)
    document = selectors.build_document(version=version, language_codes=codes, protocol_settings=protocol_settings)
    stored = selectors.cached_pdf(version=version, language=ProtocolPdf.BOOKLET, content_hash=document.content_hash())
    if stored is None:
        return _preparing(request, code, ProtocolPdf.BOOKLET, version)
    name = f"{_('huisbezoek')}-{protocol_settings.school.name}-{_('alle talen')}"
    return _serve_pdf(request, stored, name, name)


@require_GET
def public_logo(request: HttpRequest, code: str) -> HttpResponse:
    protocol_settings = access.get_public_settings(code)
    if not protocol_settings.logo:
        raise Http404
    etag = f'"{protocol_settings.logo_sha256}"'
    if _etag_matches(request, etag):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = FileResponse(protocol_settings.logo.open("rb"), content_type="image/png")
    response["ETag"] = etag
    response["Cache-Control"] = PUBLIC_FILE_CACHE
    return _no_cookies(response)


@require_GET
def public_qr(request: HttpRequest, code: str) -> HttpResponse:
    """The QR code of the school's parent page, as SVG (for the school guide and parents' evening)."""
    import io

    import segno

    protocol_settings = access.get_public_settings(code)
    buffer = io.BytesIO()
    segno.make(selectors.public_url(protocol_settings), error="m").save(
        buffer, kind="svg", scale=6, border=2, title=_("QR-code van de ouderpagina")
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = PUBLIC_FILE_CACHE
    return _no_cookies(response)
