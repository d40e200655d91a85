"""State changes of the core that are not part of log-in itself."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Membership, Role, School

if TYPE_CHECKING:
    from .models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def school_second_factor_set(*, school: School, by: User, teachers: bool) -> School:
    """Require (or stop requiring) the second factor for the school's teachers.

    Only the school's directie or administrator decides; for those roles and the care
    coordinator it is always required and cannot be switched off."""
    if not Membership.objects.filter(
        user=by, user__is_active=True, school=school, role__in=[Role.DIRECTIE, Role.ADMINISTRATOR]
    ).exists():
        raise PermissionDenied
    school.teachers_need_second_factor = teachers
    school.save(update_fields=["teachers_need_second_factor"])
    logger.info("school %s: second factor for teachers %s (by user %s)", school.pk, teachers, by.pk)
    return school
