"""The team-meeting CSV and PDF take names as plain text, whatever they hold."""

import csv
import io
import threading

import pytest
from django.urls import reverse

from huisbezoek import pdf
from visits.models import Family

CSV = reverse("dashboard:team_meeting_csv")
PDF = reverse("dashboard:team_meeting_pdf")


def test_family_names_that_look_like_formulas_are_quoted_in_the_csv(client, directie, season):
    stuck = Family.objects.get(name="Familie Achterop")
    stuck.name = '=HYPERLINK("x")'
    stuck.save()
    late = Family.objects.get(name="Familie Laat")
    late.name = " -1+1"
    late.save()
    client.force_login(directie)
    body = client.get(CSV).content.decode("utf-8").lstrip("\ufeff")
    first_cells = [row[0] for row in csv.reader(io.StringIO(body), delimiter=";") if row]
    assert '\'=HYPERLINK("x")' in first_cells
    assert "' -1+1" in first_cells
    for cell in first_cells:
        assert cell.strip()[:1] not in ("=", "+", "-", "@"), cell


@pytest.mark.parametrize(
    "name",
    [
        "x); background: url(file:///etc/hostname",
        'x\n} } html { background: url(FILE:///etc/hostname) } p { x: "',
        "x\\",
    ],
)
@pytest.mark.usefixtures("season")
def test_the_school_name_does_not_change_what_the_team_meeting_pdf_fetches(client, directie, school, monkeypatch, name):
    fetched: list[str] = []
    fetch = pdf.LocalOnlyFetcher.fetch

    def spy(self, url, headers=None):  # type: ignore[no-untyped-def]
        fetched.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(pdf.LocalOnlyFetcher, "fetch", spy)
    # A fresh FontConfiguration (the process keeps one), so this render fetches the fonts again.
    monkeypatch.setattr(pdf, "_local", threading.local())
    school.name = name
    school.save()
    client.force_login(directie)
    response = client.get(PDF)
    assert response.status_code == 200
    assert fetched and set(fetched) <= {font.uri for font in pdf.fonts()}
