"""Inviting staff: the account, roles and groups made at once, the e-mail with a personal link
through the outbox, and the link itself (single use, expiry, tampering, resend, revoke)."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from huisbezoek.models import Membership, Role, User
from notifications.models import Notification
from staff.models import Invitation
from staff.tokens import token_hash
from visits.models import GroupTeacher

from .helpers import invitation_path

pytestmark = pytest.mark.django_db

INVITE = reverse("staff:staff_invite")


def invite(client, administrator, **extra):
    client.force_login(administrator)
    data = {
        "email": "Nieuw.Collega@School.test",
        "first_name": "Noor",
        "last_name": "El Idrissi",
        "roles": [Role.TEACHER],
        "gender": "female",
        **extra,
    }
    return client.post(INVITE, data)


def test_the_invite_page_says_why_it_asks_man_or_woman(client, administrator, group):
    client.force_login(administrator)
    page = client.get(INVITE).content.decode()
    assert "alleen een vrouw" in page and "geen man alleen" in page
    assert "Groep 3a" in page  # this year's groups to link as mentor
    for role in Role:
        assert str(role.label) in page


def test_inviting_makes_the_account_roles_groups_and_queues_one_email_with_an_absolute_link(
    client, administrator, school, group
):
    response = invite(client, administrator, roles=[Role.TEACHER, Role.DIRECTIE], groups=[group.pk])
    assert response.status_code == 302
    user = User.objects.get(email="nieuw.collega@school.test")
    assert not user.has_usable_password()
    assert user.gender == "female" and not user.is_staff and not user.is_superuser
    assert set(Membership.objects.filter(user=user, school=school).values_list("role", flat=True)) == {
        Role.TEACHER,
        Role.DIRECTIE,
    }
    assert GroupTeacher.objects.filter(group=group, teacher=user, kind=GroupTeacher.Kind.MENTOR).exists()
    invitation = Invitation.objects.get(user=user)
    assert invitation.expires_at == invitation.created + datetime.timedelta(days=settings.STAFF_INVITATION_DAYS)
    message = Notification.objects.get(kind="staff_invitation")
    assert message.address == "nieuw.collega@school.test" and message.recipient == user
    path = invitation_path(user.email)
    assert settings.SITE_URL + path in message.body
    token = path.strip("/").split("/")[-1]
    assert len(token) >= 43  # 256 bits, URL-safe
    # Only the hash is stored, never the token itself.
    assert invitation.token_hash == token_hash(token)
    assert re.fullmatch(r"[0-9a-f]{64}", invitation.token_hash)
    assert token not in invitation.token_hash


def test_an_address_with_an_account_at_another_school_gets_the_roles_not_a_second_account(
    client, administrator, school, outsider
):
    invite(client, administrator, email=outsider.email.upper(), first_name="Kees", last_name="Buiten")
    assert User.objects.filter(email__iexact=outsider.email).count() == 1
    assert Membership.objects.filter(user=outsider, school=school, role=Role.TEACHER).exists()
    assert not Invitation.objects.filter(user=outsider).exists()  # they can log in already
    added = Notification.objects.get(kind="staff_added")
    assert added.address == outsider.email and "Basisschool De Regenboog" in added.body


def test_someone_who_works_here_already_is_refused_and_the_form_keeps_what_was_typed(client, administrator, teacher):
    response = invite(client, administrator, email=teacher.email, first_name="Fatima")
    page = response.content.decode()
    assert response.status_code == 200
    assert "werkt al op deze school" in page
    assert 'value="Fatima"' in page
    assert Membership.objects.filter(user=teacher).count() == 1


def test_groups_need_the_teacher_role(client, administrator, group):
    response = invite(client, administrator, roles=[Role.DIRECTIE], groups=[group.pk])
    assert "Alleen een leerkracht kan aan een groep gekoppeld worden." in response.content.decode()
    assert not User.objects.filter(email="nieuw.collega@school.test").exists()


def test_hidden_characters_in_a_name_are_refused(client, administrator):
    response = invite(client, administrator, last_name="El\u202eIdrissi")
    assert "onzichtbaar teken" in response.content.decode()
    assert not User.objects.filter(email="nieuw.collega@school.test").exists()


def test_the_link_sets_a_password_once_and_the_person_can_log_in(client, administrator):
    invite(client, administrator)
    path = invitation_path("nieuw.collega@school.test")
    visitor = client_class_of(client)
    page = visitor.get(path)
    assert page.status_code == 200 and "Kies uw wachtwoord" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    response = visitor.post(path, {"new_password1": "Huisbezoek-2026!", "new_password2": "Huisbezoek-2026!"})
    assert response.status_code == 302 and response.url == reverse("login")
    user = User.objects.get(email="nieuw.collega@school.test")
    assert user.check_password("Huisbezoek-2026!")
    assert Invitation.objects.get(user=user).accepted_at is not None
    home = visitor.post(
        reverse("login"), {"username": "nieuw.collega@school.test", "password": "Huisbezoek-2026!"}, follow=True
    )
    # Logged in; a teacher reads reports, so the school's default second step comes first.
    assert home.redirect_chain[-1][0] == reverse("otp_enrol") + "?next=/"
    assert home.context["user"] == user

    again = client_class_of(client)
    used = again.get(path)
    assert used.status_code == 410 and "al gebruikt" in used.content.decode()
    reuse = again.post(path, {"new_password1": "Ander-wachtwoord-9", "new_password2": "Ander-wachtwoord-9"})
    assert "al gebruikt" in reuse.content.decode()
    user.refresh_from_db()
    assert user.check_password("Huisbezoek-2026!")  # nothing changed


def test_a_weak_password_is_refused_by_djangos_validators_and_the_link_stays_open(client, administrator):
    invite(client, administrator)
    path = invitation_path("nieuw.collega@school.test")
    response = client_class_of(client).post(path, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "Dit wachtwoord is te algemeen." in response.content.decode()
    assert Invitation.objects.get().accepted_at is None
    assert not User.objects.get(email="nieuw.collega@school.test").has_usable_password()


def test_an_expired_link_says_so_and_changes_nothing(client, administrator):
    invite(client, administrator)
    path = invitation_path("nieuw.collega@school.test")
    later = timezone.now() + datetime.timedelta(days=settings.STAFF_INVITATION_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        visitor = client_class_of(client)
        assert "verlopen" in visitor.get(path).content.decode()
        response = visitor.post(path, {"new_password1": "Huisbezoek-2026!", "new_password2": "Huisbezoek-2026!"})
        assert response.status_code == 410 and "verlopen" in response.content.decode()
    assert not User.objects.get(email="nieuw.collega@school.test").has_usable_password()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize("change", ["one_letter", "cut", "long"])
def test_a_tampered_link_is_unknown(client, administrator, change):
    invite(client, administrator)
    path = invitation_path("nieuw.collega@school.test")
    token = path.strip("/").split("/")[-1]
    tampered = {
        "one_letter": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "cut": token[:20],
        "long": token * 3,
    }[change]
    visitor = client_class_of(client)
    page = visitor.get(reverse("staff:invitation_accept", args=[tampered]))
    assert page.status_code == 404 and "Deze link kennen we niet" in page.content.decode()
    visitor.post(
        reverse("staff:invitation_accept", args=[tampered]),
        {"new_password1": "Huisbezoek-2026!", "new_password2": "Huisbezoek-2026!"},
    )
    assert not User.objects.get(email="nieuw.collega@school.test").has_usable_password()


def test_resend_makes_a_new_link_and_the_old_one_stops_working(client, administrator):
    invite(client, administrator)
    old = invitation_path("nieuw.collega@school.test")
    invitation = Invitation.objects.get()
    client.post(reverse("staff:invitation_resend", args=[invitation.pk]))
    new = invitation_path("nieuw.collega@school.test")
    assert new != old
    assert Notification.objects.filter(kind="staff_invitation").count() == 2
    visitor = client_class_of(client)
    assert visitor.get(old).status_code == 404
    assert visitor.get(new).status_code == 200


def test_revoke_stops_the_link(client, administrator):
    invite(client, administrator)
    path = invitation_path("nieuw.collega@school.test")
    invitation = Invitation.objects.get()
    response = client.post(reverse("staff:invitation_revoke", args=[invitation.pk]), follow=True)
    assert "ingetrokken" in response.content.decode()
    page = client_class_of(client).get(path)
    assert page.status_code == 410 and "ingetrokken" in page.content.decode()
    assert "Uitnodiging ingetrokken" in client.get(reverse("staff:staff_list")).content.decode()


def test_an_invited_directie_member_enrols_the_second_factor_after_logging_in(client, administrator):
    invite(client, administrator, roles=[Role.DIRECTIE])
    path = invitation_path("nieuw.collega@school.test")
    visitor = client_class_of(client)
    visitor.post(path, {"new_password1": "Huisbezoek-2026!", "new_password2": "Huisbezoek-2026!"})
    response = visitor.post(
        reverse("login"), {"username": "nieuw.collega@school.test", "password": "Huisbezoek-2026!"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("otp_enrol"))


def client_class_of(client):
    """A fresh client (another browser): nobody logged in."""
    return type(client)()
