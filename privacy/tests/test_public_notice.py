"""The parents' privacy notice: public, in every parent language, with the school's own retention
periods and contact details, under the school's public parent code, linked from the protocol page."""

import html

import pytest
from django.urls import reverse

from privacy import content
from privacy.models import RetentionPolicy
from protocol import services as protocol_services


@pytest.fixture
def code(school):
    school.phone = "010-1234567"
    school.email = "info@regenboog.example"
    school.save()
    RetentionPolicy.objects.create(school=school, family_years=3, care_years=7)
    return protocol_services.protocol_settings_ensure(school=school).public_code


def notice_url(code, language):
    return reverse("privacy:public_notice", args=[code, language])


@pytest.mark.parametrize("language", content.LANGUAGES)
def test_every_language_shows_the_schools_own_periods_and_contact(client, code, language):
    response = client.get(notice_url(code, language))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    texts = content.module(language)
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in page
    assert texts.TITLE in page
    assert texts.years(3) in page and texts.years(7) in page  # the school's periods, not the defaults
    assert "Basisschool De Regenboog" in page
    assert "010-1234567" in page and "info@regenboog.example" in page
    for key in content.SECTION_KEYS:
        assert texts.SECTIONS[key][0] in page
    assert "<script" not in page and "style=" not in page and "<form" not in page
    # Every other language offered, named in its own script.
    assert 'lang="ar" dir="rtl" hreflang="ar"' in page and ">العربية</a>" in page
    assert 'lang="zgh" dir="ltr" hreflang="zgh"' in page and ">Tamaziɣt</a>" in page
    assert f'hreflang="{language}" aria-current="page"' in page


def test_dutch_says_what_is_recorded_why_how_long_who_reads_it_and_what_parents_may_do(client, code):
    page = html.unescape(client.get(notice_url(code, "nl")).content.decode())
    for words in (
        "Privacy: wat de school vastlegt",
        "Welke talen u thuis spreekt.",
        "De dag van het huisbezoek.",
        "We willen uw gezin leren kennen.",
        "Dan bewaart de school het verslag en uw gegevens nog 3 jaar.",
        "Dat dossier bewaart de school 7 jaar",
        "alleen de leerkracht die het opschreef en de zorgcoördinator",
        "Dan mag u vragen om het te verbeteren of weg te halen.",
    ):
        assert words in page


def test_a_school_that_never_changed_its_periods_shows_the_defaults(client, school):
    code = protocol_services.protocol_settings_ensure(school=school).public_code
    page = html.unescape(client.get(notice_url(code, "en")).content.decode())
    assert "for 2 years more" in page and "for 5 years after" in page


def test_the_arabic_page_reads_right_to_left(client, code):
    page = client.get(notice_url(code, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert 'dir="ltr">010-1234567</a>' in page  # the number keeps its order inside Arabic text


@pytest.mark.parametrize("language", ["de", "xx", "ary", "privacy"])
def test_a_language_the_notice_does_not_have_is_a_404(client, code, language):
    assert client.get(notice_url(code, language)).status_code == 404


def test_an_unknown_code_is_a_404(client, code, other_school):
    assert client.get(notice_url("bestaat-niet", "nl")).status_code == 404


def test_another_schools_code_shows_that_school_only(client, code, other_school):
    other_code = protocol_services.protocol_settings_ensure(school=other_school).public_code
    page = html.unescape(client.get(notice_url(other_code, "nl")).content.decode())
    assert other_school.name in page
    assert "Basisschool De Regenboog" not in page and "010-1234567" not in page and "3 jaar" not in page


def test_no_cookie_is_set_for_anyone(client, code, teacher):
    response = client.get(notice_url(code, "tr"))
    assert "Set-Cookie" not in response.headers and not response.cookies
    client.force_login(teacher)
    response = client.get(notice_url(code, "pl"))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers and not response.cookies


def test_the_protocol_page_links_to_the_notice_in_its_language(client, school, directie, code):
    from protocol.tests.factories import published_protocol

    published_protocol(school, directie)
    page = client.get(reverse("protocol:public_language", args=[code, "tr"])).content.decode()
    assert f'<a href="{notice_url(code, "tr")}">Gizlilik: okulun kaydettikleri</a>' in page
    dutch = client.get(reverse("protocol:public_page", args=[code])).content.decode()
    assert f'<a href="{notice_url(code, "nl")}">Privacy: wat de school vastlegt</a>' in dutch


def test_a_page_language_the_notice_lacks_links_to_the_dutch_notice(code):
    from huisbezoek.parent_pages import parent_pages

    (link,) = parent_pages.links(code, "ary")
    assert link.url == notice_url(code, "nl") and link.language == "nl"
    assert link.text == "Privacy: wat de school vastlegt"
