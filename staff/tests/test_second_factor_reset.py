"""A staff member lost their phone: the school's administrator wipes their second-factor app and
recovery codes (no technical operator needed); they are logged out and set up a new app."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from huisbezoek.models import AuditEvent
from huisbezoek.testing.second_factor import confirmed_device

pytestmark = pytest.mark.django_db


def reset_url(user) -> str:
    return reverse("staff:second_factor_reset", args=[user.pk])


def test_the_administrator_wipes_a_lost_phone_and_the_teacher_is_logged_out(client, administrator, teacher):
    confirmed_device(teacher)
    StaticDevice.objects.create(user=teacher, name="Herstelcodes")
    teacher_browser = client.__class__()
    teacher_browser.force_login(teacher)
    assert Session.objects.filter(session_data__isnull=False).count() == 1
    client.force_login(administrator)

    edit = client.get(reverse("staff:staff_edit", args=[teacher.pk])).content.decode()
    assert "Tweede stap opnieuw laten instellen" in edit
    response = client.post(reset_url(teacher), follow=True)

    assert "stelt bij de volgende keer inloggen een nieuwe app in" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=teacher).exists()
    assert not StaticDevice.objects.filter(user=teacher).exists()
    sessions = [s.get_decoded().get(SESSION_KEY) for s in Session.objects.all()]
    assert str(teacher.pk) not in sessions  # logged out
    assert str(administrator.pk) in sessions  # the administrator stays
    assert AuditEvent.objects.filter(object_type="staff_member", object_id=teacher.pk, action="change").exists()


def test_nothing_to_wipe_is_said_and_changes_nothing(client, administrator, teacher):
    client.force_login(administrator)
    edit = client.get(reverse("staff:staff_edit", args=[teacher.pk])).content.decode()
    assert "nog geen app voor de tweede stap" in edit
    response = client.post(reset_url(teacher), follow=True)
    assert "er is niets te wissen" in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="staff_member", object_id=teacher.pk).exists()


def test_an_administrator_cannot_wipe_their_own_second_step(client, administrator):
    confirmed_device(administrator)
    client.force_login(administrator)
    edit = client.get(reverse("staff:staff_edit", args=[administrator.pk])).content.decode()
    assert "Tweede stap opnieuw laten instellen" not in edit
    response = client.post(reset_url(administrator), follow=True)
    assert "Vraag een andere beheerder" in response.content.decode()
    assert TOTPDevice.objects.filter(user=administrator).exists()


def test_someone_of_another_school_is_not_found_and_keeps_their_app(client, administrator, outsider):
    confirmed_device(outsider)
    client.force_login(administrator)
    assert client.post(reset_url(outsider)).status_code == 404
    assert TOTPDevice.objects.filter(user=outsider).exists()


def test_a_teacher_cannot_wipe_a_colleagues_app(client, teacher, colleague):
    confirmed_device(colleague)
    client.force_login(teacher)
    assert client.post(reset_url(colleague)).status_code == 403
    assert TOTPDevice.objects.filter(user=colleague).exists()
