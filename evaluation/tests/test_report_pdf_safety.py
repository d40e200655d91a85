"""The school's name reaches the evaluation report as text, never as part of its stylesheet."""

import threading

import pytest

from evaluation.report import render_report
from huisbezoek import pdf
from visits.selectors import year_figures


@pytest.mark.parametrize(
    "name",
    [
        "x); background: url(file:///etc/hostname",
        'x\n} } body { background: url(file:///etc/hostname) } p { x: "',
        "x\n;} } html { background: url(FILE:///etc/hostname) } @page { x {",
        "x\\",
    ],
)
def test_the_school_name_does_not_change_what_the_report_fetches(evaluation, school, monkeypatch, name):
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
    evaluation.refresh_from_db()
    render_report(evaluation=evaluation, current=year_figures(school=school, school_year=evaluation.school_year))
    font_files = {font.uri for font in pdf.fonts()}
    assert fetched and set(fetched) <= font_files
