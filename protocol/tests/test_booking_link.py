"""A parent who booked their visit time finds the school's protocol from the confirmation, in the
language they read when the protocol has it, else in Dutch; nothing before it is published."""

import datetime
import re

import pytest
from django.urls import reverse

from huisbezoek.models import User
from notifications.models import Notification
from visits.booking import services
from visits.models import AvailabilityWindow, Family
from visits.tests.factories import FamilyLanguageFactory, PupilFactory, VisitFactory
from visits.tests.helpers import clock_at

from .factories import published_protocol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_clock():
    """The visits tests' clock: early in the fixed visit period, before the evening offered."""
    with clock_at():
        yield


@pytest.fixture
def booked_page(client, school, group, teacher, programme):
    User.objects.filter(pk=teacher.pk).update(gender=User.Gender.FEMALE)
    AvailabilityWindow.objects.create(
        school=school, user=teacher, date=datetime.date(2026, 11, 5), start=datetime.time(18), end=datetime.time(20)
    )
    pupil = PupilFactory(school=school, group=group, family__name="Yilmaz")
    Family.objects.filter(pk=pupil.family_id).update(preferred_channel=Family.Channel.SMS, phone="0612345678")
    FamilyLanguageFactory(family=pupil.family, language="tr", is_main=True)
    visit = VisitFactory(pupil=pupil, lead_visitor=teacher)
    services.invitations_send(school=school, visits=[visit], by=teacher)
    body = Notification.objects.filter(kind=services.INVITE_KIND).latest("pk").body
    token = re.search(r"/kies-een-tijd/([A-Za-z0-9_-]+)/", body).group(1)
    url = reverse("visits:booking_page_language", args=[token, "tr"])
    assert client.post(url, {"action": "book", "slot": "2026-11-05T18:30"}).status_code == 302
    return lambda: client.get(url).content.decode()


def protocol_links(html: str) -> list[str]:
    return re.findall(r'href="(/ouders/[^"]+)"', html)


def test_the_confirmation_links_to_the_published_protocol(client, booked_page, school, directie):
    assert protocol_links(booked_page()) == []  # nothing published yet
    published_protocol(school, directie)
    html = booked_page()
    [link] = protocol_links(html)
    assert "Ev ziyaretinin nasıl geçtiğini okuyun" in html
    assert link.endswith("/tr/") or link.endswith("/nl/")  # Turkish when translated, else Dutch
    assert client.get(link).status_code == 200
