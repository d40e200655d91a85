"""The care side's rules, tested on the services: opening cases, the five meldcode steps, closing, consults."""

import datetime
import json

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from huisbezoek.models import Role
from huisbezoek.tests.factories import MembershipFactory, SchoolYearFactory, UserFactory
from visits import selectors
from visits.care import services as services_care
from visits.models import CareCase, CaseEntry, Consult, Report
from visits.tests.care_cases import SAFE, UNSAFE, add, flagged_report
from visits.tests.factories import GroupTeacherFactory, PupilFactory

TODAY = datetime.date(2026, 11, 2)
OUT = CareCase.Outcome
S = CaseEntry.Step


@pytest.fixture
def report(pupil, teacher):
    return flagged_report(pupil, teacher)


@pytest.fixture
def case(report, teacher):
    return services_care.case_open_from_report(report=report, by=teacher)


# Opening a case ------------------------------------------------------------------------------


def test_a_flagged_report_opens_a_case_with_its_urgency_pupil_and_year(case, report, pupil, school_year):
    assert (case.report, case.pupil, case.school_year, case.school) == (report, pupil, school_year, pupil.school)
    assert case.urgency == Report.Urgency.URGENT
    assert case.status == CareCase.Status.OPEN


def test_opening_from_the_same_report_twice_gives_the_same_case_and_one_email(
    report, teacher, care_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services_care.case_open_from_report(report=report, by=teacher)
    with django_capture_on_commit_callbacks(execute=True):
        second = services_care.case_open_from_report(report=report, by=teacher)
    assert first == second
    assert CareCase.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_acute_flag_emails_every_active_care_coordinator_a_link_and_nothing_confidential(
    school, other_school, pupil, teacher, care_coordinator, django_capture_on_commit_callbacks
):
    second = UserFactory(email="zorg2@school.test")
    MembershipFactory(user=second, school=school, role=Role.CARE_COORDINATOR)
    gone = UserFactory(email="oud@school.test", is_active=False)
    MembershipFactory(user=gone, school=school, role=Role.CARE_COORDINATOR)
    MembershipFactory(user=UserFactory(email="anders@school.test"), school=other_school, role=Role.CARE_COORDINATOR)
    report = flagged_report(
        pupil, teacher, urgency=Report.Urgency.ACUTE, reason="Vader slaat", confidential_notes="Moeder huilde"
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = services_care.case_open_from_report(report=report, by=teacher)
    assert sorted(m.to[0] for m in mail.outbox) == ["zorg2@school.test", "zorg@school.test"]
    message = mail.outbox[0]
    text = message.subject + message.body
    assert "Acuut" in message.subject
    assert school.name in message.body
    assert f"{settings.SITE_URL}/zorg/melding/{case.pk}/" in message.body
    for secret in (pupil.first_name, pupil.last_name, pupil.family.name, "Vader slaat", "Moeder huilde", "Fatima"):
        assert secret not in text


def test_a_normal_flag_waits_in_the_queue_without_an_email(
    pupil, teacher, care_coordinator, django_capture_on_commit_callbacks
):
    report = flagged_report(pupil, teacher, urgency=Report.Urgency.NORMAL)
    with django_capture_on_commit_callbacks(execute=True):
        services_care.case_open_from_report(report=report, by=teacher)
    assert mail.outbox == []


@pytest.mark.parametrize("fields", [{"flagged": False}, {"status": Report.Status.DRAFT}])
def test_only_a_submitted_flagged_report_opens_a_case(pupil, teacher, fields):
    report = flagged_report(pupil, teacher, **fields)
    with pytest.raises(ValidationError):
        services_care.case_open_from_report(report=report, by=teacher)
    assert not CareCase.objects.exists()


def test_the_care_coordinator_opens_a_case_without_a_report(pupil, care_coordinator, school_year):
    case = services_care.case_open(pupil=pupil, by=care_coordinator, urgency=Report.Urgency.NORMAL)
    assert (case.report, case.school_year, case.opened_by) == (None, school_year, care_coordinator)


def test_a_teacher_cannot_open_a_case_by_hand(pupil, teacher):
    with pytest.raises(PermissionDenied):
        services_care.case_open(pupil=pupil, by=teacher, urgency=Report.Urgency.NORMAL)


# The five steps -------------------------------------------------------------------------------


def test_the_pupils_teacher_adds_signals(case, teacher):
    entry = add(case, teacher, source="other", source_detail="de buurvrouw", text="Hoort 's nachts geschreeuw.")
    assert (entry.step, entry.by, entry.source, entry.source_detail) == (S.SIGNALS, teacher, "other", "de buurvrouw")


def test_a_colleague_teaching_the_pupil_adds_signals_too(case, colleague, group):
    GroupTeacherFactory(group=group, teacher=colleague, kind="teacher")
    assert add(case, colleague).by == colleague


@pytest.mark.parametrize("step", [S.CONSULT, S.CONVERSATION, S.WEIGH, S.DECIDE])
def test_a_teacher_adds_nothing_but_signals(case, teacher, step):
    with pytest.raises(PermissionDenied):
        add(case, teacher, step=step)
    assert not case.entries.exists()


def test_a_teacher_trying_to_weigh_is_told_who_may(case, teacher):
    with pytest.raises(PermissionDenied, match="zorgcoördinator"):
        add(case, teacher, step=S.WEIGH)


@pytest.mark.parametrize("persona", ["colleague", "directie", "administrator", "outsider"])
def test_others_add_nothing(case, persona, request):
    with pytest.raises(PermissionDenied):
        add(case, request.getfixturevalue(persona))


@pytest.mark.parametrize("step", list(S))
def test_the_care_coordinator_takes_every_step(case, care_coordinator, step):
    assert add(case, care_coordinator, step=step).step == step


def test_a_signal_says_whose_observation_it_is(case, teacher):
    with pytest.raises(ValidationError) as refused:
        add(case, teacher, source="")
    assert "source" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        add(case, teacher, source="other", source_detail=" ")
    assert "source_detail" in refused.value.message_dict


def test_the_weighing_answers_all_five_questions_and_is_stored(case, care_coordinator):
    with pytest.raises(ValidationError):
        add(case, care_coordinator, step=S.WEIGH, answers={"unsafe": True})
    with pytest.raises(ValidationError):
        add(case, care_coordinator, step=S.WEIGH, answers=SAFE | {"unsafe": "ja"})
    entry = add(case, care_coordinator, step=S.WEIGH, answers=UNSAFE)
    entry.refresh_from_db()
    assert json.loads(entry.answers) == UNSAFE


def test_weighing_answers_and_anonymity_belong_to_their_own_steps(case, care_coordinator):
    with pytest.raises(ValidationError):
        add(case, care_coordinator, step=S.DECIDE, answers=SAFE)
    with pytest.raises(ValidationError):
        add(case, care_coordinator, step=S.CONVERSATION, anonymous=True)
    assert add(case, care_coordinator, step=S.CONSULT, anonymous=True).anonymous


def test_a_step_cannot_be_dated_in_the_future(case, care_coordinator):
    with pytest.raises(ValidationError) as refused:
        add(case, care_coordinator, happened_on=TODAY + datetime.timedelta(days=1))
    assert "happened_on" in refused.value.message_dict


def test_a_step_needs_text(case, care_coordinator):
    with pytest.raises(ValidationError):
        add(case, care_coordinator, text="   ")


def test_a_correction_is_a_new_entry_and_the_old_one_stays(case, care_coordinator):
    old = add(case, care_coordinator, step=S.CONVERSATION, text="Moeder zegt: valt mee.")
    new = add(case, care_coordinator, step=S.CONVERSATION, text="Moeder en vader zeggen: valt mee.", supersedes=old)
    old.refresh_from_db()
    assert old.text == "Moeder zegt: valt mee."
    assert old.superseded_by == new
    assert list(services_care.current_entries(case)) == [new]
    assert case.entries.count() == 2


def test_an_entry_is_corrected_once_then_its_correction_is(case, care_coordinator):
    old = add(case, care_coordinator)
    newer = add(case, care_coordinator, supersedes=old)
    with pytest.raises(ValidationError) as refused:
        add(case, care_coordinator, supersedes=old)
    assert "supersedes" in refused.value.message_dict
    assert add(case, care_coordinator, supersedes=newer).supersedes == newer


def test_a_correction_stays_within_its_case_and_step(case, care_coordinator, pupil):
    signal = add(case, care_coordinator)
    with pytest.raises(ValidationError):
        add(case, care_coordinator, step=S.CONSULT, supersedes=signal)
    other_case = services_care.case_open(pupil=pupil, by=care_coordinator, urgency="normal")
    with pytest.raises(ValidationError):
        add(other_case, care_coordinator, supersedes=signal)


def test_a_teacher_corrects_only_their_own_signals(case, teacher, care_coordinator):
    theirs = add(case, care_coordinator)
    with pytest.raises(PermissionDenied):
        add(case, teacher, supersedes=theirs)
    own = add(case, teacher)
    assert add(case, teacher, supersedes=own).supersedes == own


def test_a_closed_case_takes_no_more_entries(case, care_coordinator):
    add(case, care_coordinator)
    services_care.case_close(case=case, by=care_coordinator, outcome=OUT.NO_CONCERN, note="Gesproken, gaat goed.")
    with pytest.raises(ValidationError):
        add(case, care_coordinator, step=S.CONSULT)


def test_case_text_is_encrypted_at_rest(case, care_coordinator):
    add(case, care_coordinator, step=S.CONSULT, text="Overleg over vader", agreed="Bellen met Veilig Thuis")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text, agreed FROM visits_caseentry")
        rows = cursor.fetchall()
    assert rows
    for text, agreed in rows:
        assert "vader" not in text and text.startswith("fernet:")
        assert "Veilig" not in agreed and agreed.startswith("fernet:")


# Closing ----------------------------------------------------------------------------------------


def weighed_and_decided(case, care_coordinator, answers):
    add(case, care_coordinator)
    add(case, care_coordinator, step=S.WEIGH, answers=answers)
    add(case, care_coordinator, step=S.DECIDE, text="Melden.")


@pytest.mark.parametrize("outcome", [OUT.HELP_ORGANISED, OUT.NO_CONCERN, OUT.UNFOUNDED])
def test_unsafety_in_the_weighing_forces_the_outcome_reported(case, care_coordinator, outcome):
    weighed_and_decided(case, care_coordinator, UNSAFE)
    with pytest.raises(ValidationError, match="Veilig Thuis") as refused:
        services_care.case_close(case=case, by=care_coordinator, outcome=outcome, note="x")
    assert "outcome" in refused.value.message_dict
    closed = services_care.case_close(case=case, by=care_coordinator, outcome=OUT.REPORTED, note="Gemeld op 2/11.")
    assert (closed.status, closed.outcome, closed.closed_by) == (CareCase.Status.CLOSED, OUT.REPORTED, care_coordinator)


def test_the_latest_uncorrected_weighing_counts(case, care_coordinator):
    weighed_and_decided(case, care_coordinator, UNSAFE)
    wrong = case.entries.get(step=S.WEIGH)
    add(case, care_coordinator, step=S.WEIGH, answers=SAFE, text="Vraag 2 verkeerd aangeklikt.", supersedes=wrong)
    closed = services_care.case_close(
        case=case, by=care_coordinator, outcome=OUT.HELP_ORGANISED, note="Hulp via wijkteam."
    )
    assert closed.outcome == OUT.HELP_ORGANISED


@pytest.mark.parametrize("outcome", [OUT.HELP_ORGANISED, OUT.REPORTED])
def test_help_or_a_report_needs_a_weighing_and_a_decision(case, care_coordinator, outcome):
    add(case, care_coordinator)
    add(case, care_coordinator, step=S.WEIGH)
    with pytest.raises(ValidationError, match="stap 5"):
        services_care.case_close(case=case, by=care_coordinator, outcome=outcome, note="x")
    add(case, care_coordinator, step=S.DECIDE)
    assert services_care.case_close(case=case, by=care_coordinator, outcome=outcome, note="x").outcome == outcome


@pytest.mark.parametrize("outcome", [OUT.NO_CONCERN, OUT.UNFOUNDED])
def test_no_concern_or_unfounded_needs_the_signals_on_record(case, care_coordinator, outcome):
    with pytest.raises(ValidationError, match="stap 1"):
        services_care.case_close(case=case, by=care_coordinator, outcome=outcome, note="x")
    add(case, care_coordinator)
    assert services_care.case_close(case=case, by=care_coordinator, outcome=outcome, note="x").outcome == outcome


def test_closing_needs_an_explicit_outcome_and_a_note(case, care_coordinator):
    add(case, care_coordinator)
    for outcome, note in (("", "x"), ("weet niet", "x"), (OUT.NO_CONCERN, "  ")):
        with pytest.raises(ValidationError):
            services_care.case_close(case=case, by=care_coordinator, outcome=outcome, note=note)
    case.refresh_from_db()
    assert case.status == CareCase.Status.OPEN


@pytest.mark.parametrize("persona", ["teacher", "colleague", "directie"])
def test_only_the_care_coordinator_closes(case, care_coordinator, persona, request):
    add(case, care_coordinator)
    with pytest.raises(PermissionDenied):
        services_care.case_close(case=case, by=request.getfixturevalue(persona), outcome=OUT.NO_CONCERN, note="x")


def test_a_closed_case_is_not_closed_again(case, care_coordinator):
    add(case, care_coordinator)
    services_care.case_close(case=case, by=care_coordinator, outcome=OUT.NO_CONCERN, note="x")
    with pytest.raises(ValidationError):
        services_care.case_close(case=case, by=care_coordinator, outcome=OUT.UNFOUNDED, note="y")


# Consults ---------------------------------------------------------------------------------------


@pytest.fixture
def consult(school, school_year, teacher):
    return Consult.objects.create(
        school=school, school_year=school_year, asked_by=teacher, moment="before", question="Alleen gaan?"
    )


def test_the_care_coordinator_answers_a_consult_once(consult, care_coordinator):
    answered = services_care.consult_answer(consult=consult, by=care_coordinator, answer="Ga met een collega.")
    assert (answered.answer, answered.answered_by) == ("Ga met een collega.", care_coordinator)
    assert answered.answered_at is not None
    with pytest.raises(ValidationError, match="al beantwoord"):
        services_care.consult_answer(consult=consult, by=care_coordinator, answer="Toch alleen.")
    consult.refresh_from_db()
    assert consult.answer == "Ga met een collega."


def test_a_consult_needs_an_answer_and_a_care_coordinator(consult, care_coordinator, teacher):
    with pytest.raises(ValidationError):
        services_care.consult_answer(consult=consult, by=care_coordinator, answer=" ")
    with pytest.raises(PermissionDenied):
        services_care.consult_answer(consult=consult, by=teacher, answer="Zelf bedacht.")


# Counts for the dashboard and the evaluation ---------------------------------------------------


def test_care_counts_per_school_year(
    school, school_year, other_school, group, pupil, teacher, care_coordinator, consult, django_assert_num_queries
):
    services_care.consult_answer(consult=consult, by=care_coordinator, answer="Ja.")
    Consult.objects.create(school=school, school_year=school_year, asked_by=teacher, moment="after", question="?")
    acute = services_care.case_open_from_report(
        report=flagged_report(pupil, teacher, urgency=Report.Urgency.ACUTE), by=teacher
    )
    second = PupilFactory(school=school, group=group)
    flagged_report(second, teacher, urgency=Report.Urgency.NORMAL)  # flagged, no case yet
    flagged_report(PupilFactory(school=school, group=group), teacher, flagged=False, flag_urgency="")
    add(acute, care_coordinator)
    services_care.case_close(case=acute, by=care_coordinator, outcome=OUT.UNFOUNDED, note="x")
    services_care.case_open(pupil=second, by=care_coordinator, urgency="urgent")
    # Another year and another school do not count.
    last_year = SchoolYearFactory(school=school, start=datetime.date(2025, 8, 18), end=datetime.date(2026, 7, 17))
    Consult.objects.create(school=school, school_year=last_year, asked_by=teacher, moment="after", question="?")
    other_year = SchoolYearFactory(school=other_school)
    Consult.objects.create(school=other_school, school_year=other_year, asked_by=teacher, moment="after", question="?")

    with django_assert_num_queries(3):
        counts = selectors.care_counts(school=school, school_year=school_year)
    assert counts == {
        "consults_asked": 2,
        "consults_answered": 1,
        "flags": {"normal": 1, "urgent": 0, "acute": 1},
        "flags_total": 2,
        "cases_open": 1,
        "cases_closed": {"no_concern": 0, "help_organised": 0, "reported": 0, "unfounded": 1},
        "cases_closed_total": 1,
    }
