"""Permission-matrix rows for the privacy app: every page is the administrator's alone, except the
parents' privacy notice, which is public (under the school's public parent code, which the protocol
app's ``sample_objects`` makes)."""

from typing import Any

from huisbezoek.testing.matrix import REDIRECT, Row, everyone, staff
from privacy.models import CorrectionRequest


def admin_only(answer: Any) -> dict[str, Any]:
    return {**staff(403), "administrator": answer}


ROWS: dict[str, Row] = {
    "privacy:retention": Row(admin_only(200)),
    "privacy:retention_activate": Row(admin_only(REDIRECT), method="post", data={"active": "on"}),
    "privacy:family_list": Row(admin_only(200)),
    "privacy:family_access": Row(admin_only(200), kwargs={"pk": "family"}),
    "privacy:family_export": Row(admin_only(200), method="post", kwargs={"pk": "family"}, data={"format": "json"}),
    "privacy:correction_create": Row(
        admin_only(REDIRECT),
        method="post",
        kwargs={"pk": "family"},
        data={"received_on": "2026-11-01", "requested_by": "moeder", "request": "Adres klopt niet"},
    ),
    "privacy:public_notice": Row(everyone(200), kwargs={"code": "protocol_code", "language": "protocol_language"}),
    "privacy:correction_decide": Row(
        admin_only(REDIRECT),
        method="post",
        kwargs={"pk": "correction"},
        data={"decision": "granted", "note": ""},
    ),
}


def sample_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    from visits.models import Pupil

    pupil = Pupil.objects.filter(school=school).order_by("pk").first()
    correction = CorrectionRequest.objects.create(
        school=school,
        family=pupil.family,
        received_on="2026-10-01",
        requested_by="vader",
        request="Telefoonnummer is oud",
        recorded_by=personas["administrator"],
    )
    return {"correction": correction.pk}
