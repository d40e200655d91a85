"""Permission-matrix rows for every URL of the evaluation (read by huisbezoek/tests/test_permission_matrix.py).

The sample evaluation belongs to ``school``'s year and has its questionnaires open: every group
has a class code and one family a personal link. The evaluation pages are the directie's (403
for other roles, the outsider included: not directie anywhere); an improvement action belongs
to the teacher (its owner) and the directie, anyone else gets 404. Parents and pupils have no
account: whoever holds the link or the code gets the questionnaire.
"""

from typing import Any

from huisbezoek.models import SchoolYear
from huisbezoek.testing.matrix import REDIRECT, Row, everyone, staff

DIRECTIE_ONLY = {**staff(403), "directie": 200}
DIRECTIE_ACTS = {**staff(403), "directie": REDIRECT}
PARENT_TOKEN = "matrix-token-" + "x" * 40

ROWS: dict[str, Row] = {
    "evaluation:index": Row(DIRECTIE_ONLY),
    # The sample year has its evaluation already: the directie is sent back to the list.
    "evaluation:start": Row(DIRECTIE_ACTS, method="post", data={"school_year": "{evaluation_year}"}),
    "evaluation:detail": Row(DIRECTIE_ONLY, kwargs={"pk": "evaluation"}),
    # Already open: the page shows why it cannot open again.
    "evaluation:open": Row(
        DIRECTIE_ONLY,
        method="post",
        kwargs={"pk": "evaluation"},
        data={"openen-link_days": "21", "openen-confirm": "on"},
    ),
    "evaluation:close": Row(DIRECTIE_ACTS, method="post", kwargs={"pk": "evaluation"}, data={"sluiten-confirm": "on"}),
    "evaluation:questions": Row(DIRECTIE_ONLY, kwargs={"pk": "evaluation", "audience": "audience_parent"}),
    # Open questionnaires cannot change: the form comes back with the reason.
    "evaluation:question_add": Row(
        DIRECTIE_ONLY,
        method="post",
        kwargs={"pk": "evaluation", "audience": "audience_parent"},
        data={"theme": "experience", "kind": "scale", "text": "Was het bezoek op tijd?"},
    ),
    "evaluation:question_edit": Row(DIRECTIE_ONLY, kwargs={"pk": "question"}),
    "evaluation:question_delete": Row(DIRECTIE_ACTS, method="post", kwargs={"pk": "question"}),
    "evaluation:question_move": Row(DIRECTIE_ACTS, method="post", kwargs={"pk": "question"}, data={"direction": "up"}),
    "evaluation:results": Row(DIRECTIE_ONLY, kwargs={"pk": "evaluation"}),
    "evaluation:figures": Row(DIRECTIE_ONLY, kwargs={"pk": "evaluation"}),
    "evaluation:report_pdf": Row(DIRECTIE_ONLY, kwargs={"pk": "evaluation"}),
    "evaluation:bottleneck_add": Row(
        DIRECTIE_ACTS,
        method="post",
        kwargs={"pk": "evaluation"},
        data={
            "knelpunt-description": "Te weinig avonden",
            "knelpunt-nature": "organisational",
            "knelpunt-solution": "Meer taakuren",
        },
    ),
    "evaluation:bottleneck_delete": Row(DIRECTIE_ACTS, method="post", kwargs={"pk": "bottleneck"}),
    "evaluation:decision": Row(
        DIRECTIE_ACTS,
        method="post",
        kwargs={"pk": "evaluation"},
        data={"besluit-decision": "continue", "besluit-note": ""},
    ),
    "evaluation:action_add": Row(
        DIRECTIE_ACTS,
        method="post",
        kwargs={"pk": "evaluation"},
        data={"actie-description": "Tolkenlijst bijwerken", "actie-owner": "{action_owner}", "actie-due": "2027-01-15"},
    ),
    "evaluation:action_done": Row(
        {**staff(404), "teacher": REDIRECT, "directie": REDIRECT}, method="post", kwargs={"pk": "action"}
    ),
    # Teachers of the school answer while it is open; the outsider's school has no open evaluation.
    "evaluation:teacher_answer": Row(
        {**staff(403), "teacher": 200, "colleague": 200, "outsider": 404}, kwargs={"pk": "evaluation"}
    ),
    "evaluation:pupil_start": Row(everyone(200)),
    "evaluation:pupil_answer": Row(everyone(200), kwargs={"code": "class_code"}),
    "evaluation:parent_answer": Row(everyone(200), kwargs={"token": "parent_token"}),
    "evaluation:parent_answer_language": Row(
        everyone(200), kwargs={"token": "parent_token", "language": "parent_language"}
    ),
}


def sample_objects(personas: dict[str, Any], school) -> dict[str, Any]:
    import datetime

    from django.utils import timezone

    from evaluation import services
    from evaluation.access import token_hash
    from evaluation.models import ParentInvitation

    directie, teacher = personas["directie"], personas["teacher"]
    year = SchoolYear.objects.filter(school=school).order_by("-start").first()
    evaluation = services.evaluation_start(school=school, school_year=year, by=directie)
    question = evaluation.questions.filter(audience="parent").order_by("position").last()
    bottleneck = services.bottleneck_add(
        evaluation=evaluation, description="Planning laat", nature="organisational", solution="", by=directie
    )
    action = services.action_add(
        evaluation=evaluation,
        description="Tolken eerder vragen",
        owner=teacher,
        due=datetime.date(2027, 1, 15),
        by=directie,
    )
    services.evaluation_open(evaluation=evaluation, by=directie)
    ParentInvitation.objects.create(
        school=school,
        evaluation=evaluation,
        family_id=1,
        token_hash=token_hash(PARENT_TOKEN),
        language="tr",
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return {
        "evaluation": evaluation.pk,
        "evaluation_year": year.pk,
        "audience_parent": "parent",
        "question": question.pk,
        "bottleneck": bottleneck.pk,
        "action": action.pk,
        "action_owner": teacher.pk,
        "class_code": evaluation.class_codes.first().code,
        "parent_token": PARENT_TOKEN,
        "parent_language": "tr",
    }
