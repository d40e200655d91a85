"""Deactivating a staff member (roles gone, sessions ended, open work handed over) and the bulk
hand-over of a teacher's open visits to a colleague (sick leave)."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from huisbezoek.access import Actor
from huisbezoek.models import AuditEvent, Membership, Role
from huisbezoek.tests.factories import MembershipFactory
from visits.access import visits_visible_to
from visits.models import Report, Visit, VisitTransition
from visits.tests.factories import PupilFactory, ReportFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(teacher, colleague, group, school):
    """The teacher's open visits (one planned, one to plan), one they join as duo colleague,
    one finished, and one visited with a draft report."""
    pupils = [PupilFactory(school=school, group=group) for _ in range(5)]
    return {
        "planned": VisitFactory(pupil=pupils[0], lead_visitor=teacher, status=Visit.Status.SCHEDULED),
        "to_plan": VisitFactory(pupil=pupils[1], lead_visitor=teacher),
        "duo": VisitFactory(pupil=pupils[2], lead_visitor=colleague, colleague=teacher, status=Visit.Status.SCHEDULED),
        "done": VisitFactory(pupil=pupils[3], lead_visitor=teacher, status=Visit.Status.REPORTED),
        "draft": ReportFactory(
            visit=VisitFactory(pupil=pupils[4], lead_visitor=teacher, status=Visit.Status.VISITED),
            status=Report.Status.DRAFT,
        ),
    }


@pytest.fixture
def successor(school):
    from huisbezoek.tests.factories import UserFactory

    user = UserFactory(first_name="Anouk", last_name="Vervanger")
    MembershipFactory(user=user, school=school, role=Role.TEACHER)
    return user


def test_deactivating_hands_over_the_work_ends_the_sessions_and_removes_the_roles(
    client, administrator, teacher, successor, school, work, group
):
    browser = Client()
    browser.force_login(teacher)
    assert browser.get(reverse("home")).status_code == 200
    client.force_login(administrator)
    url = reverse("staff:staff_deactivate", args=[teacher.pk])

    refused = client.post(url, {"confirm": "on"})
    assert "Kies de collega die ze overneemt" in refused.content.decode()
    assert Membership.objects.filter(user=teacher, school=school).exists()

    response = client.post(url, {"confirm": "on", "hand_over_to": successor.pk}, follow=True)
    assert "werkt niet meer op deze school" in response.content.decode()
    assert "4 bezoeken en 1 verslag" in response.content.decode()

    teacher.refresh_from_db()
    assert not teacher.is_active  # no school left
    assert not Membership.objects.filter(user=teacher).exists()
    assert not teacher.group_links.exists()
    # Their open browser is logged out at once.
    assert browser.get(reverse("home")).status_code == 302
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(teacher.pk)

    for name in ("planned", "to_plan", "draft"):
        visit = work[name] if name != "draft" else work[name].visit
        visit.refresh_from_db()
        assert visit.lead_visitor == successor, name
    work["duo"].refresh_from_db()
    assert work["duo"].colleague == successor
    work["done"].refresh_from_db()
    assert work["done"].lead_visitor == teacher  # finished visits stay
    work["draft"].refresh_from_db()
    assert work["draft"].author == successor
    # The colleague now sees them.
    visible = set(visits_visible_to(Actor.of(successor, school)).values_list("pk", flat=True))
    assert {work["planned"].pk, work["to_plan"].pk, work["duo"].pk, work["draft"].visit_id} <= visible
    note = VisitTransition.objects.get(visit=work["planned"], note__startswith="Overgedragen")
    assert note.from_status == note.to_status == Visit.Status.SCHEDULED and note.by == administrator
    assert "Anouk Vervanger" in note.note
    changed = AuditEvent.objects.filter(object_type="visit", action="change", user=administrator)
    assert set(changed.values_list("object_id", flat=True)) >= {work["planned"].pk, work["to_plan"].pk}
    assert AuditEvent.objects.filter(object_type="report", object_id=work["draft"].pk, action="change").exists()
    assert AuditEvent.objects.filter(object_type="staff_member", object_id=teacher.pk, action="delete").exists()


def test_someone_who_works_at_another_school_too_keeps_their_account(
    client, administrator, colleague, school, other_school
):
    MembershipFactory(user=colleague, school=other_school, role=Role.TEACHER)
    client.force_login(administrator)
    client.post(reverse("staff:staff_deactivate", args=[colleague.pk]), {"confirm": "on"})
    colleague.refresh_from_db()
    assert colleague.is_active
    assert list(Membership.objects.filter(user=colleague).values_list("school", flat=True)) == [other_school.pk]


def test_an_administrator_cannot_deactivate_themselves(client, administrator, school):
    client.force_login(administrator)
    url = reverse("staff:staff_deactivate", args=[administrator.pk])
    assert "U kunt uzelf niet uitschakelen" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "on"})
    assert "U kunt uzelf niet uitschakelen" in response.content.decode()
    assert Membership.objects.filter(user=administrator, school=school).exists()


def test_the_hand_over_moves_only_the_chosen_visits_without_deactivating_anyone(
    client, administrator, teacher, successor, school, work
):
    client.force_login(administrator)
    page = client.get(reverse("staff:hand_over"), {"van": teacher.pk}).content.decode()
    assert "Open bezoeken van" in page and f"visit-{work['planned'].pk}" in page
    url = f"{reverse('staff:hand_over')}?van={teacher.pk}"
    response = client.post(url, {"to_user": successor.pk, "visits": [work["planned"].pk]}, follow=True)
    assert "1 bezoek en 0 verslagen" in response.content.decode()
    work["planned"].refresh_from_db()
    work["to_plan"].refresh_from_db()
    assert work["planned"].lead_visitor == successor
    assert work["to_plan"].lead_visitor == teacher
    assert Membership.objects.filter(user=teacher, school=school, role=Role.TEACHER).exists()
    teacher.refresh_from_db()
    assert teacher.is_active
    visible = visits_visible_to(Actor.of(successor, school))
    assert visible.filter(pk=work["planned"].pk).exists()


def test_the_hand_over_refuses_a_visit_that_is_not_the_teachers(
    client, administrator, teacher, colleague, successor, work
):
    client.force_login(administrator)
    url = f"{reverse('staff:hand_over')}?van={teacher.pk}"
    response = client.post(url, {"to_user": successor.pk, "visits": [work["done"].pk]})
    assert response.status_code == 200
    work["done"].refresh_from_db()
    assert work["done"].lead_visitor == teacher


def test_the_hand_over_goes_only_to_a_teacher_of_the_school(client, administrator, teacher, outsider, directie, work):
    client.force_login(administrator)
    url = f"{reverse('staff:hand_over')}?van={teacher.pk}"
    for other in (outsider, directie):
        client.post(url, {"to_user": other.pk, "visits": [work["planned"].pk]})
    work["planned"].refresh_from_db()
    assert work["planned"].lead_visitor == teacher


def test_the_hand_over_keeps_a_familys_wish_about_who_visits(client, administrator, teacher, successor, work):
    family = work["planned"].family
    family.visitor_preference = "female_only"
    family.save()
    teacher.gender = "female"
    teacher.save()
    client.force_login(administrator)
    url = f"{reverse('staff:hand_over')}?van={teacher.pk}"
    refused = client.post(url, {"to_user": successor.pk, "visits": [work["planned"].pk]})
    assert "alleen een vrouw" in refused.content.decode()
    work["planned"].refresh_from_db()
    assert work["planned"].lead_visitor == teacher
    successor.gender = "female"
    successor.save()
    client.post(url, {"to_user": successor.pk, "visits": [work["planned"].pk]})
    work["planned"].refresh_from_db()
    assert work["planned"].lead_visitor == successor
