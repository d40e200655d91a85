"""The home page fits the role, shows only the current school's data, and costs a fixed
number of queries however big the school is."""

import pytest
from django.urls import reverse

from huisbezoek.models import Role
from visits.tests.factories import FamilyLanguageFactory, GroupTeacherFactory, PupilFactory

HOME = reverse("home")


def page_for(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_teacher_sees_their_groups_and_who_to_turn_to(client, teacher, care_coordinator, pupil, school_year):
    page = page_for(client, teacher)
    assert "Mijn groepen" in page
    assert "Groep 3a" in page
    assert "Achtervang" in page
    assert "Samira Yilmaz" in page  # the care coordinator as backstop
    assert "2026-2027" in page
    assert "Medewerkers en rollen" not in page


def test_teacher_does_not_see_a_colleagues_group(client, teacher, colleague, school, school_year):
    from visits.tests.factories import GroupFactory

    other_group = GroupFactory(school=school, school_year=school_year, name="Groep 7b")
    GroupTeacherFactory(group=other_group, teacher=colleague)
    assert "Groep 7b" not in page_for(client, teacher)
    assert "Groep 7b" in page_for(client, colleague)


def test_directie_sees_school_totals_and_staff(client, directie, teacher, pupil):
    FamilyLanguageFactory(family=pupil.family, language="tr", is_main=True)
    page = page_for(client, directie)
    assert "Leerlingen en gezinnen" in page
    assert "Turks" in page
    assert "Medewerkers en rollen" in page
    assert "Fatima Bakker" in page


def test_care_coordinator_and_administrator_get_their_panels(client, care_coordinator, administrator, pupil):
    assert "Leerlingen en gezinnen" in page_for(client, care_coordinator)
    assert "Medewerkers en rollen" in page_for(client, administrator)


def test_interpreter_sees_their_languages(client, interpreter):
    page = page_for(client, interpreter)
    assert "Tarifit (Riffijns-Berbers)" in page
    assert "Marokkaans-Arabisch" in page
    assert "Mijn groepen" not in page


def test_outsider_sees_nothing_of_the_other_school(client, outsider, teacher, directie, pupil):
    page = page_for(client, outsider)
    assert "Het Baken College" in page
    for leaked in ("Basisschool De Regenboog", "Groep 3a", "Fatima Bakker", "Ingrid Smit", pupil.first_name):
        assert leaked not in page


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTIE])
def test_home_query_count_does_not_grow_with_the_school(
    client, django_assert_max_num_queries, school, school_year, group, teacher, directie, role
):
    user = teacher if role == Role.TEACHER else directie

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(HOME).status_code == 200
        return len(ctx.captured_queries)

    small = count_queries()
    for _ in range(30):
        pupil = PupilFactory(school=school, group=group)
        FamilyLanguageFactory(family=pupil.family, language="pl")
    assert count_queries() == small
    with django_assert_max_num_queries(13):  # incl. the second-factor device, which teachers use by default
        client.get(HOME)
