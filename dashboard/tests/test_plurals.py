"""Counts meet their nouns in the right number, in Dutch and in English, and dates read one way."""

import dataclasses
import re

import pytest
from django.urls import reverse

from dashboard import views

DASHBOARD = reverse("dashboard:dashboard")
TEAM_MEETING = reverse("dashboard:team_meeting")


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def counted(monkeypatch):
    """Every count on the dashboard and the team meeting set to ``n``."""

    def use(n: int) -> None:
        real = views.year_figures

        def fake(**kwargs):  # type: ignore[no-untyped-def]
            f = real(**kwargs)
            total = dataclasses.replace(f.total, unreachable=n, reported=n, scheduled=n, invited_at_school=n)
            return dataclasses.replace(
                f,
                total=total,
                declined_families=n,
                school_talks_held=n,
                school_talks_planned=n,
                failed_families=n,
                stuck_families=n,
                consults_answered=n,
                reports_submitted=n,
                minutes_reported=60 * n,
            )

        monkeypatch.setattr(views, "year_figures", fake)

    return use


@pytest.mark.usefixtures("season")
@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (
            1,
            [
                "1 gezin wilde geen huisbezoek.",
                "1 daarvan kwam voor een gesprek op school; bij 1 staat het gesprek gepland.",
                "1 gezin is niet bereikt of het bezoek is geannuleerd.",
                "1 leerling is niet bereikt.",
                "1 gezin is 3 keer of vaker",
            ],
        ),
        (
            2,
            [
                "2 gezinnen wilden geen huisbezoek.",
                "2 daarvan kwamen voor een gesprek op school; bij 2 staat het gesprek gepland.",
                "2 gezinnen zijn niet bereikt of hun bezoek is geannuleerd.",
                "2 leerlingen zijn niet bereikt.",
                "2 gezinnen zijn 3 keer of vaker",
            ],
        ),
    ],
)
def test_the_dashboard_says_gezin_for_one_and_gezinnen_for_more(client, directie, counted, n, expected):
    counted(n)
    client.force_login(directie)
    text = text_of(client.get(DASHBOARD))
    for sentence in expected:
        assert sentence in text
    assert "1 gezinnen" not in text and "1 leerlingen" not in text


@pytest.mark.usefixtures("season")
@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, ["1 family did not want a home visit.", "1 pupil was not reached.", "Spent according to 1 report:"]),
        (
            2,
            [
                "2 families did not want a home visit.",
                "2 pupils were not reached.",
                "Spent according to the 2 reports:",
            ],
        ),
    ],
)
def test_the_dashboard_in_english_uses_english_plurals(client, directie, counted, n, expected):
    counted(n)
    client.force_login(directie)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = text_of(client.get(DASHBOARD))
    for sentence in expected:
        assert sentence in text


@pytest.mark.usefixtures("season")
@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (
            1,
            [
                "Voor 1 leerling is het verslag klaar.",
                "1 leerling heeft een afspraak staan.",
                "1 gezin dat geen huisbezoek wilde, kwam voor een gesprek op school.",
                "Bij 1 gezin staat dat gesprek gepland.",
                "Niet bereikt: 1 leerling.",
            ],
        ),
        (
            2,
            [
                "Voor 2 leerlingen is het verslag klaar.",
                "2 leerlingen hebben een afspraak staan.",
                "2 gezinnen die geen huisbezoek wilden, kwamen voor een gesprek op school.",
                "Bij 2 gezinnen staat dat gesprek gepland.",
                "Niet bereikt: 2 leerlingen.",
            ],
        ),
    ],
)
def test_the_team_meeting_counts_in_the_right_number(client, directie, counted, n, expected):
    counted(n)
    client.force_login(directie)
    text = text_of(client.get(TEAM_MEETING))
    for sentence in expected:
        assert sentence in text


@pytest.mark.usefixtures("season")
def test_the_team_meeting_writes_short_dates_in_lower_case_dutch_and_capitalised_english(client, directie):
    # The season has a report overdue from a visit on 20 October.
    client.force_login(directie)
    dutch = text_of(client.get(TEAM_MEETING))
    assert "20 okt" in dutch
    assert "20 Oct" not in dutch and "20 Okt" not in dutch
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = text_of(client.get(TEAM_MEETING))
    assert "20 Oct" in english
