"""State changes of the core that are not part of log-in itself."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit
from .audit_types import object_types
from .models import AuditEvent, Membership, Role, School

if TYPE_CHECKING:
    from .models import User

logger = logging.getLogger(__name__)

# The audit trail's name for a school's log-in settings (who switched the second factor on or off).
SCHOOL_SECURITY = object_types.register(
    "school_security", gettext_lazy("Beveiligingsinstelling"), app_label="huisbezoek"
)


@transaction.atomic
def school_second_factor_set(*, school: School, by: User, teachers: bool, risk_accepted: bool = False) -> School:
    """Require (or stop requiring) the second factor for the school's teachers.

    Only the school's directie or administrator decides; for those roles and the care
    coordinator it is always required and cannot be switched off. Teachers read reports too, so it
    is on by default: switching it off needs ``risk_accepted`` (the tick "Ik begrijp dat ..."). Every
    change is recorded in the audit trail (who, when; the school as the object)."""
    if not Membership.objects.filter(
        user=by, user__is_active=True, school=school, role__in=[Role.DIRECTIE, Role.ADMINISTRATOR]
    ).exists():
        raise PermissionDenied
    if teachers == school.teachers_need_second_factor:
        return school
    if not teachers and not risk_accepted:
        raise ValidationError(
            {
                "risk_accepted": _(
                    "Vink aan dat u begrijpt dat leerkrachten dan verslagen lezen met alleen een wachtwoord, "
                    "of laat de tweestapsverificatie aan."
                )
            }
        )
    school.teachers_need_second_factor = teachers
    school.save(update_fields=["teachers_need_second_factor"])
    audit.record(
        user=by,
        school=school,
        object_type=SCHOOL_SECURITY,
        object_id=school.pk,
        action=AuditEvent.Action.CHANGE,
        allowed=True,
    )
    logger.info("school %s: second factor for teachers %s (by user %s)", school.pk, teachers, by.pk)
    return school
