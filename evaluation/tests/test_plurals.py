"""The evaluation report puts its counts and nouns in the right number."""

import dataclasses
import subprocess

import pytest

from evaluation.report import render_report
from visits.selectors import year_figures
from visits.selectors.figures import Tally


def report_text(evaluation, school, n: int, tmp_path) -> str:
    figures = year_figures(school=school, school_year=evaluation.school_year)
    figures = dataclasses.replace(
        figures,
        care_outcomes=(Tally("closed", "Afgesloten", n),),
        care_open=n,
        flags=(Tally("acute", "Acuut", n),),
        consults_asked=n,
        consults_answered=n,
    )
    path = tmp_path / "verslag.pdf"
    path.write_bytes(render_report(evaluation=evaluation, current=figures))
    command = ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603 - our own file
    return " ".join(out.split())


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, ["1 zorgmelding is afgesloten.", "1 zorgmelding staat nog open.", "In verslagen stond 1 zorgsignaal."]),
        (
            2,
            [
                "2 zorgmeldingen zijn afgesloten.",
                "2 zorgmeldingen staan nog open.",
                "In verslagen stonden 2 zorgsignalen.",
            ],
        ),
    ],
)
def test_the_report_counts_care_cases_in_the_right_number(evaluation, school, tmp_path, n, expected):
    text = report_text(evaluation, school, n, tmp_path)
    for sentence in expected:
        assert sentence in text
    assert "1 zorgmeldingen" not in text
