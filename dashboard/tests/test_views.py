"""The directie's dashboard, the team-meeting view and its CSV and PDF, and the board view, as people
see them: the numbers, the charts with their tables, the filters, who may open them, and the queries."""

import csv
import datetime
import io
import re
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huisbezoek.access import SESSION_SCHOOL_KEY
from huisbezoek.models import Membership, Role
from huisbezoek.tests.factories import MembershipFactory, SchoolFactory, SchoolYearFactory, UserFactory
from visits.models import Programme, Visit
from visits.tests.dashboard_data import fill_school
from visits.tests.factories import GroupFactory

S = Visit.Status
DASHBOARD = reverse("dashboard:dashboard")
TEAM = reverse("dashboard:team_meeting")
CSV = reverse("dashboard:team_meeting_csv")
PDF = reverse("dashboard:team_meeting_pdf")
BOARD = reverse("dashboard:board")
SECRETS = ("Geheime kern", "Vertrouwelijk", "Reden die", "Vertrouwelijke vraag")


def text(response):
    return response.content.decode()


def test_directie_sees_progress_per_group_and_teacher_with_charts_and_tables(client, directie, season):
    client.force_login(directie)
    page = client.get(DASHBOARD)
    assert page.status_code == 200
    html = text(page)
    assert "Dashboard huisbezoeken" in html
    assert "Bezoekperiode 26 oktober 2026 tot en met 18 december 2026" in html
    assert "8 van de 54 dagen zijn voorbij; nog 46 dagen te gaan" in html
    figures = page.context["figures"]
    assert figures.total.cohort == 8
    assert [(r.label, r.progress.cohort) for r in figures.groups] == [("Groep 3a", 4), ("Groep 5", 4)]
    # Each chart is an accessible image, and its numbers are in a table.
    for chart_id in ("chart-groups", "chart-teachers", "chart-declines", "chart-interpreters", "chart-hours"):
        assert f'id="{chart_id}"' in html and f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in html
    assert html.count('role="img"') >= 5
    assert "<caption>Leerlingen per groep en stand van het huisbezoek</caption>" in html
    assert "Fatima Bakker" in html and "Pieter de Vries" in html
    assert "Huis wordt verbouwd" not in html  # what was typed beside "anders" stays on the visit
    assert re.search(r'<td>Anders</td><td class="text-end">1</td><td class="text-end">100%</td>', html)
    assert "Tarifit" in html  # interpreter language
    assert "1,5 / 16,0" in html  # hours spent / budgeted: 90 minutes; 8 pupils x 2.0
    for secret in SECRETS:
        assert secret not in html


def test_the_dashboard_is_in_the_directie_menu(client, directie, teacher):
    client.force_login(directie)
    assert DASHBOARD in text(client.get(reverse("home")))
    client.force_login(teacher)
    assert DASHBOARD not in text(client.get(reverse("home")))


def test_filter_on_a_group(client, directie, season):
    client.force_login(directie)
    page = client.get(DASHBOARD, {"groep": season["group5"].pk})
    assert page.status_code == 200
    assert [r.label for r in page.context["figures"].groups] == ["Groep 5"]
    assert page.context["figures"].total.cohort == 4
    html = text(page)
    assert f'<option value="{season["group5"].pk}" selected>Groep 5</option>' in html
    assert f"?jaar={page.context['selection'].year.pk}&amp;groep={season['group5'].pk}" in html  # exports keep it


def test_a_group_of_another_school_or_nonsense_is_refused_with_a_message(client, directie, season, other_school):
    foreign = GroupFactory(school=other_school)
    client.force_login(directie)
    for value in (foreign.pk, "abc"):
        page = client.get(DASHBOARD, {"groep": value})
        assert page.status_code == 200
        assert "Kies een groep van dit schooljaar." in text(page)
        assert page.context["figures"].total.cohort == 8  # all groups instead
        assert "Groep" in text(page)


def test_another_school_year_can_be_chosen(client, directie, season, school):
    last = SchoolYearFactory(
        school=school, label="2025-2026", start=datetime.date(2025, 8, 25), end=datetime.date(2026, 7, 10)
    )
    client.force_login(directie)
    page = client.get(DASHBOARD, {"jaar": last.pk})
    assert page.context["selection"].year == last
    assert "Er is nog geen jaarplan voor dit schooljaar." in text(page)
    page = client.get(DASHBOARD, {"jaar": "999999"})
    assert "Kies een schooljaar van deze school." in text(page)
    assert page.context["figures"].total.cohort == 8  # the current year instead


def test_a_school_without_a_programme_is_told_to_make_one(client, directie, school_year):
    client.force_login(directie)
    html = text(client.get(DASHBOARD))
    assert "Er is nog geen jaarplan voor dit schooljaar." in html
    assert reverse("visits:programme_edit") in html


def test_team_meeting_says_where_we_are_what_succeeded_and_what_is_stuck(client, directie, season):
    client.force_login(directie)
    page = client.get(TEAM)
    assert page.status_code == 200
    html = text(page)
    assert "Waar staan we" in html and "Wat is gelukt" in html and "Wat loopt vast" in html
    assert "2 van de 8 leerlingen zijn bezocht." in html
    assert "Familie Achterop" in html  # tried three times, never reached
    assert "Familie Laat" in html  # visited 20 October, no report after 13 days
    stuck = page.context["stuck"]
    assert [(f.family, f.attempts) for f in stuck.families] == [("Familie Achterop", 3)]
    assert [(r.family, r.days) for r in stuck.overdue_reports] == [("Familie Laat", 13)]
    assert "Huis wordt verbouwd" not in html and "Anders" in html
    assert "data-print" in html and "js/dashboard.js" in html  # the print button, without inline script
    for secret in SECRETS:
        assert secret not in html


def test_a_report_is_overdue_after_the_schools_own_number_of_days(client, directie, school, season):
    from visits.reminders.settings import reminder_settings_ensure

    settings = reminder_settings_ensure(school=school)
    settings.report_overdue_days = 14  # the visit of 20 October is 13 days ago
    settings.save()
    client.force_login(directie)
    assert client.get(TEAM).context["stuck"].overdue_reports == ()


def test_team_meeting_csv_opens_in_a_dutch_spreadsheet(client, directie, season, teacher, school):
    teacher.last_name = "=HYPERLINK(1)"
    teacher.save()
    client.force_login(directie)
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="teamoverleg-12AB-2026-2027.csv"' in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    assert header[:3] == ["Niveau", "Naam", "Leerlingen"] and "Verslag klaar" in header
    by_name = {row[1]: dict(zip(header, row, strict=False)) for row in rows[1:] if len(row) == len(header)}
    assert by_name["Basisschool De Regenboog"]["Leerlingen"] == "8"
    assert by_name["Groep 3a"]["Verslag klaar"] == "1"
    assert by_name["Groep 5"]["Uren begroot"] == "8,0"
    assert "'Fatima =HYPERLINK(1)" not in body and "Fatima =HYPERLINK(1)" in body  # not at the cell start
    assert any(row[:1] == ["Familie Achterop"] for row in rows)
    assert ["Anders", "1", "100"] in rows and "Huis wordt verbouwd" not in body
    for secret in SECRETS:
        assert secret not in body


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(client, directie, season, colleague):
    colleague.first_name, colleague.last_name = "=cmd", "x"
    colleague.save()
    client.force_login(directie)
    body = client.get(CSV).content.decode("utf-8")
    assert "'=cmd x" in body
    assert ";=cmd" not in body


def test_team_meeting_pdf_reads_back_as_text(client, directie, season, tmp_path):
    client.force_login(directie)
    response = client.get(PDF, {"groep": season["group5"].pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "team.pdf"
    path.write_bytes(response.content)
    pdf_text = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own file
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Teamoverleg huisbezoeken" in pdf_text
    assert "Groep 5" in pdf_text and "Groep 3a" not in pdf_text
    assert "Wat loopt vast" in pdf_text and "Familie Laat" in pdf_text
    assert "vandaag" in pdf_text  # the chart is drawn in the PDF: its "today" line is labelled
    info = subprocess.run(["/usr/bin/pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert "595.276 x 841.89" in info or "595.28 x 841.89" in info  # A4
    for secret in SECRETS:
        assert secret not in pdf_text


def test_board_view_shows_each_school_side_by_side(client, board, school, other_school, directie, season):
    MembershipFactory(user=directie, school=other_school, role=Role.DIRECTIE)
    other_year = SchoolYearFactory(school=other_school)
    fill_school(other_school, other_year, 2, 5, lead=UserFactory())
    client.force_login(directie)
    assert BOARD in text(client.get(DASHBOARD))
    page = client.get(BOARD)
    assert page.status_code == 200
    columns = page.context["columns"]
    assert [(f.school_name, f.total.cohort) for f in columns] == [
        ("Basisschool De Regenboog", 8),
        ("Het Baken College", 10),
    ]
    html = text(page)
    assert 'id="chart-board"' in html and "<caption>Cijfers per school</caption>" in html


def test_board_view_leaves_out_schools_where_the_user_is_not_directie(client, school, other_school, directie, season):
    MembershipFactory(user=directie, school=other_school, role=Role.TEACHER)
    client.force_login(directie)
    assert BOARD not in text(client.get(DASHBOARD))
    page = client.get(BOARD)
    assert [f.school_name for f in page.context["columns"]] == ["Basisschool De Regenboog"]


@pytest.mark.parametrize("url", [DASHBOARD, TEAM, CSV, PDF, BOARD])
def test_anonymous_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("url", [DASHBOARD, TEAM, CSV, PDF, BOARD])
@pytest.mark.parametrize("persona", ["teacher", "care_coordinator", "administrator", "interpreter", "outsider"])
def test_other_roles_are_refused(client, url, persona, request, school_year):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [DASHBOARD, TEAM, CSV, PDF, BOARD])
def test_the_pages_only_read(client, directie, url):
    client.force_login(directie)
    assert client.post(url).status_code == 405


def test_an_outsider_sees_nothing_of_this_school_on_their_own_dashboard(client, other_school, season):
    outsider_directie = UserFactory()
    MembershipFactory(user=outsider_directie, school=other_school, role=Role.DIRECTIE)
    SchoolYearFactory(school=other_school)
    client.force_login(outsider_directie)
    page = client.get(DASHBOARD)
    assert page.status_code == 200
    assert "Basisschool De Regenboog" not in text(page)
    assert "Familie Achterop" not in text(client.get(TEAM))


# --- Query counts -----------------------------------------------------------------------------

# Log-in, current school and second factor take the first few (middleware, memberships read once for
# the whole request); then the school years with their programmes, the groups of the filter (one list,
# also used to check the choice) and the figures (9: the programme comes with the years).
# 16: was 18; no second read of the memberships, the years or the groups (-3); how families came to
# their time, chosen themselves or phoned (+1, visits.selectors.booking).
DASHBOARD_QUERIES = 16
TEAM_QUERIES = 18  # + families stuck, the overdue rule (reminder settings) and overdue reports
BOARD_QUERIES = 10  # was 14: the board's own summary of the figures (6 queries), not the dashboard's 9


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    return page, len(queries.captured_queries)


@pytest.mark.parametrize("size", [(1, 3), (4, 12)])
def test_dashboard_and_team_meeting_run_a_fixed_number_of_queries(
    client, directie, school, school_year, teacher, size, django_assert_num_queries
):
    fill_school(school, school_year, *size, lead=teacher)
    client.force_login(directie)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        page = client.get(DASHBOARD)
    assert page.context["figures"].total.cohort == size[0] * size[1]
    with django_assert_num_queries(TEAM_QUERIES):
        page = client.get(TEAM)
    assert page.context["figures"].total.cohort == size[0] * size[1]


def test_the_dashboard_of_a_larger_school_runs_the_same_queries_as_a_small_one(client, directie, school, school_year):
    small_school = SchoolFactory(board=school.board, name="Kleine school")
    fill_school(small_school, SchoolYearFactory(school=small_school), 1, 2, lead=UserFactory())
    MembershipFactory(user=directie, school=small_school, role=Role.DIRECTIE)
    fill_school(school, school_year, 6, 10, lead=UserFactory())
    client.force_login(directie)
    sizes, counts = [], []
    for chosen in (small_school, school):
        session = client.session
        session[SESSION_SCHOOL_KEY] = chosen.pk
        session.save()
        page, n = _count_queries(client, DASHBOARD)
        sizes.append(page.context["figures"].total.cohort)
        counts.append(n)
    assert sizes == [2, 60]
    assert counts[0] == counts[1] == DASHBOARD_QUERIES


@pytest.mark.parametrize("n_schools", [1, 20])
def test_board_view_runs_a_fixed_number_of_queries_at_1_and_20_schools(
    client, board, school, directie, n_schools, django_assert_num_queries
):
    schools = [school] + [SchoolFactory(board=board, name=f"School {i:02d}") for i in range(1, n_schools)]
    for s in schools:
        year = SchoolYearFactory(school=s)
        fill_school(s, year, 1, 3, lead=UserFactory())
        Membership.objects.get_or_create(user=directie, school=s, role=Role.DIRECTIE)
    client.force_login(directie)
    with django_assert_num_queries(BOARD_QUERIES):
        page = client.get(BOARD)
    assert [f.total.cohort for f in page.context["columns"]] == [3] * n_schools
    assert Programme.objects.count() == n_schools


def test_the_board_views_query_count_does_not_grow_with_the_number_of_schools(client, board, school, directie):
    """Two schools, then five (different sizes, every kind of cohort): the same number of queries."""
    client.force_login(directie)
    counts, cohorts = [], []
    schools = [school]
    cohorts_by_kind = [Programme.Cohort.ALL, Programme.Cohort.FIRST_YEARS_AND_NEW, Programme.Cohort.GROUPS]
    for n_schools in (2, 5):
        while len(schools) < n_schools:
            schools.append(SchoolFactory(board=board, name=f"School {len(schools):02d}"))
        for i, s in enumerate(schools):
            if not s.school_years.exists():
                fill_school(s, SchoolYearFactory(school=s), 1 + i % 2, 2 + i, lead=UserFactory())
                programme = Programme.objects.get(school=s)
                programme.cohort = cohorts_by_kind[i % 3]
                programme.save()
                programme.cohort_groups.set(s.groups.all()[:1])
            Membership.objects.get_or_create(user=directie, school=s, role=Role.DIRECTIE)
        page, n = _count_queries(client, BOARD)
        counts.append(n)
        cohorts.append(len(page.context["columns"]))
    assert cohorts == [2, 5]
    assert counts[0] == counts[1] == BOARD_QUERIES
