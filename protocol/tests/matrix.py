"""The protocol's URLs in the permission matrix (huisbezoek/tests/test_permission_matrix.py).

Directie and administrator edit; every role of the school reads versions and the working
document; the outsider (a teacher of another school) gets 404 for this school's objects.
Parent pages are public and answer everyone the same.
"""

from huisbezoek.testing.matrix import LOGIN, REDIRECT, Row, everyone, staff

EDITORS_ONLY = {**staff(403), "directie": 200, "administrator": 200}
EDITORS_ACT = {**staff(403), "directie": REDIRECT, "administrator": REDIRECT}
SCHOOL_READERS = {**staff(200), "outsider": 404}

ROWS: dict[str, Row] = {
    "protocol:manage": Row(EDITORS_ONLY),
    # The school already has a protocol: starting again is refused with a message (redirect).
    "protocol:start": Row(EDITORS_ACT, method="post"),
    # A draft already exists in the sample: refused with a message (redirect).
    "protocol:draft_create": Row(EDITORS_ACT, method="post"),
    "protocol:version_detail": Row(SCHOOL_READERS, kwargs={"pk": "protocol_version"}),
    # Publishing the already published version is refused with a message (redirect).
    "protocol:version_publish": Row(EDITORS_ACT, method="post", kwargs={"pk": "protocol_version"}),
    "protocol:section_edit": Row(EDITORS_ONLY, kwargs={"pk": "protocol_section"}),
    "protocol:translation_edit": Row(EDITORS_ONLY, kwargs={"pk": "protocol_draft", "language": "protocol_language"}),
    # Without a name the check is refused with a message (redirect).
    "protocol:translation_check": Row(
        EDITORS_ACT, method="post", kwargs={"pk": "protocol_draft", "language": "protocol_language"}
    ),
    "protocol:settings": Row(EDITORS_ONLY),
    "protocol:working_document": Row({**staff(200), "anonymous": LOGIN}),
    "protocol:working_document_edit": Row(EDITORS_ONLY),
    # Public parent pages: no log-in, the same for everyone.
    "protocol:public_page": Row(everyone(200), kwargs={"code": "protocol_code"}),
    "protocol:public_language": Row(everyone(200), kwargs={"code": "protocol_code", "language": "protocol_language"}),
    "protocol:public_pdf": Row(everyone(200), kwargs={"code": "protocol_code", "language": "protocol_source"}),
    "protocol:public_booklet": Row(everyone(200), kwargs={"code": "protocol_code"}),
    "protocol:public_qr": Row(everyone(200), kwargs={"code": "protocol_code"}),
    "protocol:public_logo": Row(everyone(404), kwargs={"code": "protocol_code"}),  # no logo uploaded
}


def sample_objects(personas, school) -> dict:
    from protocol import services
    from protocol.models import ProtocolPdf

    from .factories import fake_pdf, published_protocol

    version = published_protocol(school, personas["directie"])
    draft = services.version_create_draft(school=school, user=personas["directie"])
    # Stand-in PDFs for the current content, so downloads are served rather than rendered.
    fake_pdf(version, "nl", name="protocol/pdf/matrix-sample.pdf")
    fake_pdf(version, ProtocolPdf.BOOKLET, name="protocol/pdf/matrix-sample.pdf")
    settings_row = services.protocol_settings_ensure(school=school)
    return {
        "protocol_version": version.pk,
        "protocol_draft": draft.pk,
        "protocol_section": draft.sections.order_by("position").first().pk,
        "protocol_code": settings_row.public_code,
        "protocol_language": "ar",
        "protocol_source": "nl",
    }
