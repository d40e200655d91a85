"""The school's reminder settings: defaults, the settings page, who may change them."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from visits.models import ReminderSettings
from visits.reminders import settings

SETTINGS = reverse("visits:reminder_settings")


def test_reminder_settings_have_defaults_and_are_created_on_first_use(school):
    unsaved = settings.reminder_settings_for(school=school)
    assert unsaved.pk is None
    assert (unsaved.send_hour, unsaved.not_contacted_share, unsaved.report_overdue_days) == (17, 30, 5)
    row = settings.reminder_settings_ensure(school=school)
    assert settings.reminder_settings_ensure(school=school) == row
    assert ReminderSettings.objects.count() == 1


def test_a_report_is_overdue_from_the_start_of_the_amsterdam_day_the_school_chose(school):
    rs = ReminderSettings(school=school, report_overdue_days=5)
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    # On Sunday 1 November the visits before Wednesday 28 October have had five calendar days.
    assert rs.reports_overdue_before(datetime.date(2026, 11, 1)) == datetime.datetime(2026, 10, 28, tzinfo=amsterdam)
    rs.report_overdue_days = 1
    assert rs.reports_overdue_before(datetime.date(2026, 11, 1)) == datetime.datetime(2026, 11, 1, tzinfo=amsterdam)


@pytest.mark.parametrize("persona", ["directie", "administrator"])
def test_directie_and_administrator_change_the_reminder_settings(client, school, personas, persona):
    client.force_login(personas[persona])
    page = client.get(SETTINGS)
    assert page.status_code == 200
    assert "Herinneringen" in page.content.decode()
    data = {
        "send_hour": "18",
        "not_contacted_share": "40",
        "report_overdue_days": "7",
        "care_unreviewed_days": "2",
        "digest_weekday": "4",
        "teacher_visit_tomorrow": "on",
        "parent_reminder": "on",
    }
    response = client.post(SETTINGS, data, follow=True)
    assert "zijn opgeslagen" in response.content.decode()
    saved = ReminderSettings.objects.get(school=school)
    assert (saved.send_hour, saved.not_contacted_share, saved.digest_weekday) == (18, 40, 4)
    assert saved.parent_reminder and not saved.parent_confirmation


def test_a_wrong_number_is_explained_and_what_was_typed_stays(client, school, directie):
    client.force_login(directie)
    response = client.post(
        SETTINGS,
        {
            "send_hour": "23",
            "not_contacted_share": "40",
            "report_overdue_days": "7",
            "care_unreviewed_days": "2",
            "digest_weekday": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zorg ervoor dat deze waarde hoogstens 20 is." in html
    assert 'value="23"' in html and 'value="40"' in html
    assert not ReminderSettings.objects.filter(school=school).exists()


def test_the_settings_need_a_login(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["teacher", "care_coordinator", "interpreter", "outsider"])
def test_the_settings_are_not_for_other_roles(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(SETTINGS).status_code == 403


def test_the_settings_refuse_other_methods(client, directie):
    client.force_login(directie)
    assert client.put(SETTINGS).status_code == 405
