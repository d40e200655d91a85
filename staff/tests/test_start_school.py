"""A new installation: the technical operator starts one school with one command, and from then
on the school's own administrator runs it (no superuser, no technical admin)."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from huisbezoek.models import Membership, Role, School, SchoolYear, User
from notifications.models import Notification
from staff.models import Invitation
from staff.services import school_year_around

pytestmark = pytest.mark.django_db

ARGS = [
    "--board=Stichting Nieuw Begin",
    "--name=Basisschool De Vlinder",
    "--brin=34XY",
    "--type=primary",
    "--region=south",
    "--city=Tilburg",
    "--admin-email=Beheer@Vlinder.test",
    "--admin-first-name=Anouk",
    "--admin-last-name=de Wit",
]


def test_the_command_starts_a_school_whose_administrator_is_invited(capsys):
    call_command("start_school", *ARGS)

    school = School.objects.get(brin="34XY")
    assert school.board.name == "Stichting Nieuw Begin"
    admin = User.objects.get(email="beheer@vlinder.test")
    assert not admin.is_superuser and not admin.is_staff and not admin.has_usable_password()
    assert Membership.objects.filter(user=admin, school=school, role=Role.ADMINISTRATOR).exists()
    assert SchoolYear.objects.filter(school=school).count() == 1
    invitation = Invitation.objects.get(user=admin, school=school)
    message = Notification.objects.get(kind="staff_invitation", address="beheer@vlinder.test")
    assert "/uitnodiging/" in message.body
    assert invitation.token_hash not in message.body  # the secret, not its hash, goes out
    assert "invitation to set a password" in capsys.readouterr().out


def test_a_second_school_of_the_board_reuses_the_board_and_refuses_a_known_brin():
    call_command("start_school", *ARGS)
    with pytest.raises(CommandError, match="BRIN"):
        call_command("start_school", *ARGS)
    other = [a.replace("34XY", "35XY").replace("De Vlinder", "De Kever") for a in ARGS]
    call_command("start_school", *other)
    assert School.objects.filter(board__name="Stichting Nieuw Begin").count() == 2
    assert User.objects.filter(email__iexact="beheer@vlinder.test").count() == 1


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (datetime.date(2027, 3, 1), "2026-2027"),
        (datetime.date(2027, 7, 31), "2026-2027"),
        (datetime.date(2027, 8, 1), "2027-2028"),
        (datetime.date(2031, 11, 20), "2031-2032"),
    ],
)
def test_the_school_year_is_the_one_that_holds_today(day, label):
    assert school_year_around(day)[0] == label
