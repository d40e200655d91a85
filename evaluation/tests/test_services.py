import datetime

import celery
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluation import content, selectors, services
from evaluation.models import Action, Answer, ClassCode, Evaluation, ParentInvitation, Question, Response
from evaluation.services import Given
from evaluation.tasks import send_parent_invitations
from evaluation.tests.helpers import answers_for, open_and_invite, token_from
from huisbezoek.tests.factories import SchoolYearFactory
from notifications.models import Notification


def test_start_gives_default_questionnaires_around_the_four_questions(evaluation, school_year):
    assert evaluation.kind == Evaluation.Kind.TRIAL
    themes = {(q.audience, q.theme) for q in evaluation.questions.all()}
    for theme in ("experience", "information", "relation", "care"):
        assert ("teacher", theme) in themes
        assert ("parent", theme) in themes
    assert evaluation.questions.filter(audience="pupil").exists()
    assert evaluation.questions.filter(kind="open").exists()


def test_one_evaluation_per_school_year(evaluation, school, school_year, directie):
    with pytest.raises(ValidationError):
        services.evaluation_start(school=school, school_year=school_year, by=directie)


def test_only_the_directie_starts_an_evaluation(school, school_year, teacher):
    with pytest.raises(PermissionDenied):
        services.evaluation_start(school=school, school_year=school_year, by=teacher)


def test_questions_can_be_added_edited_moved_and_removed_before_opening(evaluation, directie):
    added = services.question_add(
        evaluation=evaluation,
        audience="parent",
        theme="experience",
        kind="scale",
        text="Kwam de leerkracht op tijd?",
        by=directie,
    )
    parent_questions = list(evaluation.questions.filter(audience="parent"))
    assert parent_questions[-1] == added
    services.question_move(question=added, up=True, by=directie)
    assert list(evaluation.questions.filter(audience="parent"))[-2] == added
    first = parent_questions[0]
    services.question_update(
        question=first, theme=first.theme, kind=first.kind, text="Was het bezoek fijn?", by=directie
    )
    first.refresh_from_db()
    assert first.text == "Was het bezoek fijn?"
    assert first.key == ""  # the shipped translations no longer fit
    services.question_delete(question=added, by=directie)
    assert not Question.objects.filter(pk=added.pk).exists()


def test_questions_are_fixed_once_open(evaluation, directie):
    services.evaluation_open(evaluation=evaluation, by=directie)
    question = evaluation.questions.first()
    with pytest.raises(ValidationError):
        services.question_delete(question=question, by=directie)
    with pytest.raises(ValidationError):
        services.question_add(
            evaluation=evaluation, audience="parent", theme="care", kind="open", text="Nog iets?", by=directie
        )


def test_opening_needs_a_question_in_every_questionnaire(evaluation, directie):
    evaluation.questions.filter(audience="pupil").delete()
    with pytest.raises(ValidationError) as info:
        services.evaluation_open(evaluation=evaluation, by=directie)
    assert "Leerlingen" in str(info.value)


def test_opening_gives_each_group_a_class_code_sized_to_the_group(evaluation, directie, families, second_group):
    services.evaluation_open(evaluation=evaluation, by=directie)
    codes = {c.group_name: c for c in ClassCode.objects.filter(evaluation=evaluation)}
    assert codes["Groep 5b"].capacity == 3
    assert codes["Groep 3a"].capacity == 6  # the six families' children
    for code in codes.values():
        assert len(code.code) == 8
        assert set(code.code) <= set(services.CODE_ALPHABET)


def test_parents_get_a_personal_link_in_their_language_through_their_channel(evaluation, directie, families):
    open_and_invite(evaluation, directie)
    messages = {n.family_id: n for n in Notification.objects.filter(kind="evaluation_invite")}
    turkish = messages[families[0].pk]
    assert turkish.channel == "sms"
    assert turkish.address == "+31611111111"
    assert turkish.language == "tr"
    assert "ev ziyareti nasildi" in turkish.body  # the Turkish SMS, in GSM-7 letters to fit one message
    arabic = messages[families[2].pk]
    assert (arabic.channel, arabic.address, arabic.language) == ("email", "ouder3@example.org", "ar")
    assert messages[families[3].pk].channel == "email"  # prefers e-mail, has both
    # A landline cannot take an SMS, and a family without any address gets no message.
    assert families[4].pk not in messages
    assert families[5].pk not in messages
    # Only the hash of the token is stored.
    token = token_from(turkish)
    assert len(token) >= 43  # 256 bits in base64
    invitation = ParentInvitation.objects.get(family_id=families[0].pk)
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.token_hash(token)


def test_the_evaluation_writes_to_each_family_the_way_the_reminders_do(evaluation, directie, families, group):
    """One rule (visits.selectors.family_contact) for both: a family preferring a call, a letter
    or a word at the gate gets no evaluation message, even with a mobile and an e-mail address."""
    from visits.selectors import family_contact
    from visits.tests.factories import PupilFactory

    letter = PupilFactory(school=group.school, group=group).family
    letter.phone, letter.email, letter.preferred_channel = "06 55555555", "brief@example.org", "letter"
    letter.save()
    gate = PupilFactory(school=group.school, group=group).family
    gate.phone, gate.email, gate.preferred_channel = "+32 470 12 34 56", "", "in_person"
    gate.save()
    belgian = PupilFactory(school=group.school, group=group).family
    belgian.phone, belgian.email, belgian.preferred_channel = "0032 470 12 34 56", "", "sms"
    belgian.save()
    open_and_invite(evaluation, directie)
    messages = {n.family_id: (n.channel, n.address) for n in Notification.objects.filter(kind="evaluation_invite")}
    everyone = [*families, letter, gate, belgian]
    expected = {f.pk: tuple(contact) for f in everyone if (contact := family_contact(f)) is not None}
    assert messages == expected
    assert letter.pk not in messages and gate.pk not in messages
    assert families[1].pk not in messages  # prefers a call: the teacher calls, no SMS to her mobile
    assert messages[belgian.pk] == ("sms", "+32470123456")  # a mobile abroad takes the SMS
    assert set(ParentInvitation.objects.values_list("family_id", flat=True)) == set(expected)


@pytest.mark.parametrize(
    ("home_languages", "language", "subject"),
    [
        (["ary"], "ar", "ما رأيك في الزيارة المنزلية؟"),  # Darija families read Standard Arabic, as in reminders
        (["ary", "nl"], "ar", "ما رأيك في الزيارة المنزلية؟"),
        (["rif"], "nl", "Hoe vond u het huisbezoek?"),  # reminders write Tamazight; no questionnaire in it
        (["ti", "en"], "en", "What did you think of the home visit?"),  # Tigrinya is not shipped, English is
        (["ti"], "nl", "Hoe vond u het huisbezoek?"),
    ],
)
def test_a_family_is_invited_in_the_language_its_parents_read(
    evaluation, directie, group, home_languages, language, subject
):
    from visits.selectors import PARENT_LANGUAGES, parent_language
    from visits.tests.factories import FamilyLanguageFactory, PupilFactory

    family = PupilFactory(school=group.school, group=group).family
    family.email, family.preferred_channel = "ouders@example.org", "email"
    family.save()
    for i, code in enumerate(home_languages):
        FamilyLanguageFactory(family=family, language=code, is_main=i == 0)
    open_and_invite(evaluation, directie)
    message = Notification.objects.get(kind="evaluation_invite", family_id=family.pk)
    assert message.language == language
    assert ParentInvitation.objects.get(family_id=family.pk).language == language
    assert message.subject == subject
    # The reminders' language for this family, limited to what the questionnaire ships:
    reminder_language = parent_language(home_languages, offered=PARENT_LANGUAGES)
    assert language == (reminder_language if reminder_language in content.PARENT_LANGUAGES else "nl")


def test_the_questionnaire_offers_the_shared_parent_languages_in_their_order():
    from visits.selectors import PARENT_LANGUAGES

    assert content.PARENT_LANGUAGES == tuple(c for c in PARENT_LANGUAGES if c in content.PARENT_LANGUAGES)
    assert {"nl", "en", "ar", "tr", "pl", "uk"} <= set(content.PARENT_LANGUAGES)


def test_sending_again_invites_nobody_twice(evaluation, directie, families):
    open_and_invite(evaluation, directie)
    count = Notification.objects.count()
    assert send_parent_invitations(evaluation.pk) == 0
    assert Notification.objects.count() == count


def answer_parent(token, evaluation, scale=5):
    services.parent_answer_submit(token=token, given=answers_for(evaluation.questions.filter(audience="parent"), scale))


def test_a_parent_answers_once_and_the_invitation_is_used(evaluation, directie, families):
    open_and_invite(evaluation, directie)
    token = token_from(Notification.objects.get(family_id=families[0].pk))
    answer_parent(token, evaluation)
    assert Response.objects.filter(audience="parent").count() == 1
    assert ParentInvitation.objects.get(family_id=families[0].pk).used
    with pytest.raises(ValidationError) as info:
        answer_parent(token, evaluation)
    assert info.value.code == "used"
    assert Response.objects.filter(audience="parent").count() == 1


def test_an_expired_or_tampered_link_records_nothing(evaluation, directie, families):
    open_and_invite(evaluation, directie)
    token = token_from(Notification.objects.get(family_id=families[0].pk))
    with pytest.raises(ValidationError) as info:
        answer_parent(token[:-1] + ("A" if token[-1] != "A" else "B"), evaluation)
    assert info.value.code == "invalid"
    ParentInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError) as info:
        answer_parent(token, evaluation)
    assert info.value.code == "expired"
    assert not Response.objects.exists()
    assert not ParentInvitation.objects.filter(used=True).exists()


def test_a_closed_evaluation_takes_no_answers(evaluation, directie, families):
    open_and_invite(evaluation, directie)
    token = token_from(Notification.objects.get(family_id=families[0].pk))
    services.evaluation_close(evaluation=evaluation, by=directie)
    with pytest.raises(ValidationError) as info:
        answer_parent(token, evaluation)
    assert info.value.code == "closed"
    assert not Response.objects.exists()


def test_an_empty_questionnaire_is_refused_and_the_link_stays_usable(evaluation, directie, families):
    open_and_invite(evaluation, directie)
    token = token_from(Notification.objects.get(family_id=families[0].pk))
    with pytest.raises(ValidationError) as info:
        services.parent_answer_submit(token=token, given={})
    assert info.value.code == "empty"
    assert not ParentInvitation.objects.get(family_id=families[0].pk).used
    answer_parent(token, evaluation)
    assert Response.objects.count() == 1


def test_a_teacher_answers_once(evaluation, directie, teacher):
    services.evaluation_open(evaluation=evaluation, by=directie)
    given = answers_for(evaluation.questions.filter(audience="teacher"))
    services.teacher_answer_submit(evaluation=evaluation, user=teacher, given=given)
    with pytest.raises(ValidationError):
        services.teacher_answer_submit(evaluation=evaluation, user=teacher, given=given)
    assert Response.objects.filter(audience="teacher").count() == 1


def test_a_class_answers_at_most_as_often_as_it_has_pupils(evaluation, directie, second_group):
    services.evaluation_open(evaluation=evaluation, by=directie)
    code = ClassCode.objects.get(group_name="Groep 5b")
    given = answers_for(evaluation.questions.filter(audience="pupil"))
    for _ in range(3):
        services.pupil_answer_submit(code=code.code.lower(), given=given)  # lower case is forgiven
    with pytest.raises(ValidationError) as info:
        services.pupil_answer_submit(code=code.code, given=given)
    assert info.value.code == "full"
    assert Response.objects.filter(audience="pupil", group_name="Groep 5b").count() == 3


def test_a_scale_answer_must_be_one_to_five(evaluation, directie, teacher):
    services.evaluation_open(evaluation=evaluation, by=directie)
    question = evaluation.questions.filter(audience="teacher", kind="scale").first()
    with pytest.raises(ValidationError):
        services.teacher_answer_submit(evaluation=evaluation, user=teacher, given={question.pk: Given(scale=9)})
    assert not Answer.objects.exists()


def test_decision_to_adjust_needs_the_changes(evaluation, directie):
    with pytest.raises(ValidationError):
        services.decision_record(evaluation=evaluation, decision="adjust", note=" ", by=directie)
    services.decision_record(evaluation=evaluation, decision="adjust", note="Duo-bezoeken bij klas 1", by=directie)
    evaluation.refresh_from_db()
    assert evaluation.decision == "adjust"
    assert evaluation.decided_by == directie


def test_an_action_owner_must_work_at_the_school(evaluation, directie, outsider):
    with pytest.raises(ValidationError):
        services.action_add(
            evaluation=evaluation, description="X", owner=outsider, due=datetime.date(2027, 9, 1), by=directie
        )


def test_an_action_is_marked_done_by_its_owner_or_the_directie(evaluation, directie, teacher, colleague):
    action = services.action_add(
        evaluation=evaluation, description="Tolkenlijst", owner=teacher, due=datetime.date(2027, 9, 1), by=directie
    )
    with pytest.raises(PermissionDenied):
        services.action_done(action=action, by=colleague)
    services.action_done(action=action, by=teacher)
    action.refresh_from_db()
    assert action.done_at is not None and action.done_by == teacher


def test_next_year_carries_over_the_open_actions(evaluation, school, directie, teacher, care_coordinator):
    open_one = services.action_add(
        evaluation=evaluation, description="Tolkenlijst", owner=teacher, due=datetime.date(2027, 9, 1), by=directie
    )
    done_one = services.action_add(
        evaluation=evaluation,
        description="Route plannen",
        owner=care_coordinator,
        due=datetime.date(2027, 7, 1),
        by=directie,
    )
    services.action_done(action=done_one, by=directie)
    next_year = SchoolYearFactory(
        school=school, start=datetime.date(2027, 8, 16), end=datetime.date(2028, 7, 14), is_trial_year=False
    )
    following = services.evaluation_start(school=school, school_year=next_year, by=directie)
    assert following.kind == Evaluation.Kind.YEARLY
    assert following.previous == evaluation
    carried = Action.objects.get(evaluation=following)
    assert carried.description == "Tolkenlijst"
    assert carried.owner == teacher
    assert carried.carried_from == open_one
    # On the owner's home page once, as this year's action.
    assert list(selectors.actions_open_for(user=teacher, school=school)) == [carried]


def test_opening_survives_a_broker_that_is_down_and_the_periodic_task_sends_the_links_once(
    evaluation, directie, families, django_capture_on_commit_callbacks, monkeypatch
):
    from evaluation import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(celery.Task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_open(evaluation=evaluation, by=directie)  # does not raise
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.OPEN
    assert not ParentInvitation.objects.filter(evaluation=evaluation).exists()

    sent = tasks.send_open_invitations()
    assert sent > 0
    assert ParentInvitation.objects.filter(evaluation=evaluation).count() == sent
    messages = Notification.objects.filter(kind="evaluation_invite").count()
    assert messages > 0

    assert tasks.send_open_invitations() == 0
    assert ParentInvitation.objects.filter(evaluation=evaluation).count() == sent
    assert Notification.objects.filter(kind="evaluation_invite").count() == messages
