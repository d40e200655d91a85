import datetime

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import Action, Evaluation, ParentInvitation, Response
from evaluation.tests.helpers import answers_for, open_and_invite, token_from
from notifications.models import Notification


def parent_url(token, language=None):
    if language:
        return reverse("evaluation:parent_answer_language", args=[token, language])
    return reverse("evaluation:parent_answer", args=[token])


@pytest.fixture
def invited(evaluation, directie, families):
    open_and_invite(evaluation, directie)
    return {n.family_id: token_from(n) for n in Notification.objects.filter(kind="evaluation_invite")}


def parent_form_data(evaluation, scale=4, text="Heel fijn"):
    data = {}
    for q in evaluation.questions.filter(audience="parent"):
        data[f"q{q.pk}"] = str(scale) if q.kind == "scale" else text
    return data


def test_directie_starts_the_evaluation_of_a_year(client, directie, school_year, programme):
    client.force_login(directie)
    page = client.get(reverse("evaluation:index"))
    assert "Evaluatie starten" in page.content.decode()
    response = client.post(reverse("evaluation:start"), {"school_year": school_year.pk})
    evaluation = Evaluation.objects.get(school_year=school_year)
    assert response.url == reverse("evaluation:detail", args=[evaluation.pk])
    detail = client.get(response.url).content.decode()
    assert "Evaluatie van het proefjaar" in detail
    assert "Open de vragenlijsten" in detail


def test_a_teacher_cannot_open_the_evaluation_pages(client, teacher, evaluation):
    client.force_login(teacher)
    assert client.get(reverse("evaluation:detail", args=[evaluation.pk])).status_code == 403


def test_a_question_without_text_comes_back_with_a_message_and_keeps_the_choices(client, directie, evaluation):
    client.force_login(directie)
    url = reverse("evaluation:question_add", args=[evaluation.pk, "teacher"])
    response = client.post(url, {"theme": "care", "kind": "open", "text": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit veld is verplicht" in page
    assert 'value="care" selected' in page or 'value="care"  selected' in page or "selected" in page


def test_the_parent_page_opens_in_the_familys_language_without_cookies(client, evaluation, families, invited):
    response = client.get(parent_url(invited[families[0].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="tr" dir="ltr">' in page
    assert "Ev ziyareti hakkında sorular" in page
    assert "Ev ziyareti bizim için hoştu." in page
    assert not response.cookies
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_arabic_reads_right_to_left(client, evaluation, families, invited):
    page = client.get(parent_url(invited[families[2].pk])).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "أسئلة عن الزيارة المنزلية" in page


def test_a_parent_may_switch_language(client, evaluation, families, invited):
    page = client.get(parent_url(invited[families[0].pk], "uk")).content.decode()
    assert "Запитання про домашній візит" in page


def test_a_question_the_school_wrote_is_shown_in_dutch_and_marked(
    client, directie, school, school_year, programme, families
):
    evaluation = services.evaluation_start(school=school, school_year=school_year, by=directie)
    services.question_add(
        evaluation=evaluation,
        audience="parent",
        theme="experience",
        kind="scale",
        text="Was de tijd goed gekozen?",
        by=directie,
    )
    open_and_invite(evaluation, directie)
    token = token_from(Notification.objects.get(family_id=families[0].pk))
    page = client.get(parent_url(token)).content.decode()
    assert 'lang="nl" dir="ltr"' in page
    assert "Was de tijd goed gekozen?" in page
    assert "Bu soru sadece Felemenkçe." in page


def test_a_parent_answers_on_the_phone_and_sees_thanks(client, evaluation, families, invited):
    response = client.post(parent_url(invited[families[0].pk]), parent_form_data(evaluation))
    assert response.status_code == 200
    assert "Teşekkür ederiz!" in response.content.decode()
    assert not response.cookies
    assert Response.objects.filter(audience="parent").count() == 1


def test_an_empty_answer_comes_back_in_the_parents_language(client, evaluation, families, invited):
    response = client.post(parent_url(invited[families[0].pk]), {})
    assert response.status_code == 200
    assert "Henüz hiçbir şey doldurmadınız" in response.content.decode()
    assert not Response.objects.exists()


def test_a_reused_link_says_so_and_records_nothing_more(client, evaluation, families, invited):
    url = parent_url(invited[families[0].pk])
    client.post(url, parent_form_data(evaluation))
    again = client.post(url, parent_form_data(evaluation, 1))
    assert again.status_code == 410
    assert "Bu anket zaten dolduruldu" in again.content.decode()
    assert client.get(url).status_code == 410
    assert Response.objects.count() == 1


def test_a_tampered_link_gets_a_clear_message(client, evaluation, families, invited):
    token = invited[families[0].pk]
    response = client.post(parent_url(token[:-2] + "zz"), parent_form_data(evaluation))
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.content.decode()
    assert not Response.objects.exists()


def test_an_expired_link_gets_a_clear_message(client, evaluation, families, invited):
    ParentInvitation.objects.update(expires_at=datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC))
    response = client.post(parent_url(invited[families[0].pk]), parent_form_data(evaluation))
    assert response.status_code == 410
    assert "Bu bağlantı artık çalışmıyor" in response.content.decode()
    assert not Response.objects.exists()


def test_the_parent_page_refuses_put(client, evaluation, families, invited):
    assert client.put(parent_url(invited[families[0].pk])).status_code == 405


def test_a_pupil_types_the_class_code_and_answers(client, directie, evaluation, families):
    services.evaluation_open(evaluation=evaluation, by=directie)
    code = evaluation.class_codes.get()
    wrong = client.get(reverse("evaluation:pupil_start"), {"code": "ABCD2345"})
    assert "Deze code klopt niet" in wrong.content.decode()
    response = client.get(reverse("evaluation:pupil_start"), {"code": code.code.lower()})
    assert response.url == reverse("evaluation:pupil_answer", args=[code.code])
    data = {f"q{q.pk}": "5" for q in evaluation.questions.filter(audience="pupil", kind="scale")}
    thanks = client.post(response.url, data)
    assert "Dank je wel!" in thanks.content.decode()
    assert not thanks.cookies
    assert Response.objects.get().group_name == "Groep 3a"


def test_a_teacher_finds_the_questionnaire_on_the_home_page_and_answers_once(
    client, directie, teacher, evaluation, families
):
    services.evaluation_open(evaluation=evaluation, by=directie)
    client.force_login(teacher)
    home = client.get(reverse("home")).content.decode()
    assert "Vragenlijst invullen" in home
    assert evaluation.class_codes.get().code in home  # the code for the board
    url = reverse("evaluation:teacher_answer", args=[evaluation.pk])
    data = {f"q{q.pk}": "4" for q in evaluation.questions.filter(audience="teacher", kind="scale")}
    assert client.post(url, data).url == reverse("home")
    assert "Vragenlijst invullen" not in client.get(reverse("home")).content.decode()
    assert "al ingevuld" in client.get(url).content.decode()
    assert Response.objects.filter(audience="teacher").count() == 1


def test_directie_records_findings_and_a_decision(client, directie, evaluation):
    client.force_login(directie)
    client.post(
        reverse("evaluation:bottleneck_add", args=[evaluation.pk]),
        {
            "knelpunt-description": "Te weinig tolken",
            "knelpunt-nature": "organisational",
            "knelpunt-solution": "Tweede oudercontactpersoon",
        },
    )
    wrong = client.post(
        reverse("evaluation:decision", args=[evaluation.pk]), {"besluit-decision": "adjust", "besluit-note": ""}
    )
    assert wrong.status_code == 200
    assert "Schrijf op welke aanpassingen er komen." in wrong.content.decode()
    client.post(
        reverse("evaluation:decision", args=[evaluation.pk]),
        {"besluit-decision": "continue", "besluit-note": "Goed jaar"},
    )
    page = client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    assert "Te weinig tolken" in page and "In de organisatie" in page
    assert "Besluit: Doorgaan" in page


def test_an_action_shows_on_the_owners_home_page_until_done(client, directie, teacher, evaluation):
    client.force_login(directie)
    bad = client.post(
        reverse("evaluation:action_add", args=[evaluation.pk]),
        {"actie-description": "Tolkenlijst bijwerken", "actie-owner": teacher.pk, "actie-due": "morgen"},
    )
    assert bad.status_code == 200
    assert "Vul een datum in" in bad.content.decode()
    assert "Tolkenlijst bijwerken" in bad.content.decode()  # what was typed stays
    client.post(
        reverse("evaluation:action_add", args=[evaluation.pk]),
        {"actie-description": "Tolkenlijst bijwerken", "actie-owner": teacher.pk, "actie-due": "2027-09-01"},
    )
    action = Action.objects.get()
    client.force_login(teacher)
    assert "Tolkenlijst bijwerken" in client.get(reverse("home")).content.decode()
    done_url = reverse("evaluation:action_done", args=[action.pk])
    assert done_url in client.get(reverse("home")).content.decode()
    client.post(done_url)
    assert done_url not in client.get(reverse("home")).content.decode()


def test_another_teacher_cannot_tick_off_an_action(client, directie, teacher, colleague, evaluation):
    action = services.action_add(
        evaluation=evaluation, description="X", owner=teacher, due=datetime.date(2027, 9, 1), by=directie
    )
    client.force_login(colleague)
    assert client.post(reverse("evaluation:action_done", args=[action.pk])).status_code == 404


def _answers(evaluation, n):
    from huisbezoek.models import Role
    from huisbezoek.tests.factories import MembershipFactory, UserFactory

    for _ in range(n):
        user = UserFactory()
        MembershipFactory(user=user, school=evaluation.school, role=Role.TEACHER)
        services.teacher_answer_submit(
            evaluation=evaluation, user=user, given=answers_for(evaluation.questions.filter(audience="teacher"))
        )


@pytest.mark.parametrize("n", [5, 25])
def test_results_page_runs_a_fixed_number_of_queries(client, directie, evaluation, django_assert_max_num_queries, n):
    services.evaluation_open(evaluation=evaluation, by=directie)
    _answers(evaluation, n)
    services.evaluation_close(evaluation=evaluation, by=directie)
    client.force_login(directie)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("evaluation:results", args=[evaluation.pk]))
    assert f"{n} ingevulde lijsten" in response.content.decode()


def test_figures_come_from_the_years_data_beside_last_years(client, directie, school, evaluation, families):
    from huisbezoek.tests.factories import SchoolYearFactory

    next_year = SchoolYearFactory(
        school=school, start=datetime.date(2027, 8, 16), end=datetime.date(2028, 7, 14), is_trial_year=False
    )
    following = services.evaluation_start(school=school, school_year=next_year, by=directie)
    client.force_login(directie)
    page = client.get(reverse("evaluation:figures", args=[following.pk])).content.decode()
    assert "2026-2027" in page and "2027-2028" in page
    assert "Leerlingen in de doelgroep" in page
    assert "Dit schooljaar heeft geen jaarplan" in page  # the new year has no programme yet
    trial = client.get(reverse("evaluation:figures", args=[evaluation.pk])).content.decode()
    assert "Groep 3a" in trial  # per group
    assert "Fatima Bakker" in trial  # per teacher


@pytest.mark.parametrize("years", [1, 4])
def test_the_list_of_evaluations_runs_a_fixed_number_of_queries(
    client, directie, school, django_assert_max_num_queries, years
):
    from huisbezoek.tests.factories import SchoolYearFactory

    for i in range(years):
        year = SchoolYearFactory(
            school=school,
            start=datetime.date(2020 + i, 8, 17),
            end=datetime.date(2021 + i, 7, 16),
            is_trial_year=i == 0,
        )
        services.evaluation_start(school=school, school_year=year, by=directie)
    client.force_login(directie)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("evaluation:index"))
    assert response.content.decode().count("/evaluatie/") >= years


def test_directie_reorders_and_removes_questions_on_the_page(client, directie, evaluation):
    client.force_login(directie)
    pupil_questions = list(evaluation.questions.filter(audience="pupil"))
    client.post(reverse("evaluation:question_move", args=[pupil_questions[1].pk]), {"direction": "up"})
    assert evaluation.questions.filter(audience="pupil").first() == pupil_questions[1]
    client.post(reverse("evaluation:question_delete", args=[pupil_questions[0].pk]))
    page = client.get(reverse("evaluation:questions", args=[evaluation.pk, "pupil"])).content.decode()
    assert pupil_questions[0].text not in page
    assert pupil_questions[1].text in page


def test_a_question_edit_keeps_what_was_typed_when_refused(client, directie, evaluation):
    question = evaluation.questions.filter(audience="teacher").first()
    client.force_login(directie)
    response = client.post(
        reverse("evaluation:question_edit", args=[question.pk]),
        {"theme": "nonsense", "kind": "scale", "text": "Nieuwe tekst"},
    )
    assert response.status_code == 200
    assert "Nieuwe tekst" in response.content.decode()
    question.refresh_from_db()
    assert question.text != "Nieuwe tekst"


def test_unknown_questionnaire_is_not_found(client, directie, evaluation):
    client.force_login(directie)
    assert client.get(reverse("evaluation:questions", args=[evaluation.pk, "grandparents"])).status_code == 404


def test_after_closing_links_and_codes_say_so(client, directie, evaluation, families, invited):
    code = evaluation.class_codes.get()
    services.evaluation_close(evaluation=evaluation, by=directie)
    parent = client.get(parent_url(invited[families[0].pk]))
    assert parent.status_code == 410
    assert "Anket kapandı" in parent.content.decode()
    pupil = client.get(reverse("evaluation:pupil_answer", args=[code.code]))
    assert pupil.status_code == 410
    assert "De vragenlijst is gesloten." in pupil.content.decode()
    assert "gesloten" in client.get(reverse("evaluation:pupil_start"), {"code": code.code}).content.decode()
