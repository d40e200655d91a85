"""The access layer: schools, roles and the current school, for each persona."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from huisbezoek.access import SESSION_SCHOOL_KEY, Actor, get_school_for, role_required, roles_at, schools_of
from huisbezoek.models import Membership, Role
from huisbezoek.tests.factories import MembershipFactory, SchoolFactory, UserFactory


def test_a_user_sees_only_the_schools_they_work_at(teacher, outsider, school, other_school):
    assert list(schools_of(teacher)) == [school]
    assert list(schools_of(outsider)) == [other_school]


@pytest.mark.parametrize("pk", ["other", "999999", "abc", None, "1; DROP TABLE"])
def test_another_school_or_a_bad_id_is_a_404(teacher, other_school, pk):
    with pytest.raises(Http404):
        get_school_for(teacher, other_school.pk if pk == "other" else pk)


def test_roles_are_per_school(board, school, other_school):
    user = UserFactory()
    MembershipFactory(user=user, school=school, role=Role.TEACHER)
    MembershipFactory(user=user, school=school, role=Role.CARE_COORDINATOR)
    MembershipFactory(user=user, school=other_school, role=Role.DIRECTIE)
    assert roles_at(user, school) == {Role.TEACHER, Role.CARE_COORDINATOR}
    assert roles_at(user, other_school) == {Role.DIRECTIE}


def test_a_deactivated_user_has_no_schools(teacher):
    teacher.is_active = False
    teacher.save()
    assert list(schools_of(teacher)) == []


def test_role_required_refuses_other_roles_with_403(rf: RequestFactory, teacher, school):
    @role_required(Role.DIRECTIE)
    def dashboard(request):
        return HttpResponse("ok")

    request = rf.get("/")
    request.user = teacher
    request.actor = Actor(user=teacher, school=school, roles=frozenset({Role.TEACHER}))
    with pytest.raises(PermissionDenied):
        dashboard(request)
    request.actor = Actor(user=teacher, school=school, roles=frozenset({Role.DIRECTIE}))
    assert dashboard(request).content == b"ok"


def test_the_middleware_gives_every_request_an_actor_of_its_current_school(client, teacher, school):
    client.force_login(teacher)
    request = client.get("/").wsgi_request
    assert request.actor == Actor(user=teacher, school=school, roles=frozenset({Role.TEACHER}))
    assert request.actor == Actor.of(teacher, school)


def test_an_anonymous_request_has_an_actor_that_sees_nothing(client):
    request = client.get(reverse("login")).wsgi_request
    assert request.actor.school is None
    assert request.actor.roles == frozenset()


def test_an_actor_restricted_to_a_role_keeps_only_the_roles_it_holds(teacher, school):
    actor = Actor(user=teacher, school=school, roles=frozenset({Role.TEACHER, Role.DIRECTIE}))
    assert actor.restricted_to(Role.TEACHER).roles == {Role.TEACHER}
    assert actor.restricted_to(Role.CARE_COORDINATOR).roles == frozenset()
    assert actor.has_role(Role.DIRECTIE, Role.ADMINISTRATOR)
    assert not actor.restricted_to(Role.TEACHER).has_role(Role.DIRECTIE)


@pytest.fixture
def board_member(board, school, other_school):
    user = UserFactory(first_name="Bea", email="bestuur@school.test")
    MembershipFactory(user=user, school=school, role=Role.DIRECTIE)
    MembershipFactory(user=user, school=other_school, role=Role.DIRECTIE)
    return user


def test_board_member_switches_school_and_sees_the_other_schools_data(client, board_member, school, other_school):
    client.force_login(board_member)
    first = client.get("/")
    assert first.context["current_school"] == school  # the first school alphabetically
    response = client.post("/school/wisselen/", {"school": other_school.pk, "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    assert client.session[SESSION_SCHOOL_KEY] == other_school.pk
    page = client.get("/")
    assert page.context["current_school"] == other_school
    assert "U werkt nu in Het Baken College" in page.content.decode()


def test_school_switch_ignores_an_offsite_next(client, board_member, school):
    client.force_login(board_member)
    response = client.post("/school/wisselen/", {"school": school.pk, "next": "https://evil.example/"})
    assert response.url == "/"


def test_switching_to_a_school_you_do_not_work_at_is_a_404(client, teacher, other_school):
    client.force_login(teacher)
    response = client.post("/school/wisselen/", {"school": other_school.pk})
    assert response.status_code == 404
    assert SESSION_SCHOOL_KEY not in client.session


def test_a_revoked_role_takes_effect_on_the_next_request(client, board_member, school, other_school):
    client.force_login(board_member)
    client.post("/school/wisselen/", {"school": other_school.pk})
    Membership.objects.filter(user=board_member, school=other_school).delete()
    page = client.get("/")
    assert page.context["current_school"] == school


def test_user_without_any_school_is_told_what_to_do(client, db):
    lonely = UserFactory(first_name="Nieuw")
    client.force_login(lonely)
    page = client.get("/")
    assert page.status_code == 200
    assert "nog niet aan een school gekoppeld" in page.content.decode()


def test_new_school_of_another_board_stays_invisible(teacher):
    SchoolFactory(name="Andere school")
    assert [s.name for s in schools_of(teacher)] == ["Basisschool De Regenboog"]
