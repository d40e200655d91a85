"""The team page and changing someone: who is listed, in a constant number of queries; roles,
gender and groups; what the administrator may not do; nothing of another school."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from huisbezoek.models import Membership, Role, SchoolYear, User
from huisbezoek.tests.factories import MembershipFactory, UserFactory
from staff.models import Invitation
from staff.tokens import new_token, token_hash
from visits.models import GroupTeacher
from visits.tests.factories import GroupFactory, GroupTeacherFactory, InterpreterFactory

pytestmark = pytest.mark.django_db

TEAM = reverse("staff:staff_list")


def invited_person(school, by, email="nieuw@school.test"):
    user = User.objects.create_user(email, None, first_name="Ilse", last_name="Nieuw")
    Membership.objects.create(user=user, school=school, role=Role.TEACHER)
    Invitation.objects.create(
        school=school,
        user=user,
        invited_by=by,
        token_hash=token_hash(new_token()),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return user


def test_the_team_lists_everyone_of_the_school_with_roles_groups_and_status(
    client, administrator, teacher, colleague, directie, interpreter, outsider, group, school
):
    invited_person(school, administrator)
    switched_off = UserFactory(first_name="Oud", last_name="Collega", is_active=False)
    MembershipFactory(user=switched_off, school=school, role=Role.TEACHER)
    client.force_login(administrator)
    page = client.get(TEAM).content.decode()
    for person in (teacher, colleague, directie, interpreter, administrator):
        assert person.email in page
    assert outsider.email not in page  # another school
    assert "Groep 3a" in page
    assert "Tolk / oudercontactpersoon" in page and "Directie" in page
    assert "Uitgenodigd" in page and "nog niet geaccepteerd" in page
    assert "Uitgeschakeld" in page
    assert "Opnieuw uitnodigen" in page and "Uitnodiging intrekken" in page


def test_the_team_page_runs_the_same_number_of_queries_for_a_bigger_team(client, administrator, school, school_year):
    client.force_login(administrator)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(TEAM).status_code == 200
        return len(queries)

    small = count()
    for n in range(8):
        person = UserFactory()
        MembershipFactory(user=person, school=school, role=Role.TEACHER)
        MembershipFactory(user=person, school=school, role=Role.DIRECTIE)
        group = GroupFactory(school=school, school_year=school_year, name=f"Groep {n}b", grade=4)
        GroupTeacherFactory(group=group, teacher=person)
        invited_person(school, administrator, email=f"nieuw{n}@school.test")
    assert count() == small


def test_the_team_page_query_count_is_pinned(
    client, administrator, teacher, colleague, group, django_assert_num_queries
):
    client.force_login(administrator)
    client.get(TEAM)  # warm up the session
    # session, user, memberships (middleware), second factor device, memberships, invitations,
    # school year, group links; the savepoints of the test client's session save.
    with django_assert_num_queries(8):
        client.get(TEAM)


def test_editing_sets_roles_gender_and_groups(client, administrator, colleague, school, group):
    client.force_login(administrator)
    response = client.post(
        reverse("staff:staff_edit", args=[colleague.pk]),
        {"roles": [Role.TEACHER, Role.CARE_COORDINATOR], "gender": "male", "groups": [group.pk]},
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.gender == "male"
    assert set(Membership.objects.filter(user=colleague, school=school).values_list("role", flat=True)) == {
        Role.TEACHER,
        Role.CARE_COORDINATOR,
    }
    assert GroupTeacher.objects.filter(group=group, teacher=colleague).exists()

    client.post(reverse("staff:staff_edit", args=[colleague.pk]), {"roles": [Role.DIRECTIE], "gender": ""})
    assert list(Membership.objects.filter(user=colleague, school=school).values_list("role", flat=True)) == [
        Role.DIRECTIE
    ]
    assert not GroupTeacher.objects.filter(teacher=colleague).exists()  # no teacher, no groups


def test_the_edit_form_cannot_make_anyone_superuser_or_technical_staff(client, administrator, colleague):
    client.force_login(administrator)
    client.post(
        reverse("staff:staff_edit", args=[colleague.pk]),
        {"roles": [Role.TEACHER], "gender": "", "is_superuser": "on", "is_staff": "on"},
    )
    colleague.refresh_from_db()
    assert not colleague.is_superuser and not colleague.is_staff
    page = client.get(reverse("staff:staff_edit", args=[colleague.pk])).content.decode()
    assert "is_superuser" not in page and "is_staff" not in page


def test_an_administrator_cannot_remove_their_own_administrator_role(client, administrator, school):
    client.force_login(administrator)
    response = client.post(
        reverse("staff:staff_edit", args=[administrator.pk]), {"roles": [Role.TEACHER], "gender": ""}
    )
    assert response.status_code == 200
    assert "U kunt uw eigen rol beheerder niet weghalen" in response.content.decode()
    assert Membership.objects.filter(user=administrator, school=school, role=Role.ADMINISTRATOR).exists()
    assert not Membership.objects.filter(user=administrator, role=Role.TEACHER).exists()


def test_an_administrator_of_another_school_gets_404_for_everything_of_this_school(
    client, administrator, teacher, school, other_school, school_year
):
    other_admin = UserFactory()
    MembershipFactory(user=other_admin, school=other_school, role=Role.ADMINISTRATOR)
    invitation = Invitation.objects.get(user=invited_person(school, administrator))
    interpreter = InterpreterFactory(school=school, name="Tolk Hier", languages=["ary"])
    client.force_login(other_admin)
    assert teacher.email not in client.get(TEAM).content.decode()
    for name, pk in (
        ("staff:staff_edit", teacher.pk),
        ("staff:staff_deactivate", teacher.pk),
        ("staff:interpreter_edit", interpreter.pk),
        ("staff:school_year_edit", school_year.pk),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    assert client.post(reverse("staff:staff_edit", args=[teacher.pk]), {"roles": [Role.DIRECTIE]}).status_code == 404
    assert client.post(reverse("staff:invitation_resend", args=[invitation.pk])).status_code == 404
    assert client.post(reverse("staff:invitation_revoke", args=[invitation.pk])).status_code == 404
    assert client.post(reverse("staff:interpreter_active", args=[interpreter.pk]), {"active": "0"}).status_code == 404
    assert Membership.objects.filter(user=teacher, school=school, role=Role.TEACHER).exists()
    # Inviting always goes into the administrator's own school.
    client.post(
        reverse("staff:staff_invite"),
        {"email": "x@school.test", "first_name": "X", "last_name": "Y", "roles": [Role.TEACHER], "school": school.pk},
    )
    assert list(Membership.objects.filter(user__email="x@school.test").values_list("school", flat=True)) == [
        other_school.pk
    ]


@pytest.mark.parametrize("persona", ["teacher", "directie", "care_coordinator", "interpreter"])
def test_other_roles_are_refused(client, request, persona, colleague):
    client.force_login(request.getfixturevalue(persona))
    for url in (TEAM, reverse("staff:staff_invite"), reverse("staff:staff_edit", args=[colleague.pk])):
        assert client.get(url).status_code == 403


def test_the_menu_and_the_home_panel_lead_the_administrator_to_the_team(client, administrator, teacher):
    client.force_login(administrator)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{TEAM}"' in page
    assert "Naar het team" in page
    client.force_login(teacher)
    assert f'href="{TEAM}"' not in client.get(reverse("home")).content.decode()


def test_school_years_are_checked_against_their_dates_and_each_other(client, administrator, school, school_year):
    client.force_login(administrator)
    add = reverse("staff:school_year_add")
    wrong = client.post(add, {"label": "2027-2029", "start": "2027-08-16", "end": "2028-07-14"})
    assert "Het schooljaar moet 2027-2028 heten bij deze data." in wrong.content.decode()
    overlap = client.post(add, {"label": "2027-2028", "start": "2027-07-01", "end": "2028-07-14"})
    assert "overlappen met schooljaar 2026-2027" in overlap.content.decode()
    assert client.post(add, {"label": "2027-2028", "start": "2027-08-16", "end": "2028-07-14"}).status_code == 302
    year = SchoolYear.objects.get(school=school, label="2027-2028")
    assert year.end == datetime.date(2028, 7, 14)
    edit = client.post(
        reverse("staff:school_year_edit", args=[year.pk]),
        {"label": "2027-2028", "start": "2027-08-23", "end": "2028-07-14", "is_trial_year": "on"},
    )
    assert edit.status_code == 302
    year.refresh_from_db()
    assert year.start == datetime.date(2027, 8, 23) and year.is_trial_year


def test_an_administrator_creates_a_school_in_their_board_and_becomes_its_administrator(
    client, administrator, school, board
):
    client.force_login(administrator)
    response = client.post(
        reverse("staff:school_add"),
        {"name": "Basisschool Het Anker", "brin": "56EF", "school_type": "primary", "holiday_region": "north"},
    )
    assert response.status_code == 302
    new = board.schools.get(brin="56EF")
    assert Membership.objects.filter(user=administrator, school=new, role=Role.ADMINISTRATOR).exists()
    duplicate = client.post(
        reverse("staff:school_add"),
        {"name": "Nog een", "brin": "56EF", "school_type": "primary", "holiday_region": "north"},
    )
    assert duplicate.status_code == 200 and board.schools.filter(brin="56EF").count() == 1
