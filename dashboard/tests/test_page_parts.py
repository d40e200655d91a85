"""The parts the dashboard and the team meeting share (the figure cards, the table of reasons to
decline, the progress per group), filled in from the right figures on each page."""

import re

from django.urls import reverse

from visits.models import Visit
from visits.tests.dashboard_data import make_visit
from visits.tests.factories import PupilFactory

S = Visit.Status
DASHBOARD = reverse("dashboard:dashboard")
TEAM = reverse("dashboard:team_meeting")


def card(html, key):
    """The text of the figure card ``key``, tags and surplus white space removed."""
    match = re.search(rf'<section class="card" aria-labelledby="stat-{key}">(.*?)</section>', html, re.S)
    assert match, key
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_figure_cards_show_each_figure_under_its_title(client, directie, school, programme, group, pupil, teacher):
    make_visit([pupil], S.REPORTED, lead=teacher, minutes=(60, 20, 10))
    make_visit([PupilFactory(school=school, group=group)], S.SCHEDULED, lead=teacher)
    make_visit([PupilFactory(school=school, group=group)], S.TO_PLAN, lead=teacher)
    client.force_login(directie)
    html = client.get(DASHBOARD).content.decode()
    assert card(html, "cohort") == "Leerlingen in het cohort 3"
    assert card(html, "visited") == "Bezocht 1 waarvan 1 met verslag"
    assert card(html, "scheduled") == "Gepland 1"
    assert card(html, "open") == "Nog te plannen of niet bereikt 1"
    assert card(html, "hours") == "Uren besteed / begroot 1,5 / 6,0"
    assert card(html, "care") == "Zorgmeldingen / overleggen 0 / 0"


def test_both_pages_show_the_reasons_to_decline_or_their_own_word_for_none(
    client, directie, school, programme, group, pupil, teacher
):
    client.force_login(directie)
    assert "Nog geen gezin heeft een huisbezoek afgeslagen." in client.get(DASHBOARD).content.decode()
    team = client.get(TEAM).content.decode()
    assert re.search(r"Geen huisbezoek gewild</h3>\s*<p>Geen\.</p>", team)

    make_visit([pupil], S.DECLINED, lead=teacher, decline_reason=Visit.DeclineReason.NO_TIME)
    for url in (DASHBOARD, TEAM):
        html = client.get(url).content.decode()
        assert "<caption>Gezinnen per reden om geen huisbezoek te willen</caption>" in html
        row = r'<td>Geen tijd \(werk, diensten, drukte\)</td><td class="text-end">1</td><td class="text-end">100%</td>'
        assert re.search(row, html), url
        assert 'id="chart-declines"' in html
        assert "Nog geen gezin heeft een huisbezoek afgeslagen." not in html


def test_both_pages_show_the_progress_per_group_as_chart_and_table(client, directie, programme, pupil, teacher):
    make_visit([pupil], S.SCHEDULED, lead=teacher)
    client.force_login(directie)
    for url in (DASHBOARD, TEAM):
        html = client.get(url).content.decode()
        assert 'id="chart-groups"' in html
        assert "<caption>Leerlingen per groep en stand van het huisbezoek</caption>" in html


def test_without_a_year_plan_both_pages_say_so_and_the_dashboard_links_to_it(client, directie, school_year):
    client.force_login(directie)
    plan = reverse("visits:programme_edit")
    dashboard = client.get(DASHBOARD).content.decode()
    team = client.get(TEAM).content.decode()
    for html in (dashboard, team):
        assert "Er is nog geen jaarplan voor dit schooljaar." in html
        assert "Deze school heeft nog geen schooljaar." not in html
    assert f'<a href="{plan}">Naar het jaarplan</a>' in dashboard
    assert "Naar het jaarplan" not in team


def test_without_a_school_year_both_pages_say_so(client, directie):
    client.force_login(directie)
    for url in (DASHBOARD, TEAM):
        html = client.get(url).content.decode()
        assert "Deze school heeft nog geen schooljaar." in html
        assert "Er is nog geen jaarplan" not in html
