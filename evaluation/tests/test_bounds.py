"""What a script could send to the questionnaires and a person never would: thousands of questions,
thousands of fields, answers of megabytes. Each is refused in Dutch, quickly and in little memory."""

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import Response
from evaluation.services import MAX_OPEN_TEXT
from evaluation.tests.helpers import open_and_invite
from huisbezoek.limits import QUESTIONS_PER_QUESTIONNAIRE_MAX
from huisbezoek.testing.bounds import bounded


def fill_to_the_limit(evaluation, directie, audience="parent"):
    for number in range(QUESTIONS_PER_QUESTIONNAIRE_MAX - evaluation.questions.filter(audience=audience).count()):
        services.question_add(
            evaluation=evaluation, audience=audience, theme="care", kind="open", text=f"Vraag {number}?", by=directie
        )


def test_a_questionnaire_takes_at_most_sixty_questions(client, directie, evaluation):
    fill_to_the_limit(evaluation, directie)
    client.force_login(directie)
    url = reverse("evaluation:question_add", args=[evaluation.pk, "parent"])
    with bounded(seconds=10, megabytes=64):
        response = client.post(url, {"theme": "care", "kind": "open", "text": "Nog een?"})
    assert response.status_code == 200
    assert "Een vragenlijst heeft hooguit 60 vragen." in response.content.decode()
    assert evaluation.questions.filter(audience="parent").count() == QUESTIONS_PER_QUESTIONNAIRE_MAX
    with bounded(seconds=10, megabytes=64):
        editor = client.get(reverse("evaluation:questions", args=[evaluation.pk, "parent"]))
    assert editor.status_code == 200
    assert len(editor.content) < 1_000_000


def test_the_service_refuses_the_sixty_first_question(directie, evaluation):
    fill_to_the_limit(evaluation, directie, audience="teacher")
    with pytest.raises(services.ValidationError) as refused:
        services.question_add(
            evaluation=evaluation, audience="teacher", theme="care", kind="open", text="Nog een?", by=directie
        )
    assert refused.value.code == "too_many_questions"


@pytest.fixture
def parent_url(evaluation, directie, families):
    from evaluation.tests.helpers import token_from
    from notifications.models import Notification

    open_and_invite(evaluation, directie)
    token = token_from(Notification.objects.get(family_id=families[0].pk))
    return reverse("evaluation:parent_answer", args=[token])


def test_ten_thousand_fields_get_a_friendly_400(client, parent_url):
    data = {f"q{number}": "4" for number in range(10_000)}
    with bounded(seconds=10, megabytes=64):
        response = client.post(parent_url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit verzoek kunnen we niet verwerken" in page
    assert "te veel velden" in page
    assert not Response.objects.exists()


def test_an_open_answer_of_megabytes_is_refused(client, evaluation, parent_url):
    question = evaluation.questions.filter(audience="parent", kind="open").first()
    with bounded(seconds=10, megabytes=64):
        response = client.post(parent_url, {f"q{question.pk}": "x" * 2_000_000})
    assert response.status_code == 200
    assert not Response.objects.exists()
    assert MAX_OPEN_TEXT == 2000
