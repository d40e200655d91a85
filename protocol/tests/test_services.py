"""The protocol's rules, tested on the services directly."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from protocol import content, services
from protocol.models import ProtocolPdf, ProtocolVersion, SectionTranslation, Translation
from protocol.tests.factories import draft_protocol


def test_default_protocol_has_every_section_and_every_shipped_translation(draft):
    assert [s.key for s in draft.sections.order_by("position")] == list(content.SECTION_KEYS)
    assert sorted(draft.translations.values_list("language", flat=True)) == sorted(content.TRANSLATION_LANGUAGES)
    assert SectionTranslation.objects.filter(translation__version=draft).count() == 7 * len(content.SECTION_KEYS)
    assert set(draft.translations.values_list("origin", flat=True)) == {Translation.Origin.DEFAULT}
    assert not any(st.is_out_of_date for st in SectionTranslation.objects.select_related("section"))


def test_default_texts_use_only_known_placeholders_in_every_language():
    from protocol.selectors import unknown_placeholders

    for language in content.ALL_LANGUAGES:
        for key in content.SECTION_KEYS:
            title, body = content.sections(language)[key]
            assert not unknown_placeholders(f"{title}\n{body}"), (language, key)


def test_starting_twice_is_refused(draft, school):
    with pytest.raises(ValidationError):
        services.protocol_create_default(school=school)


def test_publish_keeps_exactly_one_published_version(draft, school, directie, enqueued):
    services.version_publish(version=draft, user=directie)
    second = services.version_create_draft(school=school, user=directie)
    assert second.number == 2
    services.version_publish(version=second, user=directie)

    draft.refresh_from_db()
    assert draft.status == ProtocolVersion.Status.ARCHIVED and draft.archived_at is not None
    assert draft.published_at is not None  # the earlier version keeps its dates
    assert list(ProtocolVersion.objects.published().filter(school=school)) == [second]
    # Every language and the booklet are rendered in the background after each publish.
    assert sorted(lang for pk, lang in enqueued if pk == second.pk) == sorted(
        [*content.ALL_LANGUAGES, ProtocolPdf.BOOKLET]
    )


def test_the_database_refuses_two_published_versions(published, school):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProtocolVersion.objects.create(school=school, number=9, status=ProtocolVersion.Status.PUBLISHED)


def test_every_protocol_row_carries_its_school(draft, school):
    assert set(SectionTranslation.objects.values_list("school_id", flat=True)) == {school.pk}
    assert set(Translation.objects.values_list("school_id", flat=True)) == {school.pk}
    assert set(draft.sections.values_list("school_id", flat=True)) == {school.pk}


def test_publishing_a_published_version_again_is_refused(published, directie):
    with pytest.raises(ValidationError):
        services.version_publish(version=published, user=directie)


def test_only_one_draft_at_a_time(published, school):
    services.version_create_draft(school=school)
    with pytest.raises(ValidationError):
        services.version_create_draft(school=school)


def test_editing_dutch_makes_its_translations_out_of_date(draft, directie):
    section = draft.sections.get(key="duration")
    services.section_update(
        section=section, title=section.title, body="Het bezoek duurt 45 minuten.", expected_revision=1, user=directie
    )
    stale = SectionTranslation.objects.select_related("section").filter(section=section)
    assert all(st.is_out_of_date for st in stale)
    others = SectionTranslation.objects.select_related("section").exclude(section=section)
    assert not any(st.is_out_of_date for st in others)


def test_a_stale_edit_is_refused_and_changes_nothing(draft, directie):
    section = draft.sections.get(key="purpose")
    services.section_update(section=section, title="Waarom?", body="Eerste tekst.", expected_revision=1)
    with pytest.raises(services.StaleEdit) as refused:
        services.section_update(section=section, title="Waarom?", body="Tweede tekst.", expected_revision=1)
    assert "Iemand anders" in refused.value.messages[0]
    section.refresh_from_db()
    assert section.body == "Eerste tekst." and section.revision == 2


def test_a_published_version_is_not_edited(published):
    section = published.sections.first()
    with pytest.raises(ValidationError):
        services.section_update(section=section, title="x", body="y", expected_revision=section.revision)


def test_unknown_placeholders_are_refused_with_the_known_ones_listed(draft):
    section = draft.sections.first()
    with pytest.raises(ValidationError) as refused:
        services.section_update(section=section, title="T", body="Bel {telefoon}", expected_revision=1)
    assert "{telefoon}" in str(refused.value) and "{school_telefoon}" in str(refused.value)


def test_translation_update_brings_sections_up_to_date_and_clears_the_check(draft, directie):
    section = draft.sections.get(key="duration")
    services.section_update(section=section, title=section.title, body="Nieuw: 45 minuten.", expected_revision=1)
    translation = draft.translations.get(language="en")
    translation.checked_by_name = "Anna"
    translation.save()
    services.translation_update(
        translation=translation,
        texts={section.pk: services.SectionText("How long?", "New: 45 minutes.")},
        expected_revision=translation.revision,
        user=directie,
    )
    translation.refresh_from_db()
    assert translation.origin == Translation.Origin.EDITED and translation.checked_by_name == ""
    st = translation.sections.select_related("section").get(section=section)
    assert st.body == "New: 45 minutes." and not st.is_out_of_date


def test_mark_checked_needs_a_name_and_an_up_to_date_translation(draft):
    translation = draft.translations.get(language="tr")
    with pytest.raises(ValidationError):
        services.translation_mark_checked(translation=translation, checked_by_name="  ")
    services.translation_mark_checked(translation=translation, checked_by_name="Ayşe Demir")
    translation.refresh_from_db()
    assert translation.checked_by_name == "Ayşe Demir" and translation.checked_at is not None

    section = draft.sections.first()
    services.section_update(section=section, title=section.title, body="Andere tekst.", expected_revision=1)
    other = draft.translations.get(language="pl")
    with pytest.raises(ValidationError) as refused:
        services.translation_mark_checked(translation=other, checked_by_name="Jan")
    assert refused.value.code == "out_of_date"


def _image(fmt: str, size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def test_logo_is_checked_and_stored_under_a_safe_name(settings_row):
    upload = SimpleUploadedFile("../../etc/passwd.jpg", _image("JPEG"), content_type="image/jpeg")
    saved = services.settings_update(
        protocol_settings=settings_row, expected_revision=settings_row.revision, data={}, logo=upload
    )
    assert saved.logo.name.startswith("protocol/logos/logo-") and saved.logo.name.endswith(".png")
    assert ".." not in saved.logo.name and "passwd" not in saved.logo.name
    with saved.logo.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "PNG"
    assert len(saved.logo_sha256) == 64


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("logo.png", b"<svg onload=alert(1)></svg>", "wrong_type"),
        ("logo.gif", _image("GIF"), "wrong_type"),
        ("big.png", b"\x89PNG" + b"0" * (1024 * 1024 + 10), "too_large"),
    ],
)
def test_logo_that_is_not_a_small_png_or_jpeg_is_refused(settings_row, name, data, code):
    upload = SimpleUploadedFile(name, data, content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        services.settings_update(
            protocol_settings=settings_row, expected_revision=settings_row.revision, data={}, logo=upload
        )
    assert refused.value.code == code
    settings_row.refresh_from_db()
    assert not settings_row.logo


def test_settings_stale_form_is_refused(settings_row):
    services.settings_update(protocol_settings=settings_row, expected_revision=settings_row.revision, data={})
    with pytest.raises(services.StaleEdit):
        services.settings_update(protocol_settings=settings_row, expected_revision=1, data={"confidant_name": "X"})


def test_settings_change_rerenders_the_published_pdfs(published, settings_row, enqueued):
    services.settings_update(
        protocol_settings=settings_row, expected_revision=settings_row.revision, data={"confidant_name": "Mw. Nieuw"}
    )
    assert {lang for _pk, lang in enqueued} == {*content.ALL_LANGUAGES, ProtocolPdf.BOOKLET}


def test_working_document_starts_from_the_default_and_refuses_stale_edits(school, directie):
    document = services.working_document_ensure(school=school)
    assert "Het kind tolkt nooit." in document.interpreters
    data = {name: getattr(document, name) for name in services.WORKING_DOCUMENT_FIELDS}
    services.working_document_update(document=document, data={**data, "tips": "- Wees op tijd."}, expected_revision=1)
    with pytest.raises(services.StaleEdit):
        services.working_document_update(document=document, data=data, expected_revision=1, user=directie)


def test_public_codes_are_unique_and_unambiguous(school, other_school):
    a = services.protocol_settings_ensure(school=school).public_code
    b = services.protocol_settings_ensure(school=other_school).public_code
    assert a != b and len(a) == services.CODE_LENGTH
    assert set(a) <= set(services.CODE_ALPHABET)
    assert services.protocol_settings_ensure(school=school).public_code == a


def test_other_school_protocols_are_independent(school, other_school):
    draft_protocol(school)
    other = draft_protocol(other_school)
    assert other.number == 1


@pytest.mark.parametrize(
    ("stale_sections", "said"),
    [(["duration"], "1 onderdeel is verouderd."), (["duration", "purpose"], "2 onderdelen zijn verouderd.")],
)
def test_a_translation_with_stale_sections_is_not_marked_checked_and_the_count_reads_right(
    draft, directie, stale_sections, said
):
    for key in stale_sections:
        section = draft.sections.get(key=key)
        services.section_update(
            section=section, title=section.title, body=f"{section.body} Nieuw.", expected_revision=1, user=directie
        )
    translation = draft.translations.first()
    with pytest.raises(ValidationError) as refused:
        services.translation_mark_checked(translation=translation, checked_by_name="Anna")
    assert said in refused.value.messages[0]
