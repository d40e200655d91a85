"""What a script could send to the protocol pages and a person never would: a section of megabytes,
a logo stuffed with compressed text. Each is refused in Dutch, quickly and in little memory; a
protocol at the largest allowed size still makes its booklet in bounded time."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile, PngImagePlugin

from huisbezoek.limits import PROTOCOL_SECTION_MAX
from huisbezoek.testing.bounds import bounded
from protocol import services
from protocol.models import ProtocolPdf, Section
from protocol.tests.factories import published_protocol

TOO_LONG = "hooguit 20.000 tekens"


def test_a_section_of_two_megabytes_is_refused_on_the_page(client, directie, draft):
    section = draft.sections.get(key="visitors")
    client.force_login(directie)
    url = reverse("protocol:section_edit", args=[section.pk])
    with bounded(seconds=10, megabytes=64):
        response = client.post(url, {"title": "Wie komt er?", "body": "De mentor komt. " * 130_000, "revision": 1})
    assert response.status_code == 200
    assert TOO_LONG in response.content.decode()
    assert f'maxlength="{PROTOCOL_SECTION_MAX}"' in response.content.decode()
    section.refresh_from_db()
    assert section.revision == 1


def test_the_service_refuses_a_section_or_translation_above_the_limit(draft, directie):
    section = draft.sections.get(key="visitors")
    with pytest.raises(ValidationError) as refused:
        services.section_update(
            section=section, title="Wie", body="x" * (PROTOCOL_SECTION_MAX + 1), expected_revision=1, user=directie
        )
    assert TOO_LONG in refused.value.message_dict["body"][0]
    translation = draft.translations.get(language="en")
    with pytest.raises(ValidationError) as refused:
        services.translation_update(
            translation=translation,
            texts={section.pk: services.SectionText(title="Who", body="x" * (PROTOCOL_SECTION_MAX + 1))},
            expected_revision=translation.revision,
            user=directie,
        )
    assert TOO_LONG in refused.value.message_dict["body"][0]


def test_the_protocol_pdf_at_the_largest_section_size_is_made_in_bounded_time(school, directie, real_renders):
    version = published_protocol(school, directie)
    paragraph = "De leerkracht komt op huisbezoek en praat met u over uw kind. " * 8
    body = "\n".join([paragraph] * (PROTOCOL_SECTION_MAX // (len(paragraph) + 1)))[:PROTOCOL_SECTION_MAX]
    Section.objects.filter(version=version, key="visitors").update(body=body)
    with bounded(seconds=120, megabytes=None):
        stored = services.pdf_ensure(version_id=version.pk, language="nl")
    assert isinstance(stored, ProtocolPdf)


def stuffed_png() -> bytes:
    """A small PNG carrying 70 compressed text chunks that unpack to 1 MB each."""
    info = PngImagePlugin.PngInfo()
    for number in range(70):
        info.add_text(f"note{number}", "a" * 1_000_000, zip=True)
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def test_a_logo_stuffed_with_text_is_refused_with_a_message(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)  # Pillow's default
    with bounded(seconds=10, megabytes=64), pytest.raises(ValidationError) as refused:
        services.logo_clean(SimpleUploadedFile("logo.png", stuffed_png(), content_type="image/png"))
    assert refused.value.code == "too_much_text"
    assert "Het logo bevat te veel verborgen tekst." in refused.value.messages[0]


def test_a_logo_stuffed_with_text_is_kept_without_it_once_weasyprint_is_loaded(
    client, directie, settings_row, monkeypatch
):
    # WeasyPrint switches on Pillow's LOAD_TRUNCATED_IMAGES, which skips a text chunk above the
    # ceiling instead of refusing it: the logo is then kept, re-encoded without any text.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = stuffed_png()
    assert len(data) < services.LOGO_MAX_BYTES
    client.force_login(directie)
    form = {"revision": settings_row.revision, "logo_upload": SimpleUploadedFile("logo.png", data)}
    with bounded(seconds=10, megabytes=64):
        response = client.post(reverse("protocol:settings"), form)
    assert response.status_code == 302
    settings_row.refresh_from_db()
    with settings_row.logo.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "PNG" and not stored.text


def test_a_logo_of_too_many_pixels_is_refused(settings_row):
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, format="PNG")  # compresses to a few kilobytes
    with bounded(seconds=10, megabytes=64), pytest.raises(ValidationError) as refused:
        services.logo_clean(SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png"))
    assert refused.value.code == "too_many_pixels"


def test_the_working_document_refuses_a_part_above_the_limit(client, directie, school):
    document = services.working_document_ensure(school=school)
    data = {name: getattr(document, name) for name in services.WORKING_DOCUMENT_FIELDS}
    with pytest.raises(ValidationError) as refused:
        services.working_document_update(
            document=document, data={**data, "tips": "x" * (PROTOCOL_SECTION_MAX + 1)}, expected_revision=1
        )
    assert TOO_LONG in refused.value.message_dict["tips"][0]
    client.force_login(directie)
    form = {**data, "tips": "Wees op tijd. " * 150_000, "revision": document.revision}
    with bounded(seconds=10, megabytes=64):
        response = client.post(reverse("protocol:working_document_edit"), form)
    assert response.status_code == 200 and TOO_LONG in response.content.decode()
