"""Every read other apps may make of home visits: they import from here, never visits' models.

``pupils`` answers questions about pupils, families and the programme; ``families`` states the
rules for writing to a family (which number takes an SMS, which channel, which language);
``figures`` aggregates a school year for the dashboard, the team meeting and the evaluation;
``booking`` counts how families came to their visit time (chose themselves or phoned);
``school_holiday`` names the school holiday of a region on a day (the planner refuses those days).
Typed and scoped to one school; queries take keyword arguments and run a fixed number of
queries; the family rules take the one thing they judge (a number, a family) and run none.
"""

from ..holidays import school_holiday
from .booking import BookingFigures, booking_figures
from .families import (
    HOME_TO_PARENT_LANGUAGE,
    PARENT_LANGUAGES,
    SHORT_TEXT_CHANNELS,
    FamilyContact,
    family_contact,
    home_languages,
    parent_language,
    parent_message_window,
    phone_number,
    sms_number,
)
from .figures import (
    PROGRESS_COLUMNS,
    STUCK_ATTEMPTS,
    TALK_HELD,
    TALK_PLANNED,
    ReasonTally,
    YearFigures,
    board_figures,
    stuck,
    year_figures,
)
from .pupils import (
    ACTION_ORDER,
    VisitStatus,
    care_counts,
    current_school_year,
    evaluation_families,
    evaluation_groups,
    group_year,
    groups_of_year,
    in_cohort,
    next_school_year,
    programme_for,
    with_visit_status,
    years_to_prepare,
)
from .staffing import groups_by_teacher, interpreters_of, open_visits, open_work_counts

__all__ = [
    "ACTION_ORDER",
    "HOME_TO_PARENT_LANGUAGE",
    "PARENT_LANGUAGES",
    "PROGRESS_COLUMNS",
    "SHORT_TEXT_CHANNELS",
    "STUCK_ATTEMPTS",
    "TALK_HELD",
    "TALK_PLANNED",
    "BookingFigures",
    "FamilyContact",
    "ReasonTally",
    "VisitStatus",
    "YearFigures",
    "board_figures",
    "booking_figures",
    "care_counts",
    "current_school_year",
    "evaluation_families",
    "evaluation_groups",
    "family_contact",
    "group_year",
    "groups_by_teacher",
    "groups_of_year",
    "home_languages",
    "in_cohort",
    "interpreters_of",
    "next_school_year",
    "open_visits",
    "open_work_counts",
    "parent_language",
    "parent_message_window",
    "phone_number",
    "programme_for",
    "school_holiday",
    "sms_number",
    "stuck",
    "with_visit_status",
    "year_figures",
    "years_to_prepare",
]
