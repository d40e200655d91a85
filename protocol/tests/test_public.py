"""The public parent pages: no log-in, no cookies, every language in its own script."""

import re

import pytest
from django.urls import reverse

from protocol import services
from protocol.models import ProtocolPdf

from .factories import fake_pdf


@pytest.fixture
def code(published):
    return services.protocol_settings_ensure(school=published.school).public_code


def test_public_page_needs_no_login_and_sets_no_cookie(client, code, school_year, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):  # constant: settings, version, languages, texts, programme
        response = client.get(reverse("protocol:public_page", args=[code]))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers and not response.cookies
    page = response.content.decode()
    assert '<html lang="nl" dir="ltr">' in page
    assert "Waarom komen we bij u thuis?" in page
    assert "Mw. Els de Wit" in page  # the confidant, filled in from the school's settings
    assert "csrfmiddlewaretoken" not in page and "<script" not in page and "style=" not in page
    # Every language named in its own script, marked with its language and direction.
    assert '<a href="/ouders/' in page
    assert 'lang="ar" dir="rtl" hreflang="ar">العربية</a>' in page
    assert 'lang="uk" dir="ltr" hreflang="uk">Українська</a>' in page
    assert 'lang="zgh" dir="ltr" hreflang="zgh">Tamaziɣt</a>' in page


def test_a_logged_in_teacher_gets_no_cookie_either(client, teacher, code):
    client.force_login(teacher)
    response = client.get(reverse("protocol:public_language", args=[code, "tr"]))
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_arabic_page_is_right_to_left(client, code):
    page = client.get(reverse("protocol:public_language", args=[code, "ar"])).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "لماذا نزوركم في البيت؟" in page
    assert "ترجمة تلقائية، لم يراجعها أحد بعد." in page  # honest: not yet checked
    assert "06-12345678\u2069</bdi>" in page  # details keep their own direction


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("protocol:public_page", ["onbekend1"]),
        ("protocol:public_language", ["{code}", "ti"]),  # a language this protocol does not have
        ("protocol:public_language", ["{code}", "xx"]),
        ("protocol:public_pdf", ["{code}", "ti"]),
        ("protocol:public_pdf", ["onbekend1", "nl"]),
        ("protocol:public_booklet", ["onbekend1"]),
        ("protocol:public_logo", ["{code}"]),  # no logo uploaded
    ],
)
def test_unknown_school_or_language_is_404(client, code, url_name, args):
    response = client.get(reverse(url_name, args=[a.format(code=code) for a in args]))
    assert response.status_code == 404 and "Set-Cookie" not in response.headers


def test_a_school_with_only_a_draft_has_no_public_page(client, draft, school):
    code = services.protocol_settings_ensure(school=school).public_code
    assert client.get(reverse("protocol:public_page", args=[code])).status_code == 404
    assert client.get(reverse("protocol:public_pdf", args=[code, "nl"])).status_code == 404


def test_out_of_date_translation_is_shown_honestly_with_the_dutch_text(client, code, published, school):
    draft = services.version_create_draft(school=school)
    section = draft.sections.get(key="duration")
    services.section_update(
        section=section, title=section.title, body="Het bezoek duurt 45 minuten.", expected_revision=1
    )
    services.version_publish(version=draft)
    page = client.get(reverse("protocol:public_language", args=[code, "en"])).content.decode()
    assert "This part was changed in Dutch." in page
    assert '<div lang="nl" dir="ltr">' in page and "Het bezoek duurt 45 minuten." in page


def test_download_is_an_attachment_with_cache_headers_and_no_cookie(client, code, published):
    stored = fake_pdf(published, "ar")
    url = reverse("protocol:public_pdf", args=[code, "ar"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="huisbezoek-basisschool-de-regenboog-ar.pdf"')
    assert "filename*=UTF-8''" in disposition and "%D8%A7%D9%84%D8%B9%D8%B1%D8%A8%D9%8A%D8%A9" in disposition
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"] == f'"{stored.sha256}"'
    assert "Set-Cookie" not in response.headers
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    again = client.get(url, HTTP_IF_NONE_MATCH=f'"{stored.sha256}"')
    assert again.status_code == 304 and again["ETag"] == response["ETag"]
    assert "Set-Cookie" not in again.headers


def test_missing_pdf_shows_being_prepared_and_asks_for_one_render(client, code, published, enqueued):
    url = reverse("protocol:public_pdf", args=[code, "pl"])
    first = client.get(url)
    second = client.get(url)  # the page refreshes itself; no second render is asked for
    assert first.status_code == 202 and second.status_code == 202
    page = first.content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "PDF jest przygotowywany" in page and '<html lang="pl" dir="ltr">' in page
    assert "Set-Cookie" not in first.headers and first["Cache-Control"] == "no-store"
    assert enqueued == [(published.pk, "pl")]

    fake_pdf(published, "pl")  # the worker is done
    assert client.get(url).status_code == 200


def test_booklet_download(client, code, published, enqueued):
    url = reverse("protocol:public_booklet", args=[code])
    assert client.get(url).status_code == 202
    assert enqueued == [(published.pk, ProtocolPdf.BOOKLET)]
    fake_pdf(published, ProtocolPdf.BOOKLET)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")


def test_qr_code_is_an_svg_of_the_public_link_without_inline_styles(client, code):
    response = client.get(reverse("protocol:public_qr", args=[code]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "style=" not in svg
    assert "Set-Cookie" not in response.headers


def test_logo_is_served_when_uploaded(client, code, settings_row):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="PNG")
    services.settings_update(
        protocol_settings=settings_row,
        expected_revision=settings_row.revision,
        data={},
        logo=SimpleUploadedFile("x.png", out.getvalue()),
    )
    response = client.get(reverse("protocol:public_logo", args=[code]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    page = client.get(reverse("protocol:public_page", args=[code])).content.decode()
    assert reverse("protocol:public_logo", args=[code]) in page


def test_the_page_offers_the_shared_parent_languages_in_their_order(client, code):
    from visits.selectors import PARENT_LANGUAGES

    page = client.get(reverse("protocol:public_page", args=[code])).content.decode()
    offered = re.findall(r'hreflang="([a-z]+)"', page)
    assert offered == list(PARENT_LANGUAGES)  # the languages messages are written in, in the same order


@pytest.mark.parametrize(
    ("url_name", "home", "read"),
    [
        ("protocol:public_language", "ary", "ar"),  # Moroccan Arabic (Darija): Standard Arabic
        ("protocol:public_language", "rif", "zgh"),  # Tarifit: Tamazight
        ("protocol:public_pdf", "ary", "ar"),
    ],
)
def test_a_link_with_a_home_language_leads_to_the_language_its_parents_read(client, code, url_name, home, read):
    response = client.get(reverse(url_name, args=[code, home]))
    assert response.status_code == 302 and not response.cookies
    assert response["Location"] == reverse(url_name, args=[code, read])


def test_a_home_language_whose_reading_language_the_protocol_lacks_is_404(client, code, published):
    published.translations.filter(language="zgh").delete()
    assert client.get(reverse("protocol:public_language", args=[code, "rif"])).status_code == 404
    assert client.get(reverse("protocol:public_language", args=[code, "ary"])).status_code == 302
