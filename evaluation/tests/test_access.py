"""The evaluation's access functions take an Actor: the roles at the current school decide."""

import pytest
from django.http import Http404

from evaluation import access
from huisbezoek.access import Actor


def test_the_evaluation_is_the_directies_of_its_own_school(evaluation, directie, teacher, school, other_school):
    assert list(access.evaluations_visible_to(Actor.of(directie, school))) == [evaluation]
    assert not access.evaluations_visible_to(Actor.of(teacher, school)).exists()
    # Directie holds no role at the other school: there, nothing of this one is theirs.
    assert not access.evaluations_visible_to(Actor.of(directie, other_school)).exists()
    with pytest.raises(Http404):
        access.get_evaluation_for(Actor.of(teacher, school), evaluation.pk)


def test_the_roles_of_the_actor_count_not_those_at_another_school(evaluation, directie, school):
    as_teacher = Actor(user=directie, school=school, roles=frozenset({"teacher"}))
    assert not access.can_manage(as_teacher)
    assert access.can_manage(Actor.of(directie, school))
