"""Views of the protocol: the directie's editor, the staff working document, and the public
parent pages (no log-in, no cookies)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast
from urllib.parse import quote

from django.contrib import messages
from django.db.models import Field
from django.forms import ModelForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huisbezoek import languages
from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.parent_pages import parent_pages
from huisbezoek.views_helpers import run_service
from visits.selectors import HOME_TO_PARENT_LANGUAGE

from . import access, content, public_cache, selectors, services
from .forms import CheckForm, SectionForm, SettingsForm, TranslationForm, WorkingDocumentForm
from .models import ProtocolPdf, ProtocolVersion, SchoolProtocolSettings, WorkingDocument

PUBLIC_HTML_CACHE = "public, max-age=300"
PUBLIC_FILE_CACHE = "public, max-age=3600"
# The PDF's URL names the school and language, not the content: browsers and proxies keep it five
# minutes, then ask again with the ETag (the file's sha256) and get a 304 while it is unchanged.
PUBLIC_PDF_CACHE = "public, max-age=300"


# --- Directie: overview, versions, sections ---------------------------------------------


@require_GET
@role_required(*access.EDITORS)
def manage(request: SchoolHttpRequest) -> HttpResponse:
    """The directie's protocol page: versions, translations, PDFs, the public link and QR code."""
    protocol_settings = selectors.protocol_settings_of(school=request.school)
    versions = list(access.versions_visible_to(request.actor).order_by("-number"))
    published = next((v for v in versions if v.is_published), None)
    draft = next((v for v in versions if v.is_draft), None)
    working = draft or published
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
            "translation_rows": selectors.translation_rows(version=working) if working else [],
            "pdf_rows": selectors.pdf_rows(version=published, protocol_settings=protocol_settings) if published else [],
            "public_url": selectors.public_url(protocol_settings) if published else "",
            "missing_contacts": missing_contacts,
        },
    )


@require_POST
@role_required(*access.EDITORS)
def start(request: SchoolHttpRequest) -> HttpResponse:
    created = run_service(
        request,
        lambda: services.protocol_create_default(school=request.school, user=request.user),
        success=_("Het protocol staat klaar als concept. Pas de onderdelen aan en publiceer het."),
    )
    if not created:
        return redirect("protocol:manage")
    return redirect("protocol:version_detail", created.value.pk)


@require_POST
@role_required(*access.EDITORS)
def draft_create(request: SchoolHttpRequest) -> HttpResponse:
    created = run_service(request, lambda: services.version_create_draft(school=request.school, user=request.user))
    if not created:
        return redirect("protocol:manage")
    messages.success(request, _("Versie %(number)s is gemaakt als concept.") % {"number": created.value.number})
    return redirect("protocol:version_detail", created.value.pk)


@require_GET
@role_required(*access.READERS)
def version_detail(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    """One version as parents read it, in Dutch or (``?taal=``) one of its translations."""
    version = access.get_version_for(request.actor, pk)
    codes = selectors.version_languages(version=version)
    code = request.GET.get("taal", content.SOURCE_LANGUAGE)
    if code not in codes:
        code = content.SOURCE_LANGUAGE
    protocol_settings = selectors.protocol_settings_of(school=request.school)
    document = selectors.build_document(version=version, language_codes=[code], protocol_settings=protocol_settings)
    can_edit = request.actor.has_role(*access.EDITORS)
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
            "translation_rows": selectors.translation_rows(version=version) if can_edit else [],
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*access.EDITORS)
def section_edit(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    section = access.get_section_for(request.actor, pk)
    if not section.version.is_draft:
        messages.error(request, _("Alleen een concept kan worden bewerkt. Maak eerst een nieuwe versie."))
        return redirect("protocol:version_detail", section.version_id)
    form = SectionForm(request.POST) if request.method == "POST" else SectionForm.for_section(section)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: services.section_update(
                section=section,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                expected_revision=form.cleaned_data["revision"],
                user=request.user,
            ),
            form=form,
            success=_("Het onderdeel is opgeslagen."),
        )
    ):
        return redirect("protocol:version_detail", section.version_id)
    translated = section.translations.exists()
    return render(request, "protocol/section_form.html", {"section": section, "form": form, "translated": translated})


@require_POST
@role_required(*access.EDITORS)
def version_publish(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    version = access.get_version_for(request.actor, pk)
    published = _("Versie %(number)s is gepubliceerd. De PDF's worden nu gemaakt; ouders zien de nieuwe tekst meteen.")
    if not run_service(
        request,
        lambda: services.version_publish(version=version, user=request.user),
        success=published % {"number": version.number},
    ):
        return redirect("protocol:version_detail", version.pk)
    return redirect("protocol:manage")


# --- Translations -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*access.EDITORS)
def translation_edit(request: SchoolHttpRequest, pk: int, language: str) -> HttpResponse:
    translation = access.get_translation_for(request.actor, pk, language)
    version = translation.version
    if version.status == ProtocolVersion.Status.ARCHIVED:
        messages.error(request, _("Een vervangen versie verandert niet meer."))
        return redirect("protocol:version_detail", version.pk)
    section_translations = list(translation.sections.select_related("section").order_by("section__position"))
    if request.method == "POST":
        form = TranslationForm(request.POST, section_translations=section_translations, language=language)
        if form.is_valid():
            texts = {
                st.section_id: services.SectionText(
                    form.cleaned_data[f"title_{st.section_id}"], form.cleaned_data[f"body_{st.section_id}"]
                )
                for st in section_translations
            }
            if run_service(
                request,
                lambda: services.translation_update(
                    translation=translation,
                    texts=texts,
                    expected_revision=form.cleaned_data["revision"],
                    user=request.user,
                ),
                form=form,
                success=_("De vertaling is opgeslagen."),
            ):
                return redirect("protocol:version_detail", version.pk)
    else:
        form = TranslationForm(
            initial={"revision": translation.revision}, section_translations=section_translations, language=language
        )
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
def translation_check(request: SchoolHttpRequest, pk: int, language: str) -> HttpResponse:
    translation = access.get_translation_for(request.actor, pk, language)
    form = CheckForm(request.POST)
    checked_by_name = form.data.get("checked_by_name", "")
    if not run_service(
        request,
        lambda: services.translation_mark_checked(translation=translation, checked_by_name=checked_by_name),
        success=_("De vertaling is gemarkeerd als gecontroleerd."),
    ):
        return redirect("protocol:translation_edit", translation.version_id, language)
    return redirect("protocol:version_detail", translation.version_id)


# --- Settings and working document ------------------------------------------------------


# The service's refusals of a logo, shown next to the upload field.
LOGO_REFUSALS = dict.fromkeys(("too_large", "wrong_type", "too_many_pixels"), "logo_upload")


D = TypeVar("D", SchoolProtocolSettings, WorkingDocument)


def _edit_at_revision(
    request: SchoolHttpRequest,
    form_class: type[ModelForm[D]],
    *,
    ensure: Callable[[], D],
    read: Callable[[], D],
    save: Callable[[D, dict[str, Any]], object],
    success: str,
    done: str,
    template: str,
    field_for_code: Mapping[str, str] | None = None,
) -> HttpResponse:
    """The edit page of a school's single document: a POST saves it through ``save`` (on the row
    ``ensure`` gives, created if missing) and goes to ``done``; a GET shows the row ``read`` gives
    (never written). The revision read goes along with the form, so a save over somebody else's
    newer change is refused instead of overwriting it. The template gets ``form`` and ``document``."""
    if request.method == "POST":
        document = ensure()
        form = form_class(request.POST, request.FILES, instance=document)
        if form.is_valid() and run_service(
            request,
            lambda: save(document, form.cleaned_data),
            form=form,
            field_for_code=field_for_code,
            success=success,
        ):
            return redirect(done)
    else:
        document = read()
        form = form_class(instance=document, initial={"revision": document.revision})
    return render(request, template, {"form": form, "document": document})


@require_http_methods(["GET", "POST"])
@role_required(*access.EDITORS)
def settings_edit(request: SchoolHttpRequest) -> HttpResponse:
    return _edit_at_revision(
        request,
        SettingsForm,
        ensure=lambda: services.protocol_settings_ensure(school=request.school),
        read=lambda: selectors.protocol_settings_of(school=request.school),
        save=lambda protocol_settings, data: services.settings_update(
            protocol_settings=protocol_settings,
            expected_revision=data["revision"],
            data={name: data[name] for name in services.SETTINGS_FIELDS},
            logo=data.get("logo_upload"),
            remove_logo=data.get("remove_logo", False),
        ),
        field_for_code=LOGO_REFUSALS,
        success=_("De gegevens zijn opgeslagen. De PDF's worden opnieuw gemaakt."),
        done="protocol:manage",
        template="protocol/settings_form.html",
    )


@require_GET
@role_required(*access.READERS)
def working_document(request: SchoolHttpRequest) -> HttpResponse:
    """The staff working document and visit tips, for everyone at the school."""
    document = selectors.working_document_of(school=request.school)
    parts = [
        (cast(Field, document._meta.get_field(name)).verbose_name, selectors.text_blocks(getattr(document, name), {}))
        for name in services.WORKING_DOCUMENT_FIELDS
    ]
    can_edit = request.actor.has_role(*access.EDITORS)
    return render(request, "protocol/working_document.html", {"parts": parts, "can_edit": can_edit})


@require_http_methods(["GET", "POST"])
@role_required(*access.EDITORS)
def working_document_edit(request: SchoolHttpRequest) -> HttpResponse:
    return _edit_at_revision(
        request,
        WorkingDocumentForm,
        ensure=lambda: services.working_document_ensure(school=request.school),
        read=lambda: selectors.working_document_of(school=request.school),
        save=lambda document, data: services.working_document_update(
            document=document,
            data={name: data[name] for name in services.WORKING_DOCUMENT_FIELDS},
            expected_revision=data["revision"],
            user=request.user,
        ),
        success=_("Het werkdocument is opgeslagen."),
        done="protocol:working_document",
        template="protocol/working_document_form.html",
    )


# --- Public parent pages: no log-in, no cookies ------------------------------------------


def _public_context(code: str, language: str):
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


R = TypeVar("R", bound=HttpResponseBase)


def _no_cookies(response: R) -> R:
    # Belt and braces: nothing on these pages sets a cookie, and a future change must not either.
    response.cookies.clear()
    return response


def _public_html(html: bytes) -> HttpResponse:
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = PUBLIC_HTML_CACHE
    return _no_cookies(response)


@require_GET
def public_page(request: HttpRequest, code: str, language: str = content.SOURCE_LANGUAGE) -> HttpResponse:
    """The protocol for parents in one language, with every language named in its own script. A
    link with a family's home language leads to the language its parents read.

    The page is the same for every parent, so its HTML is kept in the cache (``public_cache``)
    until the protocol changes: a cached page costs no query."""
    cached, token = public_cache.page(code, language)  # the token before the data, see public_cache
    if cached is not None:
        return _public_html(cached)
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
            "more_links": parent_pages.links(code, language),
        },
    )
    public_cache.remember_page(code, token, language, response.content)
    return _public_html(response.content)


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    candidates = {c.strip().removeprefix("W/") for c in header.split(",") if c.strip()}
    return etag in candidates or "*" in candidates


def _download_names(entry: public_cache.PdfEntry, language: str) -> tuple[str, str]:
    """The download's full name (the language in its own script) and the hint for its ASCII name."""
    if language == ProtocolPdf.BOOKLET:
        name = f"{_('huisbezoek')}-{entry.school_name}-{_('alle talen')}"
        return name, name
    native = languages.BY_CODE[language].native
    return f"{_('huisbezoek')}-{entry.school_name}-{native}", f"{_('huisbezoek')}-{entry.school_name}-{language}"


def _serve_pdf(request: HttpRequest, entry: public_cache.PdfEntry, language: str) -> HttpResponseBase | None:
    """The current PDF as a download, streamed from the storage, with an ASCII file name for old
    browsers and the full UTF-8 name for the others; None when the file is gone from the storage."""
    etag = f'"{entry.sha256}"'
    if _etag_matches(request, etag):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        try:
            handle = ProtocolPdf.file.field.storage.open(entry.name, "rb")
        except FileNotFoundError:
            return None
        response = FileResponse(handle, content_type="application/pdf")
        response["Content-Length"] = str(entry.size)
        filename, ascii_hint = _download_names(entry, language)
        ascii_name = slugify(ascii_hint) or "protocol"
        response["Content-Disposition"] = (
            f"attachment; filename=\"{ascii_name}.pdf\"; filename*=UTF-8''{quote(filename + '.pdf')}"
        )
    response["ETag"] = etag
    response["Cache-Control"] = PUBLIC_PDF_CACHE
    return _no_cookies(response)


def _download(request: HttpRequest, code: str, language: str) -> HttpResponseBase:
    """A public PDF: with the cache's pointer to the current file, streamed without a query; else
    looked up the slow way (the document's content hash), remembered, and streamed; or, not
    rendered yet, the "being prepared" page."""
    entry, token = public_cache.pdf_entry(code, language)  # the token before the data, see public_cache
    if entry is not None and (served := _serve_pdf(request, entry, language)) is not None:
        return served
    source = content.SOURCE_LANGUAGE if language == ProtocolPdf.BOOKLET else language
    protocol_settings, version, codes = _public_context(code, source)
    wanted = codes if language == ProtocolPdf.BOOKLET else [language]
    document = selectors.build_document(version=version, language_codes=wanted, protocol_settings=protocol_settings)
    stored = selectors.cached_pdf(version=version, language=language, content_hash=document.content_hash())
    if stored is None:
        return _preparing(request, code, language, version)
    entry = public_cache.PdfEntry(
        name=stored.file.name, sha256=stored.sha256, size=stored.size, school_name=protocol_settings.school.name
    )
    served = _serve_pdf(request, entry, language)
    if served is None:
        raise Http404
    public_cache.remember_pdf(code, token, language, entry)
    return served


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
def public_pdf(request: HttpRequest, code: str, language: str) -> HttpResponseBase:
    """Download the PDF in one language; if it is not rendered yet, a "being prepared" page."""
    if (read := _reading_language(code, language)) is not None:
        return _no_cookies(redirect("protocol:public_pdf", code, read))
    return _download(request, code, language)


@require_GET
def public_booklet(request: HttpRequest, code: str) -> HttpResponseBase:
    """Every language in one PDF, each on its own pages: for the school guide."""
    return _download(request, code, ProtocolPdf.BOOKLET)


@require_GET
def public_logo(request: HttpRequest, code: str) -> HttpResponseBase:
    protocol_settings = access.get_public_settings(code)
    if not protocol_settings.logo:
        raise Http404
    etag = f'"{protocol_settings.logo_sha256}"'
    if _etag_matches(request, etag):
        response: HttpResponseBase = HttpResponseNotModified()
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
