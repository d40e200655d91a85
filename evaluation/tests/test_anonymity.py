"""Results never give one person away: no link from an answer to who gave it, nothing shown until
the questionnaires close, and groups under 5 respondents never on their own."""

import pytest
from django.urls import reverse

from evaluation import selectors, services
from evaluation.models import Answer, ClassCode, ParentInvitation, Question, Response
from evaluation.tests.helpers import answers_for, open_and_invite, token_from
from notifications.models import Notification
from visits.tests.factories import GroupFactory, PupilFactory


def test_an_answer_is_stored_without_anything_that_leads_back_to_the_family(evaluation, directie, families):
    open_and_invite(evaluation, directie)
    token = token_from(Notification.objects.get(family_id=families[0].pk))
    services.parent_answer_submit(
        token=token, given=answers_for(evaluation.questions.filter(audience="parent"), text="Mijn zoon Kind0 is blij")
    )
    response = Response.objects.get()
    stored = {f.name for f in Response._meta.get_fields()} | {f.name for f in Answer._meta.get_fields()}
    assert not stored & {"family_id", "invitation", "token_hash", "created", "submitted_at", "user"}
    assert not {f.name for f in ParentInvitation._meta.get_fields()} & {"used_at", "response"}
    # The key is random, so the order of answers says nothing either.
    assert len(str(response.pk)) == 36


def _answer_teachers(evaluation, staff, scale):
    for user in staff:
        services.teacher_answer_submit(
            evaluation=evaluation, user=user, given=answers_for(evaluation.questions.filter(audience="teacher"), scale)
        )


@pytest.fixture
def teachers(school):
    from huisbezoek.models import Role
    from huisbezoek.tests.factories import MembershipFactory, UserFactory

    users = [UserFactory() for _ in range(6)]
    for user in users:
        MembershipFactory(user=user, school=school, role=Role.TEACHER)
    return users


def test_nothing_shows_while_the_questionnaires_are_open(evaluation, directie, teachers):
    services.evaluation_open(evaluation=evaluation, by=directie)
    _answer_teachers(evaluation, teachers, 5)
    result = selectors.results(evaluation=evaluation)
    assert not result.visible
    assert all(q.answered == 0 for a in result.audiences for t in a.themes for q in t.questions)


def test_fewer_than_five_respondents_are_not_shown(client, evaluation, directie, teachers):
    services.evaluation_open(evaluation=evaluation, by=directie)
    _answer_teachers(evaluation, teachers[:4], 1)
    services.evaluation_close(evaluation=evaluation, by=directie)
    evaluation.refresh_from_db()
    result = selectors.results(evaluation=evaluation)
    assert result.visible
    teacher_result = next(a for a in result.audiences if a.audience == "teacher")
    assert teacher_result.respondents == 4
    assert not teacher_result.shown
    client.force_login(directie)
    page = client.get(reverse("evaluation:results", args=[evaluation.pk])).content.decode()
    assert "Minder dan 5 antwoorden" in page
    assert "Prima" not in page  # the open answers of the four teachers


def test_five_respondents_show_as_a_group_and_open_answers_in_alphabetical_order(
    client, evaluation, directie, teachers
):
    services.evaluation_open(evaluation=evaluation, by=directie)
    for user, text in zip(teachers[:5], ["Zeer nuttig", "Avonden waren lang", "Mooi", "Drukte", "Fijn"], strict=True):
        services.teacher_answer_submit(
            evaluation=evaluation,
            user=user,
            given=answers_for(evaluation.questions.filter(audience="teacher"), 4, text),
        )
    services.evaluation_close(evaluation=evaluation, by=directie)
    client.force_login(directie)
    page = client.get(reverse("evaluation:results", args=[evaluation.pk])).content.decode()
    assert "Gemiddeld 4,0 van 5" in page or "Gemiddeld 4.0 van 5" in page
    positions = [page.index(t) for t in ["Avonden waren lang", "Drukte", "Fijn", "Mooi", "Zeer nuttig"]]
    assert positions == sorted(positions)


def test_small_pupil_groups_are_folded_away_and_cannot_be_worked_out(evaluation, directie, school, school_year):
    sizes = {"Groep 4a": 8, "Groep 6a": 6, "Groep 7a": 2}
    for name, size in sizes.items():
        group = GroupFactory(school=school, school_year=school_year, name=name)
        for _ in range(size):
            PupilFactory(school=school, group=group)
    services.evaluation_open(evaluation=evaluation, by=directie)
    questions = evaluation.questions.filter(audience="pupil")
    for name, size in sizes.items():
        code = ClassCode.objects.get(evaluation=evaluation, group_name=name)
        for _ in range(size):
            services.pupil_answer_submit(code=code.code, given=answers_for(questions, 3))
    services.evaluation_close(evaluation=evaluation, by=directie)
    evaluation.refresh_from_db()
    pupils = next(a for a in selectors.results(evaluation=evaluation).audiences if a.audience == "pupil")
    assert pupils.shown and pupils.respondents == 16
    shown = {g.name for g in pupils.groups}
    # 7a (2) alone would be given away by "total minus the others": 6a (6) is folded in with it.
    assert shown == {"Groep 4a"}
    assert pupils.hidden_groups == 2 and pupils.hidden_respondents == 8


@pytest.mark.parametrize(
    ("sizes", "shown"),
    [
        ({"a": 5, "b": 5}, {"a", "b"}),
        ({"a": 9, "b": 4}, set()),  # b is 4: folding it alone gives it away, so a goes too
        ({"a": 9, "b": 2, "c": 3}, {"a"}),  # b and c together make 5
        ({"a": 12}, set()),  # one group is the whole: nothing to show apart
    ],
)
def test_fold_small_groups(sizes, shown):
    assert selectors._fold_small_groups(sizes) == shown


def test_a_question_answered_by_fewer_than_five_shows_nothing_even_in_a_large_group(
    client, evaluation, directie, school, teachers, monkeypatch
):
    from evaluation import report
    from huisbezoek.models import Role
    from huisbezoek.tests.factories import MembershipFactory, UserFactory

    staff = [*teachers]
    for _ in range(6):
        user = UserFactory()
        MembershipFactory(user=user, school=school, role=Role.TEACHER)
        staff.append(user)
    services.evaluation_open(evaluation=evaluation, by=directie)
    questions = list(evaluation.questions.filter(audience="teacher"))
    scales = [q for q in questions if q.kind == "scale"]
    opens = [q for q in questions if q.kind == "open"]
    assert scales and opens
    for i, user in enumerate(staff):  # 12 teachers; only the first answers the open questions
        given = answers_for(questions, 4, "Alleen ik schreef dit") if i == 0 else answers_for(scales, 4)
        services.teacher_answer_submit(evaluation=evaluation, user=user, given=given)
    services.evaluation_close(evaluation=evaluation, by=directie)
    evaluation.refresh_from_db()

    result = selectors.results(evaluation=evaluation)
    teacher_result = next(a for a in result.audiences if a.audience == "teacher")
    assert teacher_result.shown and teacher_result.respondents == 12
    items = {item.question.pk: item for t in teacher_result.themes for item in t.questions}
    for question in opens:
        assert items[question.pk].too_few and not items[question.pk].texts
    assert all(items[q.pk].answered == 12 and not items[q.pk].too_few for q in scales)

    client.force_login(directie)
    page = client.get(reverse("evaluation:results", args=[evaluation.pk])).content.decode()
    assert "Alleen ik schreef dit" not in page
    assert "Te weinig antwoorden om te tonen" in page

    rendered = {}
    real_render = report.render_to_string

    def capture(template, context):
        rendered["context"] = context
        rendered["html"] = real_render(template, context)
        return rendered["html"]

    monkeypatch.setattr(report, "render_to_string", capture)
    monkeypatch.setattr(report, "render_pdf", lambda html: html.encode())
    assert client.get(reverse("evaluation:report_pdf", args=[evaluation.pk])).status_code == 200
    in_report = rendered["context"]["results"]
    assert not any(
        "Alleen ik schreef dit" in item.texts for a in in_report.audiences for t in a.themes for item in t.questions
    )
    assert "Alleen ik schreef dit" not in rendered["html"]
    assert "te weinig antwoorden om te tonen" in rendered["html"]


def test_a_scale_question_answered_by_few_in_a_shown_pupil_group_shows_no_mean():
    scale = Question(kind=Question.Kind.SCALE, text="Leuk?")
    scale.pk = 1
    rows = [{"question_id": 1, "scale": 2, "text": "", "n": 3}]
    tally = selectors._tally(rows, [scale])[1]
    assert tally.too_few and tally.mean is None and tally.distribution == [0] * 5
    many = selectors._tally([{**rows[0], "n": 5}], [scale])[1]
    assert not many.too_few and many.mean == 2
