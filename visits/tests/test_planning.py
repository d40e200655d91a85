"""The planning rules, tested on the services directly."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from huisbezoek.models import User
from visits.models import CalendarFeed, ContactAttempt, Family, Visit, VisitPupil
from visits.services import (
    PlanNeedsConfirmation,
    Reason,
    VisitPlan,
    calendar_feed_renew,
    calendar_feed_revoke,
    contact_log,
    feed_token_hash,
    programme_save,
    visit_open,
    visit_schedule,
    visit_transition,
)
from visits.tests.factories import GroupFactory, GroupTeacherFactory, InterpreterFactory, PupilFactory
from visits.tests.helpers import at

S = Visit.Status


@pytest.fixture
def visit(pupil, school_year, teacher, family, programme, women):
    return visit_open(pupil=pupil, school_year=school_year, by=teacher)


def plan(visit, teacher, **changes):
    values = {
        "starts_at": at(4, 19),
        "duration_minutes": 60,
        "lead_visitor": teacher,
        "family_interpreter": "Oom Karim",
        "agenda": "Kennismaken",
    }
    values.update(changes)
    return VisitPlan(**values)


def refused(excinfo) -> str:
    return " ".join(m for messages in excinfo.value.message_dict.values() for m in messages)


def test_a_pupil_has_one_visit_per_year_opened_on_first_use(pupil, school_year, teacher):
    first = visit_open(pupil=pupil, school_year=school_year, by=teacher)
    again = visit_open(pupil=pupil, school_year=school_year, by=teacher)
    assert first == again
    assert first.status == S.TO_PLAN
    assert list(first.transitions.values_list("to_status", flat=True)) == [S.TO_PLAN]


def test_contact_attempts_are_facts_and_reaching_the_family_moves_the_status(visit, teacher):
    contact_log(visit=visit, by=teacher, at=at(2, 9), channel="phone", outcome=ContactAttempt.Outcome.NO_ANSWER)
    visit.refresh_from_db()
    assert visit.status == S.TO_PLAN
    contact_log(visit=visit, by=teacher, at=at(2, 9, 30), channel="sms", outcome=ContactAttempt.Outcome.REACHED)
    visit.refresh_from_db()
    assert visit.status == S.CONTACTED
    assert visit.contact_attempts.count() == 2
    assert visit.transitions.last().by == teacher


def test_a_family_saying_no_on_the_phone_is_recorded_as_declined_with_the_reason(visit, teacher):
    contact_log(
        visit=visit,
        by=teacher,
        at=at(2, 9),
        channel="phone",
        outcome=ContactAttempt.Outcome.DECLINED,
        note="Belde zelf terug",
        decline_reason=Reason(Visit.DeclineReason.PRIVACY),
    )
    visit.refresh_from_db()
    assert visit.status == S.DECLINED
    assert (visit.decline_reason, visit.decline_reason_other) == (Visit.DeclineReason.PRIVACY, "")


def test_a_contact_attempt_cannot_be_in_the_future(visit, teacher):
    with pytest.raises(ValidationError):
        contact_log(visit=visit, by=teacher, at=at(9, 9), channel="phone", outcome="no_answer")


def test_a_duo_visit_with_an_interpreter_on_an_evening_is_scheduled(visit, teacher, colleague, rif_interpreter):
    version = visit.version
    visit = visit_schedule(
        visit=visit,
        by=teacher,
        plan=plan(
            visit,
            teacher,
            colleague=colleague,
            interpreter=rif_interpreter,
            family_interpreter="",
            meeting_point="Hoek Kanaalstraat / Damstraat",
        ),
    )
    assert visit.status == S.SCHEDULED
    assert visit.colleague == colleague
    assert visit.interpreter == rif_interpreter
    assert visit.version > version
    assert visit.transitions.last().to_status == S.SCHEDULED


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        (at(22, 19, month=12), "bezoekperiode"),  # after the period
        (at(1, 19), "al voorbij"),  # the clock stands on 2 November
    ],
)
def test_a_day_outside_the_period_or_in_the_past_is_refused(visit, teacher, starts_at, message):
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, starts_at=starts_at))
    assert message in refused(excinfo)


def test_a_school_holiday_of_the_schools_region_is_refused(visit, teacher, programme):
    programme.period_end = datetime.date(2026, 12, 31)
    programme.save()
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, starts_at=at(22, 19, month=12)))
    assert "Kerstvakantie" in refused(excinfo)


def test_a_religious_holiday_warns_and_plans_once_confirmed(visit, teacher):
    diwali = at(8, 18)  # Sunday 8 November 2026
    with pytest.raises(PlanNeedsConfirmation) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, starts_at=diwali))
    [warning] = excinfo.value.warnings
    assert "Divali" in warning.message
    visit = visit_schedule(
        visit=visit, by=teacher, plan=plan(visit, teacher, starts_at=diwali), confirmed={warning.code}
    )
    assert visit.status == S.SCHEDULED


def test_a_longer_visit_and_an_afternoon_slot_warn(visit, teacher):
    with pytest.raises(PlanNeedsConfirmation) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, starts_at=at(4, 13), duration_minutes=90))
    codes = {w.code for w in excinfo.value.warnings}
    assert codes == {"duration", "hours"}


def test_the_pupil_never_interprets(visit, teacher, pupil):
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(
            visit=visit, by=teacher, plan=plan(visit, teacher, family_interpreter=f" {pupil.first_name.upper()} ")
        )
    assert "Een kind tolkt nooit" in refused(excinfo)


def test_the_interpreter_must_speak_the_familys_language(visit, teacher, school):
    turkish = InterpreterFactory(school=school, name="Emine Kaya", languages=["tr"])
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(
            visit=visit,
            by=teacher,
            plan=plan(visit, teacher, interpreter=turkish, family_interpreter="", meeting_point="Hoek"),
        )
    assert "spreekt geen Tarifit" in refused(excinfo)


def test_an_interpreter_of_another_school_is_refused(visit, teacher, other_school):
    stranger = InterpreterFactory(school=other_school, languages=["rif"])
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(
            visit=visit,
            by=teacher,
            plan=plan(visit, teacher, interpreter=stranger, family_interpreter="", meeting_point="Hoek"),
        )
    assert "werkt niet voor deze school" in refused(excinfo)


def test_a_family_that_needs_an_interpreter_but_gets_none_warns(visit, teacher):
    with pytest.raises(PlanNeedsConfirmation) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, family_interpreter=""))
    assert [w.code for w in excinfo.value.warnings] == ["no_interpreter"]


def other_visit(school, school_year, teacher, starts_at, **extra):
    pupil = PupilFactory(school=school)
    other = visit_open(pupil=pupil, school_year=school_year, by=teacher)
    Visit.objects.filter(pk=other.pk).update(status=S.SCHEDULED, starts_at=starts_at, duration_minutes=60, **extra)
    return other


def test_a_teacher_is_never_booked_twice_travel_time_included(visit, teacher, school, school_year):
    other_visit(school, school_year, teacher, at(4, 18))  # 18:00-19:00, travel 15 min
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, starts_at=at(4, 19, 10)))
    assert "heeft dan al een huisbezoek" in refused(excinfo)
    visit = visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, starts_at=at(4, 19, 15)))
    assert visit.status == S.SCHEDULED


def test_the_duo_colleague_is_checked_too(visit, teacher, colleague, school, school_year, women):
    other_visit(school, school_year, colleague, at(4, 19, 30))
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, colleague=colleague))
    assert "Pieter de Vries heeft dan al een huisbezoek" in refused(excinfo)


def test_an_interpreter_is_never_booked_twice(visit, teacher, colleague, school, school_year, rif_interpreter):
    other_visit(school, school_year, colleague, at(4, 18, 30), interpreter=rif_interpreter)
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(
            visit=visit,
            by=teacher,
            plan=plan(visit, teacher, interpreter=rif_interpreter, family_interpreter="", meeting_point="Hoek"),
        )
    assert "De tolk Hafsa Ouali is dan al geboekt" in refused(excinfo)


def test_female_visitor_only_refuses_a_man(visit, colleague, family):
    family.visitor_preference = Family.VisitorPreference.FEMALE_ONLY
    family.save()
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=colleague, plan=plan(visit, colleague))
    assert "alleen een vrouwelijke bezoeker" in refused(excinfo)


def test_no_man_alone_is_met_by_adding_a_female_colleague(visit, teacher, colleague, family):
    family.visitor_preference = Family.VisitorPreference.NO_MAN_ALONE
    family.save()
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=colleague, plan=plan(visit, colleague))
    assert "geen man alleen" in refused(excinfo)
    visit = visit_schedule(visit=visit, by=colleague, plan=plan(visit, colleague, colleague=teacher))
    assert visit.status == S.SCHEDULED


def test_a_visitor_of_unknown_gender_cannot_meet_a_preference(visit, teacher, family):
    User.objects.filter(pk=teacher.pk).update(gender="")
    teacher.refresh_from_db()
    family.visitor_preference = Family.VisitorPreference.NO_MAN_ALONE
    family.save()
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher))
    assert "man of vrouw" in refused(excinfo)


def test_a_sibling_joins_when_their_own_teacher_comes_along(visit, teacher, colleague, school, school_year, pupil):
    group_7 = GroupFactory(school=school, school_year=school_year, name="Groep 7", grade=7)
    GroupTeacherFactory(group=group_7, teacher=colleague)
    sister = PupilFactory(school=school, family=pupil.family, group=group_7, first_name="Imane")
    sisters_visit = visit_open(pupil=sister, school_year=school_year, by=colleague)

    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, pupils=[pupil, sister]))
    assert "Neem de leerkracht van die groep mee" in refused(excinfo)

    visit = visit_schedule(
        visit=visit, by=teacher, plan=plan(visit, teacher, colleague=colleague, pupils=[pupil, sister])
    )
    assert set(visit.pupils.all()) == {pupil, sister}
    assert not Visit.objects.filter(pk=sisters_visit.pk).exists()  # the empty visit merged
    assert VisitPupil.objects.filter(pupil=sister, school_year=school_year).get().visit == visit


def test_a_sibling_with_a_visit_under_way_is_not_taken_over(visit, teacher, colleague, school, school_year, pupil):
    sister = PupilFactory(school=school, family=pupil.family, group=pupil.group, first_name="Imane")
    sisters_visit = visit_open(pupil=sister, school_year=school_year, by=teacher)
    contact_log(visit=sisters_visit, by=teacher, at=at(2, 9), channel="phone", outcome="reached")
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, pupils=[pupil, sister]))
    assert "heeft al een eigen bezoek" in refused(excinfo)


def test_moving_a_visit_is_recorded_as_a_reschedule(visit, teacher):
    visit = visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher))
    visit = visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, starts_at=at(5, 19)))
    last = visit.transitions.last()
    assert (last.from_status, last.to_status) == (S.SCHEDULED, S.SCHEDULED)
    assert last.note.startswith("verzet van")


def test_a_stale_edit_is_refused(visit, teacher):
    old_version = visit.version
    visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher))
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(
            visit=visit, by=teacher, plan=plan(visit, teacher, starts_at=at(5, 19)), expected_version=old_version
        )
    assert "Iemand anders heeft dit bezoek net gewijzigd" in str(excinfo.value)


def test_declining_needs_a_reason_then_the_family_is_invited_at_school(visit, teacher):
    with pytest.raises(ValidationError):
        visit_transition(visit=visit, by=teacher, to_status=S.DECLINED, note="Drukke periode thuis")
    visit = visit_transition(visit=visit, by=teacher, to_status=S.DECLINED, reason=Reason(Visit.DeclineReason.NO_TIME))
    visit = visit_transition(visit=visit, by=teacher, to_status=S.INVITED_AT_SCHOOL)
    assert [t.to_status for t in visit.transitions.all()] == [S.TO_PLAN, S.DECLINED, S.INVITED_AT_SCHOOL]
    assert all(t.by == teacher for t in visit.transitions.all())


def test_a_visit_is_only_visited_once_it_has_begun(visit, teacher):
    visit = visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher))
    with pytest.raises(ValidationError):
        visit_transition(visit=visit, by=teacher, to_status=S.VISITED)
    Visit.objects.filter(pk=visit.pk).update(starts_at=at(2, 8))
    visit = visit_transition(visit=visit, by=teacher, to_status=S.VISITED)
    assert visit.status == S.VISITED


@pytest.mark.parametrize("to_status", [S.REPORTED, S.SCHEDULED, S.VISITED, "nonsense"])
def test_impossible_transitions_are_refused(visit, teacher, to_status):
    with pytest.raises(ValidationError):
        visit_transition(visit=visit, by=teacher, to_status=to_status)


def test_a_cancelled_visit_can_be_planned_again(visit, teacher):
    visit = visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher))
    visit = visit_transition(
        visit=visit, by=teacher, to_status=S.CANCELLED, note="Ziek", reason=Reason(Visit.FailureReason.SCHOOL_CANCELLED)
    )
    assert visit.starts_at is None
    assert visit.failure_reason == Visit.FailureReason.SCHOOL_CANCELLED
    visit = visit_transition(visit=visit, by=teacher, to_status=S.TO_PLAN)
    assert visit.failure_reason == ""
    visit = visit_schedule(visit=visit, by=teacher, plan=plan(visit, teacher, starts_at=at(5, 19)))
    assert visit.status == S.SCHEDULED


def test_the_programme_period_must_lie_in_its_school_year(programme, directie):
    programme.period_end = datetime.date(2027, 8, 1)
    with pytest.raises(ValidationError) as excinfo:
        programme_save(programme=programme, by=directie)
    assert "binnen het schooljaar" in str(excinfo.value)


def test_a_new_calendar_link_revokes_the_old_one_and_only_a_hash_is_stored(teacher, school):
    first = calendar_feed_renew(user=teacher, school=school)
    second = calendar_feed_renew(user=teacher, school=school)
    assert first != second and len(second) >= 43  # 256 bits, URL-safe
    feeds = CalendarFeed.objects.filter(user=teacher)
    assert not feeds.filter(token_hash__in=[first, second]).exists()
    assert feeds.get(token_hash=feed_token_hash(first)).revoked_at is not None
    assert feeds.get(token_hash=feed_token_hash(second)).revoked_at is None
    assert calendar_feed_revoke(user=teacher, school=school) == 1
