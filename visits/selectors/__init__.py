"""Every read other apps may make of home visits: they import from here, never visits' models.

``pupils`` answers questions about pupils, families and the programme; ``figures`` aggregates a
school year for the dashboard, the team meeting and the evaluation. Keyword-only, typed, and
scoped to one school; every function runs a fixed number of queries.
"""

from .figures import STUCK_ATTEMPTS, YearFigures, board_figures, stuck, year_figures
from .pupils import (
    ACTION_ORDER,
    care_counts,
    current_school_year,
    evaluation_families,
    evaluation_groups,
    in_cohort,
    programme_for,
    with_visit_status,
)

__all__ = [
    "ACTION_ORDER",
    "STUCK_ATTEMPTS",
    "YearFigures",
    "board_figures",
    "care_counts",
    "current_school_year",
    "evaluation_families",
    "evaluation_groups",
    "in_cohort",
    "programme_for",
    "stuck",
    "with_visit_status",
    "year_figures",
]
