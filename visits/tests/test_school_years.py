"""School years: a pupil's group per year (Enrolment), a year's cohort and figures read from that year's
groups (so last year's figures do not change when pupils move up), preparing next year (programme,
groups, import) and starting the new school year (the nightly task and the administrator's button)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Exists, OuterRef
from django.urls import reverse

from demo.builder import build_demo
from huisbezoek.tests.factories import SchoolYearFactory, UserFactory
from visits.enrolments.services import enrolment_set, enrolments_set, year_start, year_start_sweep
from visits.models import Enrolment, Group, GroupTeacher, Programme, Pupil, YearStart
from visits.selectors import evaluation_families, evaluation_groups, group_year, in_cohort, year_figures
from visits.services import programme_save
from visits.tests.dashboard_data import make_visit
from visits.tests.factories import (
    EnrolmentFactory,
    GroupFactory,
    GroupTeacherFactory,
    ProgrammeFactory,
    PupilFactory,
)
from visits.tests.helpers import AMS
from visits.tests.import_files import csv_bytes, pupil, run_import

DASHBOARD = reverse("dashboard:dashboard")
TEAM = reverse("dashboard:team_meeting")
PROGRAMME = reverse("visits:programme_edit")
GROUPS = reverse("visits:group_list")
YEAR_START = reverse("visits:year_start")
IMPORT = reverse("visits:import_upload")
CONFIRM = reverse("visits:import_confirm")


def last_year_of(school):
    return SchoolYearFactory(
        school=school, label="2025-2026", start=datetime.date(2025, 8, 25), end=datetime.date(2026, 7, 10)
    )


def next_year_of(school):
    return SchoolYearFactory(
        school=school, label="2027-2028", start=datetime.date(2027, 8, 16), end=datetime.date(2028, 7, 14)
    )


def without_enrolment():
    """Pupils with a current group but no enrolment in that group for the group's year."""
    matching = Enrolment.objects.filter(
        pupil=OuterRef("pk"), group=OuterRef("group"), school_year=OuterRef("group__school_year")
    )
    return Pupil.objects.filter(group__isnull=False).exclude(Exists(matching))


def main_html(response) -> str:
    """The page's main part, without the per-request security tokens."""
    html = response.content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


# --- The enrolment is written wherever a pupil's group is ---------------------------------


def test_every_pupil_with_a_group_is_enrolled_in_it_in_the_demo_the_factories_and_the_import(
    school, school_year, administrator
):
    build_demo(scale=2)
    PupilFactory.create_batch(3, school=school, group=GroupFactory(school=school, school_year=school_year))
    run_import(csv_bytes([pupil(1), pupil(2, groep="Groep 5")]), school, school_year, administrator)

    assert Pupil.objects.filter(group__isnull=False).count() > 600
    assert not without_enrolment().exists()
    assert Enrolment.objects.filter(pupil__external_id="T00002", group__name="Groep 5").exists()


def test_an_enrolment_refuses_a_group_of_another_year_or_school(school, school_year, pupil, other_school):
    last = last_year_of(school)
    with pytest.raises(ValidationError):
        Enrolment(pupil=pupil, school_year=last, group=pupil.group).full_clean()
    foreign = GroupFactory(school=other_school, school_year=SchoolYearFactory(school=other_school))
    with pytest.raises(ValidationError):
        enrolment_set(pupil=pupil, school_year=school_year, group=foreign)
    with pytest.raises(ValidationError):
        enrolment_set(pupil=pupil, school_year=last, group=pupil.group)
    assert Enrolment.objects.get(pupil=pupil).group == pupil.group


def test_setting_next_years_group_leaves_the_current_group_and_this_year_alone(school, school_year, pupil):
    following = next_year_of(school)
    group4 = GroupFactory(school=school, school_year=following, name="Groep 4", grade=4)
    assert enrolment_set(pupil=pupil, school_year=following, group=group4)
    pupil.refresh_from_db()
    assert pupil.group.school_year == school_year  # still this year's group
    assert set(pupil.groups.all()) == {pupil.group, group4}
    assert not enrolment_set(pupil=pupil, school_year=following, group=group4)  # nothing changes
    # This year's group, set again, is the current group as well.
    other = GroupFactory(school=school, school_year=school_year, name="Groep 3b")
    enrolment_set(pupil=pupil, school_year=school_year, group=other)
    pupil.refresh_from_db()
    assert pupil.group == other


# --- A year's cohort and figures -----------------------------------------------------------


@pytest.fixture
def last_season(school, teacher, colleague):
    """Last school year (2025-2026): Groep 2 (mentor: teacher) with four pupils, visited, reported and
    declined; Groep 7 (mentor: colleague) with two. The pupils' current group is still last year's."""
    last = last_year_of(school)
    ProgrammeFactory(
        school=school,
        school_year=last,
        period_start=datetime.date(2025, 9, 15),
        period_end=datetime.date(2025, 12, 19),
        hours_per_visit=Decimal("1.5"),
    )
    group2 = GroupFactory(school=school, school_year=last, name="Groep 2", grade=2)
    group7 = GroupFactory(school=school, school_year=last, name="Groep 7", grade=7)
    GroupTeacherFactory(group=group2, teacher=teacher)
    GroupTeacherFactory(group=group7, teacher=colleague)
    young = [PupilFactory(school=school, group=group2) for _ in range(4)]
    old = [PupilFactory(school=school, group=group7) for _ in range(2)]
    reported = make_visit([young[0]], "reported", lead=teacher, minutes=(60, 30, 30), flag="urgent")
    make_visit([young[1]], "declined", lead=teacher, decline_reason="Geen tijd", attempts=["reached"])
    make_visit([young[2]], "to_plan", lead=teacher, attempts=["no_answer"] * 3)
    make_visit([old[0]], "visited", lead=colleague)
    return {"year": last, "young": young, "old": old, "group2": group2, "group7": group7, "reported": reported}


def move_up(school, school_year, season):
    """The new year: Groep 2 moves to Groep 3 (one stays in Groep 2), Groep 7 to Groep 8 (one leaves)."""
    group3 = GroupFactory(school=school, school_year=school_year, name="Groep 3", grade=3)
    group2 = GroupFactory(school=school, school_year=school_year, name="Groep 2", grade=2)
    group8 = GroupFactory(school=school, school_year=school_year, name="Groep 8", grade=8)
    GroupTeacherFactory(group=group3, teacher=UserFactory())
    young, old = season["young"], season["old"]
    enrolments_set(
        school_year=school_year,
        groups=[(young[0], group3), (young[1], group3), (young[2], group3), (young[3], group2), (old[0], group8)],
    )
    return {"group3": group3, "group8": group8}


def test_last_years_figures_and_pages_are_the_same_after_the_pupils_move_up(
    client, directie, school, school_year, last_season
):
    last = last_season["year"]
    client.force_login(directie)
    figures = year_figures(school=school, school_year=last)
    dashboard = main_html(client.get(DASHBOARD, {"jaar": last.pk}))
    team = main_html(client.get(TEAM, {"jaar": last.pk}))
    groups = evaluation_groups(school=school, school_year=last)
    families = evaluation_families(school=school, school_year=last)
    assert [(r.label, r.progress.cohort) for r in figures.groups] == [("Groep 2", 4), ("Groep 7", 2)]
    assert (figures.total.reported, figures.total.declined, figures.flags_total) == (1, 1, 1)
    assert "Groep 2" in team  # the stuck family's group

    move_up(school, school_year, last_season)
    year_start_sweep()  # the leaver keeps no current group
    assert Pupil.objects.get(pk=last_season["young"][0].pk).group.name == "Groep 3"
    assert Pupil.objects.get(pk=last_season["old"][1].pk).group is None

    assert year_figures(school=school, school_year=last) == figures
    assert main_html(client.get(DASHBOARD, {"jaar": last.pk})) == dashboard
    assert main_html(client.get(TEAM, {"jaar": last.pk})) == team
    assert evaluation_groups(school=school, school_year=last) == groups
    assert evaluation_families(school=school, school_year=last) == families
    # One group's figures of last year, too.
    assert year_figures(school=school, school_year=last, group=last_season["group2"]).total.cohort == 4


def test_each_year_has_its_own_cohort_from_its_enrolments(school, school_year, last_season):
    last = last_season["year"]
    moved = move_up(school, school_year, last_season)
    this_programme = ProgrammeFactory(school=school, school_year=school_year, cohort=Programme.Cohort.GROUPS)
    this_programme.cohort_groups.set([moved["group3"]])
    pupils = Pupil.objects.filter(school=school)
    assert set(in_cohort(pupils, last.programme)) == set(last_season["young"] + last_season["old"])
    assert set(in_cohort(pupils, this_programme)) == set(last_season["young"][:3])
    # First-years: grade 1 of *that* year; last year's grade-2 pupils are no first-years this year either.
    this_programme.cohort = Programme.Cohort.FIRST_YEARS_AND_NEW
    first = GroupFactory(school=school, school_year=school_year, name="Groep 1", grade=1)
    starter = PupilFactory(school=school, group=first)
    assert list(in_cohort(pupils, this_programme)) == [starter]
    figures = year_figures(school=school, school_year=school_year)
    assert [r.label for r in figures.groups] == ["Groep 3"]  # the chosen group only


# --- Preparing next year: the programme ------------------------------------------------------


@pytest.fixture
def summer():
    with time_machine.travel(datetime.datetime(2027, 7, 15, 10, 0, tzinfo=AMS), tick=True):
        yield


PROGRAMME_FORM = {
    "period_start": "2027-09-20",
    "period_end": "2027-11-26",
    "cohort": "all",
    "frequency": "yearly",
    "visit_minutes": "60",
    "hours_per_visit": "2.0",
    "travel_minutes": "15",
    "evening_start": "16:00",
    "evening_end": "21:00",
    "agenda_template": "Kennismaken",
}


def test_the_directie_prepares_next_years_programme_in_summer(client, directie, school, school_year, summer):
    following = next_year_of(school)
    client.force_login(directie)
    page = client.get(PROGRAMME)
    html = page.content.decode()
    assert page.context["school_year"] == school_year  # this year first
    assert f"?schooljaar={following.pk}" in html and "2027-2028 (volgend jaar)" in html

    response = client.post(f"{PROGRAMME}?schooljaar={following.pk}", PROGRAMME_FORM)
    assert response.status_code == 302 and response.url == f"{PROGRAMME}?schooljaar={following.pk}"
    saved = Programme.objects.get(school_year=following)
    assert (saved.period_start, saved.school) == (datetime.date(2027, 9, 20), school)
    assert not Programme.objects.filter(school_year=school_year).exists()
    assert "U bereidt schooljaar 2027-2028 voor" in client.get(response.url).content.decode()


def test_a_year_that_has_ended_or_another_schools_year_cannot_be_chosen(
    client, directie, school, school_year, other_school
):
    last = last_year_of(school)
    client.force_login(directie)
    assert client.get(PROGRAMME, {"schooljaar": last.pk}).status_code == 404
    assert client.get(PROGRAMME, {"schooljaar": SchoolYearFactory(school=other_school).pk}).status_code == 404
    assert client.post(f"{PROGRAMME}?schooljaar={last.pk}", PROGRAMME_FORM).status_code == 404
    with pytest.raises(ValidationError, match="voorbij"):
        programme_save(
            programme=Programme(school=school, school_year=last, period_start=last.start, period_end=last.start),
            by=directie,
        )
    assert not Programme.objects.exists()


# --- Preparing next year: the groups page -------------------------------------------------------


def test_the_administrator_links_teachers_to_next_years_groups(client, administrator, school, school_year, colleague):
    following = next_year_of(school)
    group4 = GroupFactory(school=school, school_year=following, name="Groep 4", grade=4)
    EnrolmentFactory(pupil=PupilFactory(school=school, group=None), group=group4)
    client.force_login(administrator)
    page = client.get(GROUPS)
    assert "Groep 4" not in main_html(page)
    page = client.get(GROUPS, {"schooljaar": following.pk})
    html = main_html(page)
    assert "Groep 4" in html and "Leerjaar 4 · 1 leerling" in html

    response = client.post(
        reverse("visits:group_teacher_add", args=[group4.pk]), {"teacher": colleague.pk, "kind": "mentor"}
    )
    assert response.url == f"{GROUPS}?schooljaar={following.pk}#groep-{group4.pk}"
    assert GroupTeacher.objects.filter(group=group4, teacher=colleague).exists()


def test_last_years_group_teachers_stay_as_they_were(client, administrator, school, school_year, colleague):
    old = GroupFactory(school=school, school_year=last_year_of(school))
    link = GroupTeacherFactory(group=old, teacher=colleague)
    client.force_login(administrator)
    client.post(reverse("visits:group_teacher_add", args=[old.pk]), {"teacher": colleague.pk, "kind": "teacher"})
    response = client.post(reverse("visits:group_teacher_remove", args=[link.pk]), follow=True)
    assert "is voorbij" in response.content.decode()
    assert GroupTeacher.objects.get(pk=link.pk).kind == GroupTeacher.Kind.MENTOR


# --- Preparing next year: the import ---------------------------------------------------------


def test_an_import_for_next_year_leaves_this_year_untouched(client, administrator, school, school_year, summer):
    following = next_year_of(school)
    this_group = GroupFactory(school=school, school_year=school_year, name="Groep 4", grade=4)
    staying = PupilFactory(school=school, group=this_group, external_id="T00001")
    client.force_login(administrator)
    page = client.get(IMPORT)
    assert [c[1] for c in page.context["form"].fields["school_year"].choices] == [
        "2026-2027 (dit jaar)",
        "2027-2028 (volgend jaar)",
    ]

    data = csv_bytes([pupil(1, groep="Groep 5"), pupil(2, groep="Groep 1")])
    preview = client.post(
        IMPORT, {"file": SimpleUploadedFile("next.csv", data, "text/csv"), "school_year": following.pk}
    )
    assert preview.context["school_year"] == following
    token = preview.context["confirm_form"].initial["token"]
    result = client.post(CONFIRM, {"token": token})
    assert result.status_code == 200 and result.context["school_year"] == following

    staying.refresh_from_db()
    assert staying.group == this_group  # this year's group is still the current group
    assert Enrolment.objects.get(pupil=staying, school_year=school_year).group == this_group
    assert Enrolment.objects.get(pupil=staying, school_year=following).group.name == "Groep 5"
    newcomer = Pupil.objects.get(external_id="T00002")
    assert newcomer.group is None and newcomer.enrolments.get().group.name == "Groep 1"
    assert set(Group.objects.filter(school_year=following).values_list("name", flat=True)) == {"Groep 1", "Groep 5"}
    assert set(Group.objects.filter(school_year=school_year).values_list("name", flat=True)) == {"Groep 4"}


def test_a_complete_list_is_only_for_the_current_year(client, administrator, school, school_year, summer):
    following = next_year_of(school)
    PupilFactory(school=school, group=GroupFactory(school=school, school_year=school_year), external_id="X1")
    client.force_login(administrator)
    page = client.post(
        IMPORT,
        {
            "file": SimpleUploadedFile("next.csv", csv_bytes([pupil(1)]), "text/csv"),
            "school_year": following.pk,
            "complete": "on",
        },
    )
    assert "alleen voor het huidige schooljaar" in page.content.decode()
    assert not Pupil.objects.filter(left_on__isnull=False).exists()


# --- Starting the new school year -------------------------------------------------------------


@pytest.fixture
def next_year_ready(school, school_year, group, pupil):
    """This year's Groep 3a pupils (``pupil`` fixture and two more); next year two are in Groep 4, one in none."""
    following = next_year_of(school)
    group4 = GroupFactory(school=school, school_year=following, name="Groep 4", grade=4)
    now_group = group
    pupils = list(Pupil.objects.filter(group=now_group)) + [PupilFactory(school=school, group=now_group) for _ in "ab"]
    enrolments_set(school_year=following, groups=[(pupils[0], group4), (pupils[1], group4)])
    return {"year": following, "group4": group4, "pupils": pupils, "now_group": now_group}


def test_the_nightly_task_starts_the_new_year_on_its_first_day_once(school, school_year, next_year_ready):
    pupils, group4 = next_year_ready["pupils"], next_year_ready["group4"]
    assert year_start_sweep(day=datetime.date(2027, 8, 15)) == [school_year.pk]  # this year, never started
    assert Pupil.objects.get(pk=pupils[0].pk).group == next_year_ready["now_group"]  # nothing moved

    first_day = datetime.date(2027, 8, 16)
    assert year_start_sweep(day=first_day) == [next_year_ready["year"].pk]
    moved = {p.pk: p.group for p in Pupil.objects.filter(pk__in=[p.pk for p in pupils])}
    assert moved == {pupils[0].pk: group4, pupils[1].pk: group4, pupils[2].pk: None}
    leaver = Pupil.objects.get(pk=pupils[2].pk)
    assert leaver.left_on is None  # not marked as left: the administrator handles leavers
    assert group_year(school=school, day=first_day) == next_year_ready["year"]

    # Again (the next night, or twice the same night): nothing changes.
    assert year_start_sweep(day=first_day) == []
    assert year_start_sweep(day=datetime.date(2027, 8, 17)) == []
    assert {p.pk: p.group for p in Pupil.objects.filter(pk__in=moved)} == moved
    assert YearStart.objects.filter(school_year=next_year_ready["year"]).count() == 1


def test_the_administrator_sees_what_changes_and_may_start_two_weeks_early(
    client, administrator, school, school_year, next_year_ready
):
    year_start_sweep(day=datetime.date(2026, 11, 2))  # this year has started
    client.force_login(administrator)
    page = client.get(YEAR_START)
    html = main_html(page)
    assert "2 leerlingen gaan naar een nieuwe groep." in html
    assert "1 leerling heeft volgend schooljaar geen groep." in html
    assert "Nieuw schooljaar nu starten" not in html
    assert "vanaf 2 augustus 2027" in html

    response = client.post(YEAR_START, follow=True)  # too early: refused, and why
    assert "vanaf 2 augustus 2027" in response.content.decode()
    assert Pupil.objects.get(pk=next_year_ready["pupils"][0].pk).group == next_year_ready["now_group"]

    with time_machine.travel(datetime.datetime(2027, 8, 3, 9, 0, tzinfo=AMS), tick=True):
        client.force_login(administrator)  # a new session, nine months later
        assert "Nieuw schooljaar nu starten" in main_html(client.get(YEAR_START))
        response = client.post(YEAR_START, follow=True)
        assert "Schooljaar 2027-2028 is gestart" in response.content.decode()
        assert Pupil.objects.get(pk=next_year_ready["pupils"][0].pk).group == next_year_ready["group4"]
        assert group_year(school=school) == next_year_ready["year"]
        # The nightly task does not turn it back before the first day, nor starts it again after.
        assert year_start_sweep() == []
    assert year_start_sweep(day=datetime.date(2027, 8, 16)) == []
    assert Pupil.objects.get(pk=next_year_ready["pupils"][0].pk).group == next_year_ready["group4"]
    assert Pupil.objects.get(pk=next_year_ready["pupils"][2].pk).group is None


def test_only_the_administrator_starts_a_year(client, directie, school, school_year, next_year_ready):
    client.force_login(directie)
    assert client.post(YEAR_START).status_code == 403
    with pytest.raises(PermissionDenied):
        year_start(school=school, by=directie, day=datetime.date(2027, 8, 16))
    assert not YearStart.objects.exists()


def test_without_a_next_year_the_page_says_so(client, administrator, school, school_year):
    year_start_sweep(day=datetime.date(2026, 11, 2))
    client.force_login(administrator)
    html = main_html(client.get(YEAR_START))
    assert "Er is nog geen volgend schooljaar" in html
    assert "Nieuw schooljaar nu starten" not in html


def test_the_beat_task_starts_the_years_that_have_begun(school, school_year, pupil):
    from visits.enrolments.tasks import year_start_daily

    assert year_start_daily.apply().get() == 1  # this year had not started yet
    assert year_start_daily.apply().get() == 0
    assert YearStart.objects.get().school_year == school_year
    assert Pupil.objects.get(pk=pupil.pk).group == pupil.group
