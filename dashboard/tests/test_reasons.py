"""The dashboard, the team meeting (page, CSV, PDF) and the evaluation count families per reason from
the fixed lists (count and share, "anders" as one row) and count talks at school apart."""

import csv
import io
import re
import subprocess

import pytest
from django.urls import reverse

from visits.models import Visit
from visits.tests.dashboard_data import make_visit
from visits.tests.factories import PupilFactory

S = Visit.Status
D = Visit.DeclineReason
F = Visit.FailureReason
TYPED = "Opa ligt in het ziekenhuis"


@pytest.fixture
def reasons(school, group, programme, teacher):
    """Six families who want no home visit (one came for a talk at school, one has it planned) and
    three whose visit did not go ahead."""

    def visit(status, **fields):
        return make_visit([PupilFactory(school=school, group=group)], status, lead=teacher, **fields)

    visit(S.DECLINED, decline_reason=D.NO_TIME)
    visit(S.INVITED_AT_SCHOOL, decline_reason=D.NO_TIME)
    visit(S.DECLINED, decline_reason=D.PRIVACY)
    visit(S.REPORTED, decline_reason=D.PRIVACY, kind=Visit.Kind.SCHOOL_TALK)
    visit(S.SCHEDULED, decline_reason=D.LANGUAGE, kind=Visit.Kind.SCHOOL_TALK)
    visit(S.DECLINED, decline_reason=D.OTHER, decline_reason_other=TYPED)
    visit(S.UNREACHABLE, failure_reason=F.UNREACHABLE)
    visit(S.UNREACHABLE, failure_reason=F.UNREACHABLE)
    visit(S.CANCELLED, failure_reason=F.FAMILY_CANCELLED)
    visit(S.REPORTED)  # a home visit


def row(label, count, percent):
    return rf'<td>{re.escape(label)}</td><td class="text-end">{count}</td><td class="text-end">{percent}%</td>'


DECLINE_ROWS = [
    ("Liever niet thuis: thuis is privé", 2, 33),
    ("Geen tijd (werk, diensten, drukte)", 2, 33),
    ("Taal: ouders zien op tegen het gesprek", 1, 17),
    ("Anders", 1, 17),
]
FAILURE_ROWS = [("Niet bereikt na meerdere pogingen", 2, 67), ("Gezin heeft afgezegd", 1, 33)]


@pytest.mark.parametrize("url", [reverse("dashboard:dashboard"), reverse("dashboard:team_meeting")])
def test_the_pages_count_families_per_reason_with_their_share(client, directie, reasons, url):
    client.force_login(directie)
    html = client.get(url).content.decode()
    table = html.split("<caption>Gezinnen per reden om geen huisbezoek te willen</caption>")[1].split("</table>")[0]
    assert re.findall(r"<td>([^<]*)</td>", table) == [label for label, *_ in DECLINE_ROWS]
    for label, count, percent in DECLINE_ROWS:
        assert re.search(row(label, count, percent), table), label
    failures = html.split("<caption>Gezinnen per reden dat het bezoek niet doorging</caption>")[1].split("</table>")[0]
    for label, count, percent in FAILURE_ROWS:
        assert re.search(row(label, count, percent), failures), label
    assert TYPED not in html  # the typed text of "anders" is for the visit page only
    assert 'id="chart-declines"' in html and 'id="chart-failures"' in html


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_dashboard_counts_the_talk_at_school_apart_and_says_how(client, directie, reasons):
    client.force_login(directie)
    response = client.get(reverse("dashboard:dashboard"))
    page = text(response.content.decode())
    assert "Bezocht 1 waarvan 1 met verslag" in page  # the talk at school is no home visit
    assert "Gesprek op school gehouden 1 nog 1 gepland" in page
    assert "6 gezinnen wilden geen huisbezoek. 1 daarvan kwam voor een gesprek op school;" in page
    assert "3 gezinnen zijn niet bereikt of hun bezoek is geannuleerd." in page
    assert "Bezocht: thuis bezocht." in page  # the definitions are explained under the cards
    total = response.context["figures"].total
    assert (total.visited_or_reported, total.talk_held, total.talk_planned, total.said_no) == (1, 1, 1, 6)


def test_the_team_meeting_says_who_came_for_a_talk(client, directie, reasons):
    client.force_login(directie)
    page = text(client.get(reverse("dashboard:team_meeting")).content.decode())
    assert "1 van de 10 leerlingen is bezocht." in page
    assert (
        "1 gezin dat geen huisbezoek wilde, kwam voor een gesprek op school. Bij 1 gezin staat dat gesprek gepland."
        in page
    )


def test_the_csv_has_a_row_per_reason_and_columns_for_the_talks(client, directie, reasons):
    client.force_login(directie)
    body = client.get(reverse("dashboard:team_meeting_csv")).content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    header = rows[0]
    school = dict(zip(header, rows[1], strict=True))
    assert (school["Gesprek op school gehouden"], school["Gesprek op school gepland"], school["Verslag klaar"]) == (
        "1",
        "1",
        "1",
    )
    start = rows.index(["Reden om geen huisbezoek te willen", "Gezinnen", "Aandeel (%)"])
    assert rows[start + 1 : start + 7] == [
        *[[label, str(count), str(percent)] for label, count, percent in DECLINE_ROWS],
        ["Gesprek op school gehouden", "1"],
        ["Gesprek op school gepland", "1"],
    ]
    start = rows.index(["Reden dat het bezoek niet doorging", "Gezinnen", "Aandeel (%)"])
    assert rows[start + 1 : start + 3] == [[label, str(count), str(percent)] for label, count, percent in FAILURE_ROWS]
    assert TYPED not in body


def test_the_pdf_lists_the_reasons(client, directie, reasons, tmp_path):
    client.force_login(directie)
    path = tmp_path / "team.pdf"
    path.write_bytes(client.get(reverse("dashboard:team_meeting_pdf")).content)
    pdf = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own file
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(pdf.split())
    assert "Liever niet thuis: thuis is privé 2 33%" in flat
    assert "Niet bereikt na meerdere pogingen 2 67%" in flat
    assert "kwam voor een gesprek op school" in flat
    assert TYPED not in flat


def test_the_evaluation_counts_per_reason_and_the_talks(client, directie, school, school_year, reasons):
    from evaluation import services as evaluation_services

    evaluation = evaluation_services.evaluation_start(school=school, school_year=school_year, by=directie)
    client.force_login(directie)
    html = client.get(reverse("evaluation:figures", args=[evaluation.pk])).content.decode()
    for label, count, percent in DECLINE_ROWS + FAILURE_ROWS:
        cell = rf'<th scope="row" class="fw-normal">{re.escape(label)}</th><td>{count}</td><td>{percent}%</td>'
        assert re.search(cell, html), label
    page = text(html)
    assert "Gezinnen die geen huisbezoek wilden 6" in page
    assert "Waarvan gekomen voor een gesprek op school 1" in page
    assert "Gezinnen bij wie het bezoek niet doorging (niet bereikt of geannuleerd) 3" in page
    assert "Thuis bezocht (met of zonder verslag) 1" in page
    assert TYPED not in html


def test_the_evaluation_report_pdf_lists_the_reasons_with_their_share(
    client, directie, school, school_year, reasons, tmp_path
):
    from evaluation import services as evaluation_services

    evaluation = evaluation_services.evaluation_start(school=school, school_year=school_year, by=directie)
    client.force_login(directie)
    path = tmp_path / "verslag.pdf"
    path.write_bytes(client.get(reverse("evaluation:report_pdf", args=[evaluation.pk])).content)
    pdf = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own file
        ["/usr/bin/pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(pdf.split())
    assert "Geen tijd (werk, diensten, drukte): 2 (33%)" in flat
    assert "Anders: 1 (17%)" in flat
    assert "Gezin heeft afgezegd: 1 (33%)" in flat
    assert TYPED not in flat
