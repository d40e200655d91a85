"""The directie's editor and the staff working document: happy paths, roles, other schools."""

import pytest
from django.urls import reverse

from huisbezoek.models import Role
from huisbezoek.testing.responses import messages_of
from huisbezoek.tests.factories import MembershipFactory, UserFactory
from protocol import services
from protocol.models import ProtocolVersion, SchoolProtocolSettings, WorkingDocument


@pytest.fixture
def other_directie(other_school):
    user = UserFactory(first_name="Olga", last_name="Anders")
    MembershipFactory(user=user, school=other_school, role=Role.DIRECTIE)
    return user


def test_directie_starts_from_the_default(client, directie, school):
    client.force_login(directie)
    page = client.get(reverse("protocol:manage")).content.decode()
    assert "Begin met de standaardtekst" in page
    response = client.post(reverse("protocol:start"))
    version = ProtocolVersion.objects.get(school=school)
    assert response.status_code == 302 and response.url == reverse("protocol:version_detail", args=[version.pk])
    page = client.get(response.url).content.decode()
    assert "Waarom komen we bij u thuis?" in page and "Publiceren" in page


def test_manage_page_query_count_is_pinned(
    client, directie, published, school, school_year, django_assert_max_num_queries
):
    services.version_create_draft(school=school)
    client.force_login(directie)
    client.get(reverse("protocol:manage"))  # settings row exists after the first visit
    with django_assert_max_num_queries(19):  # constant (incl. the second-factor device), whatever the languages
        response = client.get(reverse("protocol:manage"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "/ouders/" in page and "qr.svg" in page  # the public link and the QR code
    assert 'lang="ar" dir="rtl"' in page  # languages named in their own script


def test_section_edit_saves_and_a_stale_edit_keeps_the_users_text(client, directie, draft):
    section = draft.sections.get(key="visitors")
    url = reverse("protocol:section_edit", args=[section.pk])
    client.force_login(directie)
    response = client.post(url, {"title": "Wie komt er?", "body": "De mentor komt.", "revision": 1})
    assert response.status_code == 302
    assert response.url == reverse("protocol:version_detail", args=[draft.pk])
    assert messages_of(response) == ["Het onderdeel is opgeslagen."]
    stale = client.post(url, {"title": "Wie komt er?", "body": "Mijn eigen nieuwe zin.", "revision": 1})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Iemand anders heeft deze tekst intussen opgeslagen" in page
    assert "Mijn eigen nieuwe zin." in page  # nothing the user typed is lost
    section.refresh_from_db()
    assert section.body == "De mentor komt."


def test_publish_from_the_version_page(client, directie, draft, enqueued):
    client.force_login(directie)
    response = client.post(reverse("protocol:version_publish", args=[draft.pk]))
    assert response.status_code == 302
    assert response.url == reverse("protocol:manage")
    assert messages_of(response) == [
        f"Versie {draft.number} is gepubliceerd. De PDF's worden nu gemaakt; ouders zien de nieuwe tekst meteen."
    ]
    draft.refresh_from_db()
    assert draft.is_published and enqueued


def test_translation_edit_and_check(client, directie, draft):
    client.force_login(directie)
    url = reverse("protocol:translation_edit", args=[draft.pk, "en"])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items() if name != "revision"}
    data = {k: v for k, v in data.items() if v is not None}
    first = draft.sections.get(key="purpose")
    data[f"body_{first.pk}"] = "Your child's teacher visits you once."
    data["revision"] = 1
    saved = client.post(url, data)
    assert saved.status_code == 302
    assert saved.url == reverse("protocol:version_detail", args=[draft.pk])
    assert messages_of(saved) == ["De vertaling is opgeslagen."]
    check = client.post(reverse("protocol:translation_check", args=[draft.pk, "en"]), {"checked_by_name": "Anna"})
    assert check.status_code == 302
    assert check.url == reverse("protocol:version_detail", args=[draft.pk])
    # Neither redirect was followed: the next page shows both messages.
    assert messages_of(check) == ["De vertaling is opgeslagen.", "De vertaling is gemarkeerd als gecontroleerd."]
    translation = draft.translations.get(language="en")
    assert translation.checked_by_name == "Anna" and translation.origin == "edited"


def test_teacher_reads_but_does_not_edit(client, teacher, published):
    client.force_login(teacher)
    assert client.get(reverse("protocol:version_detail", args=[published.pk])).status_code == 200
    section = published.sections.first()
    assert client.get(reverse("protocol:section_edit", args=[section.pk])).status_code == 403
    assert client.post(reverse("protocol:version_publish", args=[published.pk])).status_code == 403
    assert client.get(reverse("protocol:manage")).status_code == 403
    assert client.get(reverse("protocol:working_document")).status_code == 200
    assert client.get(reverse("protocol:working_document_edit")).status_code == 403


def test_another_schools_directie_gets_404_on_every_protocol_object(client, other_directie, published, school):
    draft = services.version_create_draft(school=school)
    section = draft.sections.first()
    client.force_login(other_directie)
    urls = [
        ("get", reverse("protocol:version_detail", args=[published.pk])),
        ("get", reverse("protocol:version_detail", args=[draft.pk])),
        ("post", reverse("protocol:version_publish", args=[draft.pk])),
        ("get", reverse("protocol:section_edit", args=[section.pk])),
        ("post", reverse("protocol:section_edit", args=[section.pk])),
        ("get", reverse("protocol:translation_edit", args=[draft.pk, "ar"])),
        ("post", reverse("protocol:translation_check", args=[draft.pk, "ar"])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    draft.refresh_from_db()
    assert draft.is_draft


def test_settings_form_saves_contacts_and_refuses_a_fake_image(client, directie, settings_row):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(directie)
    url = reverse("protocol:settings")
    data = {
        "school_phone": "010-1112233",
        "school_email": "info@school.test",
        "confidant_name": "Mw. Vertrouwd",
        "confidant_phone": "06-11111111",
        "confidant_email": "vp@school.test",
        "contact_name": "Dhr. Vraag",
        "contact_phone": "06-22222222",
        "contact_email": "vragen@school.test",
        "revision": settings_row.revision,
    }
    fake = SimpleUploadedFile("logo.png", b"GIF89a not really", content_type="image/png")
    refused = client.post(url, {**data, "logo_upload": fake})
    assert refused.status_code == 200 and "Kies een PNG- of JPEG-afbeelding." in refused.content.decode()
    saved = client.post(url, data)
    assert saved.status_code == 302
    assert saved.url == reverse("protocol:manage")
    assert messages_of(saved) == ["De gegevens zijn opgeslagen. De PDF's worden opnieuw gemaakt."]
    settings_row.refresh_from_db()
    assert settings_row.confidant_name == "Mw. Vertrouwd"


def test_working_document_shows_the_defaults_and_directie_edits_it(client, directie, school):
    client.force_login(directie)
    page = client.get(reverse("protocol:working_document")).content.decode()
    assert "Het kind tolkt nooit." in page and "Werkdocument bewerken" in page
    document = services.working_document_ensure(school=school)
    data = {name: getattr(document, name) for name in services.WORKING_DOCUMENT_FIELDS}
    response = client.post(reverse("protocol:working_document_edit"), {**data, "tips": "- Kom op tijd.", "revision": 1})
    assert response.status_code == 302
    assert response.url == reverse("protocol:working_document")
    assert messages_of(response) == ["Het werkdocument is opgeslagen."]
    assert "Kom op tijd." in client.get(reverse("protocol:working_document")).content.decode()


def test_teacher_home_links_to_the_working_document(client, teacher, group):
    client.force_login(teacher)
    page = client.get(reverse("home")).content.decode()
    assert reverse("protocol:working_document") in page


def test_archived_version_stays_readable_with_its_dates(client, directie, published, school):
    draft = services.version_create_draft(school=school)
    services.version_publish(version=draft)
    client.force_login(directie)
    page = client.get(reverse("protocol:version_detail", args=[published.pk])).content.decode()
    assert "Vervangen" in page and "gepubliceerd op" in page and "vervangen op" in page


def test_reading_the_protocol_pages_writes_nothing(client, directie, school):
    client.force_login(directie)
    for name in ("protocol:manage", "protocol:settings", "protocol:working_document", "protocol:working_document_edit"):
        assert client.get(reverse(name)).status_code == 200
    assert not SchoolProtocolSettings.objects.filter(school=school).exists()
    assert not WorkingDocument.objects.filter(school=school).exists()


def test_the_first_save_of_the_settings_and_the_working_document_creates_them(client, directie, school):
    client.force_login(directie)
    form = client.get(reverse("protocol:working_document_edit")).context["form"]
    data = {**{name: value or "" for name, value in form.initial.items()}, "tips": "Neem tijd."}
    assert client.post(reverse("protocol:working_document_edit"), data).status_code == 302
    assert WorkingDocument.objects.get(school=school).tips == "Neem tijd."
    form = client.get(reverse("protocol:settings")).context["form"]
    data = {name: value or "" for name, value in form.initial.items() if name != "logo"}
    data["confidant_name"] = "Mevrouw Bakker"
    assert client.post(reverse("protocol:settings"), data).status_code == 302
    saved = SchoolProtocolSettings.objects.get(school=school)
    assert saved.confidant_name == "Mevrouw Bakker" and saved.public_code
