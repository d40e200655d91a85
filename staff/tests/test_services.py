"""The services' own rules, whatever a form sends: only an administrator of the school, limits,
and the hand-over's rules in visits.staffing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huisbezoek.models import Board, Role
from huisbezoek.tests.factories import MembershipFactory, SchoolFactory, UserFactory
from staff import services
from visits import staffing
from visits.models import Visit
from visits.tests.factories import VisitFactory

pytestmark = pytest.mark.django_db


def test_only_an_administrator_of_the_school_invites(school, directie, other_school):
    other_admin = UserFactory()
    MembershipFactory(user=other_admin, school=other_school, role=Role.ADMINISTRATOR)
    for by in (directie, other_admin):
        with pytest.raises(PermissionDenied):
            services.staff_invite(
                school=school, by=by, email="x@school.test", first_name="X", last_name="Y", roles=[Role.TEACHER]
            )


def test_names_are_held_to_their_limits_and_roles_to_the_list(school, administrator):
    with pytest.raises(ValidationError) as refused:
        services.staff_invite(
            school=school,
            by=administrator,
            email="x@school.test",
            first_name="X" * 101,
            last_name="Y",
            roles=[Role.TEACHER],
        )
    assert "first_name" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.staff_invite(
            school=school, by=administrator, email="x@school.test", first_name="X", last_name="Y", roles=["superuser"]
        )
    assert "roles" in refused.value.message_dict


def test_the_hand_over_refuses_a_non_administrator_the_same_person_and_a_non_teacher(
    school, teacher, colleague, directie, administrator, pupil
):
    VisitFactory(pupil=pupil, lead_visitor=teacher)
    with pytest.raises(PermissionDenied):
        staffing.visits_hand_over(school=school, from_user=teacher, to_user=colleague, by=directie)
    with pytest.raises(ValidationError):
        staffing.visits_hand_over(school=school, from_user=teacher, to_user=teacher, by=administrator)
    with pytest.raises(ValidationError):
        staffing.visits_hand_over(school=school, from_user=teacher, to_user=directie, by=administrator)
    moved = staffing.visits_hand_over(school=school, from_user=teacher, to_user=colleague, by=administrator)
    assert moved.visits == 1
    assert Visit.objects.filter(lead_visitor=colleague).count() == 1


def test_a_school_is_created_only_in_a_board_where_the_user_is_administrator(administrator, board):
    elsewhere = Board.objects.create(name="Ander Bestuur")
    SchoolFactory(board=elsewhere, brin="99ZZ")
    with pytest.raises(PermissionDenied):
        services.school_create(
            board=elsewhere, by=administrator, name="Nieuw", brin="77GH", school_type="primary", holiday_region="north"
        )
    made = services.school_create(
        board=board, by=administrator, name="Nieuw", brin="77gh", school_type="primary", holiday_region="north"
    )
    assert made.brin == "77GH" and made.board == board


def test_deactivating_never_switches_off_the_technical_operators_account(school, administrator):
    operator = UserFactory(is_superuser=True, is_staff=True)
    MembershipFactory(user=operator, school=school, role=Role.TEACHER)
    services.staff_member_deactivate(school=school, user=operator, by=administrator, hand_over_to=None)
    operator.refresh_from_db()
    assert operator.is_active and operator.is_superuser
    assert not operator.memberships.exists()


def test_a_duo_colleague_with_open_visits_needs_someone_to_take_over(school, teacher, colleague, administrator, pupil):
    VisitFactory(pupil=pupil, lead_visitor=teacher, colleague=colleague, status=Visit.Status.SCHEDULED)
    with pytest.raises(ValidationError) as refused:
        services.staff_member_deactivate(school=school, user=colleague, by=administrator, hand_over_to=None)
    assert "hand_over_to" in refused.value.message_dict
    assert colleague.memberships.filter(school=school).exists()
