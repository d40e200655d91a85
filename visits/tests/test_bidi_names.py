"""Names that may be written right to left are isolated (<bdi>) wherever a page shows them.

The names are stored directly, past every form, so a right-to-left override that slipped in
before names were checked still cannot turn the text around it.
"""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from visits.care import services as services_care
from visits.models import Family, Visit
from visits.tests.care_cases import flagged_report
from visits.tests.helpers import at

OVERRIDE = "\u202eabc"
ARABIC = "\u0627\u0644\u0639\u0644\u064a"  # Al-Ali
ARABIC_FIRST = "\u0645\u062d\u0645\u062f"  # Mohammed


def isolated(html: str, text: str) -> bool:
    """``text`` is on the page, and every time inside a <bdi> or an element with dir="auto"."""
    outside = re.sub(r"<bdi>.*?</bdi>", "", html, flags=re.S)
    outside = re.sub(r'<(\w+)[^>]*\bdir="auto"[^>]*>.*?</\1>', "", outside, flags=re.S)
    return text in html and text not in outside


def body(html: str) -> str:
    """The page without its <title>, where markup cannot go."""
    return re.sub(r"<title>.*?</title>", "", html, flags=re.S)


@pytest.fixture
def named(pupil):
    Family.objects.filter(pk=pupil.family_id).update(name=OVERRIDE)
    pupil.first_name, pupil.last_name = ARABIC_FIRST, ARABIC
    pupil.save(update_fields=["first_name", "last_name"])
    pupil.family.refresh_from_db()
    return pupil


def test_the_pupil_list_isolates_pupil_names(client, teacher, named, programme):
    client.force_login(teacher)
    html = body(client.get(reverse("visits:pupil_list")).content.decode())
    assert isolated(html, ARABIC_FIRST)
    assert isolated(html, ARABIC)


def test_the_family_card_isolates_the_family_pupil_and_guardian_names(client, teacher, named):
    client.force_login(teacher)
    html = body(client.get(reverse("visits:family_detail", args=[named.family_id])).content.decode())
    assert "<bdi>\u202eabc</bdi>" in html
    assert isolated(html, OVERRIDE)
    assert isolated(html, ARABIC)
    # Inside the heading the name is isolated once, not escaped into visible "&lt;bdi&gt;".
    assert "&lt;bdi" not in html


def test_the_care_queue_isolates_pupil_and_teacher_names(client, teacher, care_coordinator, named):
    services_care.case_open_from_report(report=flagged_report(named, teacher), by=teacher)
    client.force_login(care_coordinator)
    html = body(client.get(reverse("visits:care_queue")).content.decode())
    assert isolated(html, ARABIC)
    assert isolated(html, teacher.get_full_name())
    assert "&lt;bdi" not in html


def test_the_bdi_filter_escapes_the_name_and_needs_no_load_tag():
    html = Template("{{ name|bdi }}").render(Context({"name": "<b>\u202eabc</b>"}))
    assert html == "<bdi>&lt;b&gt;\u202eabc&lt;/b&gt;</bdi>"
    in_text = Template("{% load i18n %}{% blocktranslate with name=name|bdi %}Gezin {{ name }}{% endblocktranslate %}")
    assert in_text.render(Context({"name": "A&B"})) == "Gezin <bdi>A&amp;B</bdi>"


def test_the_visit_pages_pupil_file_care_case_and_privacy_page_isolate_every_name(
    client, teacher, care_coordinator, administrator, school_year, named
):
    from visits import services

    visit = services.visit_open(pupil=named, school_year=school_year, by=teacher)
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SCHEDULED, starts_at=at(4, 19), duration_minutes=60)
    case = services_care.case_open_from_report(report=flagged_report(named, teacher), by=teacher)
    pages = {
        teacher: [
            reverse("visits:visit_detail", args=[visit.pk]),
            reverse("visits:visit_prepare", args=[visit.pk]),
            reverse("visits:pupil_file", args=[named.pk]),
        ],
        care_coordinator: [reverse("visits:care_case", args=[case.pk])],
        administrator: [reverse("privacy:family_access", args=[named.family_id])],
    }
    for person, urls in pages.items():
        client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = body(response.content.decode())
            assert isolated(html, ARABIC_FIRST), url
            assert "&lt;bdi" not in html, url
            if OVERRIDE in html:
                assert isolated(html, OVERRIDE), url
            if teacher.get_full_name() in html:
                assert isolated(html, teacher.get_full_name()), url
