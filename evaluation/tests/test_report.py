import datetime
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.tests.helpers import answers_for, open_and_invite, token_from
from huisbezoek.testing.pdfs import only_packaged_fonts
from notifications.models import Notification
from visits.tests.factories import FamilyLanguageFactory, PupilFactory

pytestmark = pytest.mark.skipif(
    not Path("/usr/bin/pdftotext").exists(), reason="pdftotext (poppler-utils) is not installed"
)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "verslag.pdf"
    path.write_bytes(data)
    command = ["/usr/bin/pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - our own file


def test_the_report_holds_the_four_questions_the_figures_the_findings_and_the_decision(
    client, directie, teacher, evaluation, families, school, group, tmp_path
):
    for i in range(3):  # more Turkish families, so the parents' questionnaire reaches 5 answers
        pupil = PupilFactory(school=school, group=group)
        pupil.family.phone = f"06 4444444{i}"
        pupil.family.preferred_channel = "sms"  # families preferring a call get no message
        pupil.family.save()
        FamilyLanguageFactory(family=pupil.family, language="tr", is_main=True)
    open_and_invite(evaluation, directie)
    tokens = [token_from(n) for n in Notification.objects.filter(kind="evaluation_invite")]
    assert len(tokens) >= 5
    for token in tokens[:5]:
        services.parent_answer_submit(
            token=token, given=answers_for(evaluation.questions.filter(audience="parent"), 4, "Goed gesprek")
        )
    services.evaluation_close(evaluation=evaluation, by=directie)
    services.bottleneck_add(
        evaluation=evaluation,
        description="Te weinig avonden vrij",
        nature="organisational",
        solution="Taakuren",
        by=directie,
    )
    services.decision_record(evaluation=evaluation, decision="adjust", note="Duo-bezoeken in groep 1", by=directie)
    services.action_add(
        evaluation=evaluation,
        description="Tolkenlijst bijwerken",
        owner=teacher,
        due=datetime.date(2027, 9, 1),
        by=directie,
    )
    client.force_login(directie)
    response = client.get(reverse("evaluation:report_pdf", args=[evaluation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path).split())
    for question in (
        "Hoe heeft iedereen de huisbezoeken ervaren?",
        "Leverden de bezoeken belangrijke informatie over de leerling op?",
        "Is de band tussen leerkracht, leerling en ouders beter geworden?",
        "Hoe vaak is de zorgcoördinator geraadpleegd, en ging dat zoals gewenst?",
    ):
        assert question in text
    assert "Leerlingen in de doelgroep 9" in text
    assert "Uren begroot 18.0" in text or "Uren begroot 18,0" in text
    # 6 of the 9 families were invited: one prefers a call, one has only a landline, one a letter.
    assert "Ingevuld: ouders 5 van 6 gezinnen" in text
    assert "gemiddeld 4.0 van 5" in text or "gemiddeld 4,0 van 5" in text
    assert "Goed gesprek" in text
    assert "Doorgaan met aanpassingen" in text
    assert "Te weinig avonden vrij" in text and "In de organisatie" in text
    assert "Tolkenlijst bijwerken" in text


def test_the_report_pdf_embeds_only_the_packaged_fonts(client, directie, evaluation, tmp_path):
    client.force_login(directie)
    response = client.get(reverse("evaluation:report_pdf", args=[evaluation.pk]))
    assert response.status_code == 200
    # The page numbers in the margin used to come out in DejaVu Serif.
    only_packaged_fonts(response.content, tmp_path)
