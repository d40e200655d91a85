"""Linking teachers to groups: the administrator's page, its two actions and the services behind them."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huisbezoek.models import Role
from huisbezoek.tests.factories import MembershipFactory, SchoolYearFactory, UserFactory
from visits.groups.services import group_teacher_link, group_teacher_unlink
from visits.models import GroupTeacher
from visits.tests.factories import GroupFactory, GroupTeacherFactory, PupilFactory

LIST = reverse("visits:group_list")
TODAY = datetime.datetime(2026, 11, 2, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=True):
        yield


def add_url(group) -> str:
    return reverse("visits:group_teacher_add", args=[group.pk])


def remove_url(link) -> str:
    return reverse("visits:group_teacher_remove", args=[link.pk])


def test_the_list_shows_this_years_groups_with_their_teachers(client, administrator, group, teacher, school):
    last_year = SchoolYearFactory(
        school=school, start=datetime.date(2025, 8, 18), end=datetime.date(2026, 7, 17), label="2025-2026"
    )
    GroupFactory(school=school, school_year=last_year, name="Groep 8 van vorig jaar", grade=8)
    client.force_login(administrator)

    page = client.get(LIST).content.decode()

    assert "Groep 3a" in page
    assert "Fatima Bakker" in page
    assert "Mentor / groepsleerkracht" in page
    assert "Groep 8 van vorig jaar" not in page
    assert 'for="teacher-' in page


def test_the_list_has_no_teachers_of_other_schools_to_choose(client, administrator, group, outsider, colleague):
    client.force_login(administrator)
    page = client.get(LIST).content.decode()
    assert f'<option value="{colleague.pk}">Pieter de Vries</option>' in page
    assert "Kees Buiten" not in page


def test_an_empty_year_points_to_the_import(client, administrator, school_year):
    client.force_login(administrator)
    page = client.get(LIST).content.decode()
    assert "Er zijn nog geen groepen in dit schooljaar." in page
    assert reverse("visits:import_upload") in page


def _school_with_groups(school, school_year, n: int) -> None:
    for i in range(n):
        group = GroupFactory(school=school, school_year=school_year, name=f"Groep {i % 8 + 1}{chr(97 + i // 8)}")
        teacher = UserFactory()
        MembershipFactory(user=teacher, school=school, role=Role.TEACHER)
        GroupTeacherFactory(group=group, teacher=teacher)
        GroupTeacherFactory(group=group, teacher=UserFactory(), kind=GroupTeacher.Kind.TEACHER)
        PupilFactory.create_batch(2, school=school, group=group)


@pytest.mark.parametrize("groups", [5, 30])
def test_the_list_costs_the_same_queries_for_5_or_30_groups(
    client, django_assert_max_num_queries, administrator, school, school_year, groups
):
    _school_with_groups(school, school_year, groups)
    client.force_login(administrator)
    with django_assert_max_num_queries(8):  # 7 + the second-factor device of the session
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count('<section class="card" id="groep-') == groups


def test_link_a_teacher_and_change_the_kind(client, administrator, group, colleague):
    client.force_login(administrator)

    response = client.post(add_url(group), {"teacher": colleague.pk, "kind": "teacher"}, follow=True)

    assert response.redirect_chain[-1][0] == f"{LIST}#groep-{group.pk}"
    assert "Pieter de Vries is gekoppeld aan Groep 3a (vakdocent / duo-collega)." in response.content.decode()
    assert GroupTeacher.objects.get(group=group, teacher=colleague).kind == GroupTeacher.Kind.TEACHER

    client.post(add_url(group), {"teacher": colleague.pk, "kind": "mentor"})
    assert GroupTeacher.objects.filter(group=group, teacher=colleague).count() == 1
    assert GroupTeacher.objects.get(group=group, teacher=colleague).kind == GroupTeacher.Kind.MENTOR


@pytest.mark.parametrize("who", ["outsider", "directie", "nobody"])
def test_only_teachers_of_this_school_can_be_linked(client, administrator, group, outsider, directie, who):
    user_id = {"outsider": outsider.pk, "directie": directie.pk, "nobody": 999999}[who]
    client.force_login(administrator)
    before = GroupTeacher.objects.count()

    response = client.post(add_url(group), {"teacher": user_id, "kind": "mentor"})

    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert GroupTeacher.objects.count() == before


def test_a_group_of_another_school_is_not_found(client, administrator, other_school, colleague):
    foreign = GroupFactory(school=other_school)
    client.force_login(administrator)
    assert client.post(add_url(foreign), {"teacher": colleague.pk, "kind": "mentor"}).status_code == 404
    assert not GroupTeacher.objects.filter(group=foreign).exists()


def test_unlink(client, administrator, group, teacher):
    link = GroupTeacher.objects.get(group=group, teacher=teacher)
    client.force_login(administrator)
    response = client.post(remove_url(link), follow=True)
    assert "Fatima Bakker is niet meer gekoppeld aan Groep 3a." in response.content.decode()
    assert not GroupTeacher.objects.filter(pk=link.pk).exists()


def test_a_link_of_another_school_is_not_found(client, administrator, other_school):
    foreign = GroupTeacherFactory(group=GroupFactory(school=other_school))
    client.force_login(administrator)
    assert client.post(remove_url(foreign)).status_code == 404
    assert GroupTeacher.objects.filter(pk=foreign.pk).exists()


def test_an_administrator_of_another_school_gets_404_here(client, school, group, teacher, colleague, other_school):
    stranger = UserFactory()
    MembershipFactory(user=stranger, school=other_school, role=Role.ADMINISTRATOR)
    link = GroupTeacher.objects.get(group=group, teacher=teacher)
    client.force_login(stranger)
    assert client.post(add_url(group), {"teacher": colleague.pk, "kind": "mentor"}).status_code == 404
    assert client.post(remove_url(link)).status_code == 404
    assert GroupTeacher.objects.filter(pk=link.pk).exists()


@pytest.mark.parametrize("persona", ["teacher", "colleague", "directie", "care_coordinator", "interpreter", "outsider"])
def test_other_roles_are_refused(client, personas, group, persona):
    link = GroupTeacher.objects.get(group=group)
    client.force_login(personas[persona])
    assert client.get(LIST).status_code == 403
    assert client.post(add_url(group), {"teacher": personas["colleague"].pk, "kind": "mentor"}).status_code == 403
    assert client.post(remove_url(link)).status_code == 403
    assert GroupTeacher.objects.filter(group=group).count() == 1


def test_anonymous_is_sent_to_log_in_and_wrong_methods_are_refused(client, administrator, group):
    link = GroupTeacher.objects.get(group=group)
    for url in (LIST, add_url(group), remove_url(link)):
        response = client.post(url) if url != LIST else client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    client.force_login(administrator)
    assert client.post(LIST).status_code == 405
    assert client.get(add_url(group)).status_code == 405
    assert client.get(remove_url(link)).status_code == 405


def test_the_services_enforce_their_rules(group, administrator, teacher, directie, colleague):
    with pytest.raises(ValidationError):
        group_teacher_link(group=group, teacher=directie, kind="mentor", by=administrator)
    with pytest.raises(ValidationError):
        group_teacher_link(group=group, teacher=colleague, kind="boss", by=administrator)
    with pytest.raises(PermissionDenied):
        group_teacher_link(group=group, teacher=colleague, kind="mentor", by=teacher)
    link = GroupTeacher.objects.get(group=group)
    with pytest.raises(PermissionDenied):
        group_teacher_unlink(link=link, by=directie)
    _link, created = group_teacher_link(group=group, teacher=colleague, kind="teacher", by=administrator)
    assert created
    group_teacher_unlink(link=link, by=administrator)
    assert list(GroupTeacher.objects.filter(group=group).values_list("teacher", flat=True)) == [colleague.pk]
