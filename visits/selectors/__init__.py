"""Every read other apps may make of home visits: they import from here, never visits' models.

``pupils`` answers questions about pupils, families and the programme; ``families`` states the
rules for writing to a family (which number takes an SMS, which channel, which language);
``figures`` aggregates a school year for the dashboard, the team meeting and the evaluation.
Typed and scoped to one school; queries take keyword arguments and run a fixed number of
queries; the family rules take the one thing they judge (a number, a family) and run none.
"""

from .families import (
    HOME_TO_PARENT_LANGUAGE,
    PARENT_LANGUAGES,
    FamilyContact,
    family_contact,
    home_languages,
    parent_language,
    parent_message_window,
    sms_number,
)
from .figures import STUCK_ATTEMPTS, YearFigures, board_figures, stuck, year_figures
from .pupils import (
    ACTION_ORDER,
    VisitStatus,
    care_counts,
    current_school_year,
    evaluation_families,
    evaluation_groups,
    groups_of_year,
    in_cohort,
    programme_for,
    with_visit_status,
)
from .staffing import groups_by_teacher, interpreters_of, open_visits, open_work_counts

__all__ = [
    "ACTION_ORDER",
    "HOME_TO_PARENT_LANGUAGE",
    "PARENT_LANGUAGES",
    "STUCK_ATTEMPTS",
    "FamilyContact",
    "VisitStatus",
    "YearFigures",
    "board_figures",
    "care_counts",
    "current_school_year",
    "evaluation_families",
    "evaluation_groups",
    "family_contact",
    "groups_by_teacher",
    "groups_of_year",
    "home_languages",
    "in_cohort",
    "interpreters_of",
    "open_visits",
    "open_work_counts",
    "parent_language",
    "parent_message_window",
    "programme_for",
    "sms_number",
    "stuck",
    "with_visit_status",
    "year_figures",
]
