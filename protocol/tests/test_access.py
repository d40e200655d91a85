"""The protocol's access functions take an Actor: everyone of the school reads, nobody else."""

import pytest
from django.http import Http404

from huisbezoek.access import Actor
from protocol import access


def test_every_role_of_the_school_reads_the_versions_and_nobody_else(published, teacher, outsider, school):
    assert list(access.versions_visible_to(Actor.of(teacher, school))) == [published]
    assert not access.versions_visible_to(Actor.of(outsider, outsider.memberships.get().school)).exists()
    assert not access.versions_visible_to(Actor(user=teacher, school=school, roles=frozenset())).exists()
    with pytest.raises(Http404):
        access.get_version_for(Actor.of(outsider, outsider.memberships.get().school), published.pk)
