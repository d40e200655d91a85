"""Permission-matrix rows for the staff app (read by huisbezoek/tests/test_permission_matrix.py).

Only the school's administrator gets in; every other role is refused (403), the outsider
(teacher of another school) too, and anonymous users are sent to log in. The invited person's
link needs no log-in: an unknown link answers 404 for everyone.
"""

import datetime
from typing import Any

from django.utils import timezone

from huisbezoek.models import Membership, Role, SchoolYear, User
from huisbezoek.testing.matrix import LOGIN, REDIRECT, Row, everyone, staff
from staff.models import Invitation
from staff.tokens import new_token, token_hash
from visits.models import Interpreter


def admin_only(answer: Any) -> dict[str, Any]:
    return {**staff(403), "anonymous": LOGIN, "administrator": answer}


ROWS: dict[str, Row] = {
    "staff:staff_list": Row(admin_only(200)),
    "staff:staff_invite": Row(admin_only(200)),
    "staff:staff_edit": Row(admin_only(200), kwargs={"pk": "staff_member"}),
    "staff:staff_deactivate": Row(admin_only(200), kwargs={"pk": "staff_member"}),
    # The persona has no second-factor app: refused with a message, back to the edit page.
    "staff:second_factor_reset": Row(admin_only(REDIRECT), method="post", kwargs={"pk": "staff_member"}),
    "staff:hand_over": Row(admin_only(200)),
    "staff:staff_import": Row(admin_only(200)),
    # Without a valid token: back to the upload page with a message.
    "staff:staff_import_confirm": Row(admin_only(REDIRECT), method="post"),
    "staff:invitation_resend": Row(admin_only(REDIRECT), method="post", kwargs={"pk": "staff_invitation"}),
    "staff:invitation_revoke": Row(admin_only(REDIRECT), method="post", kwargs={"pk": "staff_invitation"}),
    "staff:interpreter_list": Row(admin_only(200)),
    "staff:interpreter_add": Row(admin_only(200)),
    "staff:interpreter_edit": Row(admin_only(200), kwargs={"pk": "staff_interpreter"}),
    "staff:interpreter_active": Row(
        admin_only(REDIRECT), method="post", kwargs={"pk": "staff_interpreter"}, data={"active": "0"}
    ),
    "staff:school_year_list": Row(admin_only(200)),
    "staff:school_year_add": Row(admin_only(200)),
    "staff:school_year_edit": Row(admin_only(200), kwargs={"pk": "staff_school_year"}),
    "staff:school_add": Row(admin_only(200)),
    "staff:invitation_accept": Row(everyone(404), kwargs={"token": "token"}),
}


def sample_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    invited = User.objects.create_user("uitgenodigd@school.test", None, first_name="Ilse", last_name="Nieuw")
    Membership.objects.create(user=invited, school=school, role=Role.TEACHER)
    invitation = Invitation.objects.create(
        school=school,
        user=invited,
        invited_by=personas["administrator"],
        token_hash=token_hash(new_token()),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return {
        "staff_member": personas["colleague"].pk,
        "staff_invitation": invitation.pk,
        "staff_interpreter": Interpreter.objects.get(school=school, user=personas["interpreter"]).pk,
        "staff_school_year": SchoolYear.objects.filter(school=school).first().pk,
    }
