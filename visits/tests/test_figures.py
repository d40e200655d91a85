"""The year's figures (visits.selectors.figures / selectors.year_figures): what the dashboard, the team meeting
and the evaluation count, worked out by hand for a small school."""

import datetime
from decimal import Decimal

import pytest

from huisbezoek.models import Role, SchoolYear
from huisbezoek.tests.factories import MembershipFactory, SchoolFactory, SchoolYearFactory, UserFactory
from visits import selectors
from visits.models import Programme, Pupil, Report, Visit
from visits.selectors import board_figures, year_figures
from visits.tests.dashboard_data import consult, fill_school, make_visit
from visits.tests.factories import GroupFactory, GroupTeacherFactory, ProgrammeFactory, PupilFactory, VisitFactory

S = Visit.Status


@pytest.fixture
def season(school, school_year, programme, group, pupil, teacher, colleague, rif_interpreter):
    """Groep 3a (Fatima) with six pupils and Groep 5 (Pieter) with four; see the numbers in the tests."""
    group5 = GroupFactory(school=school, school_year=school_year, name="Groep 5", grade=5)
    GroupTeacherFactory(group=group5, teacher=colleague)
    g3 = [pupil] + [PupilFactory(school=school, group=group) for _ in range(5)]
    sibling = PupilFactory(school=school, group=group5, family=pupil.family)
    g5 = [sibling] + [PupilFactory(school=school, group=group5) for _ in range(3)]

    make_visit([pupil, sibling], S.REPORTED, lead=teacher, attempts=["reached"], minutes=(50, 20, 20))
    g3[1].family.interpreter_needed, g3[1].family.interpreter_language = True, "rif"
    g3[1].family.save()
    make_visit([g3[1]], S.SCHEDULED, lead=teacher, attempts=["reached"], interpreter=rif_interpreter)
    make_visit([g3[2]], S.DECLINED, lead=teacher, decline_reason=Visit.DeclineReason.NO_TIME)
    make_visit([g3[3]], S.INVITED_AT_SCHOOL, lead=teacher, decline_reason=Visit.DeclineReason.NO_TIME)
    make_visit([g3[4]], S.TO_PLAN, lead=teacher, attempts=["no_answer", "no_answer", "voicemail"])
    # g3[5] has no visit yet.
    g5[1].family.interpreter_needed, g5[1].family.interpreter_language = True, "tr"
    g5[1].family.save()
    visited = make_visit([g5[1]], S.VISITED, lead=colleague, family_interpreter="Oom Mehmet")
    make_visit(
        [g5[2]],
        S.UNREACHABLE,
        lead=colleague,
        attempts=["wrong_number"],
        failure_reason=Visit.FailureReason.WRONG_CONTACT,
    )
    flagged = make_visit([g5[3]], S.REPORTED, lead=colleague, minutes=(60, 15, 30), flag=Report.Urgency.URGENT)
    consult(visited, colleague, answered=True)
    consult(flagged, colleague)
    return {"group3": group, "group5": group5}


def test_the_school_total_counts_each_cohort_pupil_once_by_visit_status(season, school, school_year):
    figures = selectors.year_figures(school=school, school_year=school_year)
    total = figures.total
    assert total.cohort == 10
    assert total.counts() == {
        "to_plan": 2,
        "contacted": 0,
        "scheduled": 1,
        "visited": 1,
        "reported": 3,
        "declined": 1,
        "invited_at_school": 1,
        "unreachable": 1,
        "cancelled": 0,
        "talk_planned": 0,
        "talk_held": 0,
    }
    assert (total.settled, total.on_track, total.still_open) == (6, 7, 3)
    # 90 minutes shared by two siblings + 105 minutes = 195 minutes; budget 10 pupils x 2.0 hours.
    assert total.hours_spent == Decimal("3.3")
    assert total.hours_budgeted == Decimal("20.0")
    assert (figures.reports_submitted, figures.minutes_reported) == (2, 195)
    assert figures.hours_per_reported_visit == Decimal("1.6")


def test_rows_per_group_and_per_teacher(season, school, school_year):
    figures = year_figures(school=school, school_year=school_year)
    assert [(r.label, r.progress.cohort) for r in figures.groups] == [("Groep 3a", 6), ("Groep 5", 4)]
    g3, g5 = (r.progress for r in figures.groups)
    assert (g3.to_plan, g3.scheduled, g3.reported, g3.declined, g3.invited_at_school) == (2, 1, 1, 1, 1)
    assert (g5.visited, g5.reported, g5.unreachable) == (1, 2, 1)
    assert (g3.hours_spent, g5.hours_spent) == (Decimal("0.8"), Decimal("2.5"))  # 45 and 45 + 105 minutes
    assert (g3.hours_budgeted, g5.hours_budgeted) == (Decimal("12.0"), Decimal("8.0"))
    assert [(r.label, r.progress.cohort, r.progress.reported) for r in figures.teachers] == [
        ("Fatima Bakker", 6, 1),
        ("Pieter de Vries", 4, 2),
    ]


def test_where_appointments_fail_interpreters_and_care_counts(season, school, school_year):
    figures = year_figures(school=school, school_year=school_year)
    assert [(t.label, t.count, t.percent) for t in figures.decline_reasons] == [
        ("Geen tijd (werk, diensten, drukte)", 2, 100)
    ]
    assert figures.declined_families == 2
    assert [(t.code, t.count) for t in figures.failure_reasons] == [("wrong_contact", 1)]
    assert figures.failed_families == 1
    assert [(o.code, o.attempts, o.families) for o in figures.contact_outcomes] == [
        ("reached", 2, 2),
        ("no_answer", 2, 1),
        ("voicemail", 1, 1),
        ("wrong_number", 1, 1),
    ]
    assert (figures.families_tried, figures.stuck_families) == (4, 1)
    assert [(u.language, u.needed, u.school_interpreter, u.family_interpreter) for u in figures.interpreters] == [
        ("rif", 1, 1, 0),
        ("tr", 1, 0, 1),
    ]
    assert figures.interpreter_visits == 2
    assert {t.code: t.count for t in figures.flags} == {"normal": 0, "urgent": 1, "acute": 0}
    assert (figures.flags_total, figures.care_open, figures.care_closed) == (1, 1, 0)
    assert (figures.consults_asked, figures.consults_answered) == (2, 1)


def test_the_period_timeline_and_groups_behind_schedule(season, school, school_year):
    figures = year_figures(school=school, school_year=school_year)  # the clock: 2 November
    assert (figures.period_start, figures.period_end) == (datetime.date(2026, 10, 26), datetime.date(2026, 12, 18))
    assert (figures.period_days, figures.period_days_passed, figures.period_days_left) == (54, 8, 46)
    assert figures.behind_groups == ()
    at_the_end = year_figures(school=school, school_year=school_year, day=datetime.date(2026, 12, 18))
    assert at_the_end.period_share_passed == 1.0
    # Groep 3a: 4 of 6 settled or scheduled; Groep 5: 3 of 4 — both trail a finished period.
    assert [r.label for r in at_the_end.behind_groups] == ["Groep 3a", "Groep 5"]
    before = year_figures(school=school, school_year=school_year, day=datetime.date(2026, 9, 1))
    assert before.period_share_passed == 0.0 and before.period_days_left == 54


def test_one_group_only(season, school, school_year):
    figures = year_figures(school=school, school_year=school_year, group=season["group5"])
    assert [r.label for r in figures.groups] == ["Groep 5"]
    assert [r.label for r in figures.teachers] == ["Pieter de Vries"]
    assert figures.total.cohort == 4
    assert figures.decline_reasons == ()
    assert [u.language for u in figures.interpreters] == ["tr"]
    assert (figures.flags_total, figures.consults_asked, figures.stuck_families) == (1, 2, 0)


def test_the_cohort_rule_of_the_programme_decides_who_counts(season, school, school_year, programme):
    programme.cohort = Programme.Cohort.GROUPS
    programme.save()
    programme.cohort_groups.set([season["group5"]])
    figures = year_figures(school=school, school_year=school_year)
    assert [r.label for r in figures.groups] == ["Groep 5"]
    assert figures.total.cohort == 4


def test_another_year_has_its_own_figures_and_a_year_without_programme_is_empty(season, school, school_year):
    last_year = SchoolYearFactory(
        school=school, label="2025-2026", start=datetime.date(2025, 8, 25), end=datetime.date(2026, 7, 10)
    )
    figures = year_figures(school=school, school_year=last_year)
    assert not figures.has_programme
    assert figures.total.cohort == 0 and figures.groups == () and figures.flags_total == 0
    assert figures.period_share_passed == 0.0

    ProgrammeFactory(
        school=school,
        school_year=last_year,
        period_start=datetime.date(2025, 9, 15),
        period_end=datetime.date(2025, 12, 19),
        hours_per_visit=Decimal("1.5"),
    )
    old_group = GroupFactory(school=school, school_year=last_year, name="Groep 2", grade=2)
    old = [PupilFactory(school=school, group=old_group) for _ in range(3)]
    make_visit([old[0]], S.REPORTED, lead=UserFactory(), minutes=(60, 30, 30))
    figures = year_figures(school=school, school_year=last_year)
    assert figures.period_share_passed == 1.0  # that period is over
    assert (figures.total.cohort, figures.total.reported, figures.total.hours_spent) == (3, 1, Decimal("2.0"))
    assert figures.total.hours_budgeted == Decimal("4.5")
    assert year_figures(school=school, school_year=school_year).total.cohort == 10  # this year unchanged


def test_nothing_of_another_school_counts(season, school, school_year, other_school):
    other_year = SchoolYearFactory(school=other_school)
    ProgrammeFactory(
        school=other_school, school_year=other_year, period_start=other_year.start, period_end=other_year.end
    )
    other_pupil = PupilFactory(school=other_school, group=GroupFactory(school=other_school, school_year=other_year))
    make_visit([other_pupil], S.DECLINED, lead=UserFactory(), decline_reason="no_time", attempts=["no_answer"] * 3)
    figures = year_figures(school=school, school_year=school_year)
    assert figures.total.cohort == 10
    assert figures.declined_families == 2 and figures.stuck_families == 1
    with pytest.raises(ValueError):
        year_figures(school=other_school, school_year=school_year)


def test_figures_are_frozen_and_hold_no_report_content(season, school, school_year):
    figures = year_figures(school=school, school_year=school_year)
    with pytest.raises(AttributeError):
        figures.total = None  # type: ignore[misc]
    text = repr(figures)
    for secret in ("Geheime kern", "Vertrouwelijk", "Reden die", "Vertrouwelijke vraag"):
        assert secret not in text


# Was 10 with the programme: now read with the school year (``select_related("programme")``, as the
# dashboard and the board view do). Group rows; mentors; reasons and talks at school; attempts;
# tried/stuck; interpreters; reports; care cases; consults.
FIGURES_QUERIES = 9
BOARD_FIGURES_QUERIES = 6


@pytest.mark.parametrize("size", [(1, 2), (3, 6)])
def test_year_figures_run_a_fixed_number_of_queries(school, school_year, teacher, size, django_assert_num_queries):
    fill_school(school, school_year, *size, lead=teacher)
    year = SchoolYear.objects.select_related("programme").get(pk=school_year.pk)
    with django_assert_num_queries(FIGURES_QUERIES):
        figures = year_figures(school=school, school_year=year)
    assert figures.total.cohort == size[0] * size[1]


@pytest.mark.parametrize("n_schools", [1, 4])
def test_board_figures_run_a_fixed_number_of_queries_whatever_the_number_of_schools(
    board, n_schools, django_assert_num_queries
):
    schools = []
    for i in range(n_schools):
        school = SchoolFactory(board=board, name=f"School {i}")
        lead = UserFactory()
        MembershipFactory(user=lead, school=school, role=Role.TEACHER)
        fill_school(school, SchoolYearFactory(school=school), 2, 3 + i, lead=lead)
        schools.append(school)
    # The board's summary: the schools' current years, progress, stuck, interpreters, flags, consults.
    with django_assert_num_queries(BOARD_FIGURES_QUERIES):
        figures = board_figures(schools=schools, day=datetime.date(2026, 11, 2))
    assert [f.school_name for f in figures] == [s.name for s in schools]
    assert [f.total.cohort for f in figures] == [2 * (3 + i) for i in range(n_schools)]
    # The same numbers as each school on its own.
    for school, board_row in zip(schools, figures, strict=True):
        alone = year_figures(school=school, school_year=school.school_years.get(), day=datetime.date(2026, 11, 2))
        assert alone.total == board_row.total
        assert [(r.key, r.progress, r.behind) for r in alone.groups] == [
            (r.key, r.progress, r.behind) for r in board_row.groups
        ]
        assert (alone.stuck_families, alone.interpreters, alone.flags, alone.consults_asked) == (
            board_row.stuck_families,
            board_row.interpreters,
            board_row.flags,
            board_row.consults_asked,
        )
        # What the board does not show is not computed for it.
        assert board_row.decline_reasons == board_row.contact_outcomes == board_row.teachers == ()


def test_a_pupil_who_left_before_the_period_does_not_count(season, school, school_year, group):
    gone = PupilFactory(school=school, group=group, left_on=datetime.date(2026, 10, 1))
    during = PupilFactory(school=school, group=group, left_on=datetime.date(2026, 11, 1))
    figures = year_figures(school=school, school_year=school_year)
    assert figures.total.cohort == 11  # ten, plus the pupil who left during the period
    assert gone.pk != during.pk


def test_the_board_counts_each_schools_cohort_by_its_own_rule(board):
    """The board reads every school's cohort in one query, each by its own programme: everyone, first
    years and new entrants, chosen groups, or every other year (minus those visited last year); a pupil
    who left before the period is out. The same numbers as ``in_cohort`` and as each school alone."""
    C, F = Programme.Cohort, Programme.Frequency
    rules = [(C.ALL, F.YEARLY), (C.FIRST_YEARS_AND_NEW, F.YEARLY), (C.GROUPS, F.YEARLY), (C.ALL, F.EVERY_OTHER_YEAR)]
    schools = []
    for i, (cohort, frequency) in enumerate(rules):
        school = SchoolFactory(board=board, name=f"School {i}")
        last_year = SchoolYearFactory(school=school, start=datetime.date(2025, 8, 18), end=datetime.date(2026, 7, 17))
        year_before = SchoolYearFactory(school=school, start=datetime.date(2024, 8, 19), end=datetime.date(2025, 7, 18))
        year = SchoolYearFactory(school=school)
        programme = ProgrammeFactory(school=school, school_year=year, cohort=cohort, frequency=frequency)
        first, fifth = (GroupFactory(school=school, school_year=year, grade=g) for g in (1, 5))
        programme.cohort_groups.set([fifth])
        PupilFactory(school=school, group=first)
        PupilFactory(school=school, group=fifth)
        PupilFactory(school=school, group=fifth, is_new_entrant=True)
        PupilFactory(school=school, group=fifth, left_on=datetime.date(2026, 9, 1))  # left before the period
        visited_last_year = PupilFactory(school=school, group=first)
        VisitFactory(pupil=visited_last_year, school_year=last_year, status=Visit.Status.REPORTED)
        # Visited two years ago and planned this year: their turn again, also every other year.
        visited_before = PupilFactory(school=school, group=fifth)
        VisitFactory(pupil=visited_before, school_year=year_before, status=Visit.Status.REPORTED)
        VisitFactory(pupil=visited_before, school_year=year, status=Visit.Status.SCHEDULED)
        schools.append((school, year, programme))

    figures = board_figures(schools=[s for s, _, _ in schools], day=datetime.date(2026, 11, 2))

    assert [f.total.cohort for f in figures] == [5, 3, 3, 4]
    assert [f.total.scheduled for f in figures] == [1, 0, 1, 1]
    for (school, year, programme), board_row in zip(schools, figures, strict=True):
        pupils = Pupil.objects.filter(school=school).exclude(left_on__lt=programme.period_start)
        assert selectors.in_cohort(pupils, programme).count() == board_row.total.cohort
        alone = year_figures(school=school, school_year=year, day=datetime.date(2026, 11, 2))
        assert alone.total == board_row.total
