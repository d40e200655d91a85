"""Mass actions ask first and say how many families they reach; a used link answers in the
language the parent filled the questionnaire in."""

from django.urls import reverse

from evaluation.models import Evaluation, ParentInvitation
from evaluation.tests.helpers import open_and_invite, token_from
from notifications.models import Notification


def detail(client, evaluation) -> str:
    return client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()


def test_opening_asks_first_and_says_how_many_families_get_a_message(client, directie, evaluation, families):
    client.force_login(directie)
    # Three of the six families have an address to write to; the others are called or get a letter.
    assert "Ik weet dat dit 3 gezinnen een bericht stuurt." in detail(client, evaluation)
    url = reverse("evaluation:open", args=[evaluation.pk])

    refused = client.post(url, {"openen-link_days": "21"})
    assert refused.status_code == 200
    assert "Vink aan dat u weet wie een bericht krijgt." in refused.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.DRAFT

    client.post(url, {"openen-link_days": "21", "openen-confirm": "on"})
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.OPEN


def test_closing_for_good_asks_first_and_says_how_many_were_invited(client, directie, evaluation, families):
    open_and_invite(evaluation, directie)
    client.force_login(directie)
    assert "ook niet de 3 uitgenodigde gezinnen." in detail(client, evaluation)
    url = reverse("evaluation:close", args=[evaluation.pk])

    refused = client.post(url, {})
    assert "Vink aan dat u de vragenlijsten voorgoed wilt sluiten." in refused.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.OPEN

    client.post(url, {"sluiten-confirm": "on"})
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.CLOSED


def test_a_used_link_answers_in_the_language_the_parent_chose(client, directie, evaluation, families):
    open_and_invite(evaluation, directie)
    dutch = Notification.objects.get(kind="evaluation_invite", family_id=families[3].pk)
    token = token_from(dutch)
    assert ParentInvitation.objects.get(family_id=families[3].pk).language == "nl"
    # The parent reads Polish better and answers in it.
    questions = evaluation.questions.filter(audience="parent")
    data = {f"q{q.pk}": "4" if q.kind == "scale" else "Dobrze" for q in questions}
    client.post(reverse("evaluation:parent_answer_language", args=[token, "pl"]), data)

    again = client.get(reverse("evaluation:parent_answer", args=[token]))
    html = again.content.decode()
    assert again.status_code == 410
    assert "Ta ankieta została już wypełniona." in html
    assert 'lang="pl"' in html
    assert "Deze vragenlijst is al ingevuld" not in html
