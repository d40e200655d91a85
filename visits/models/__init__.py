"""Models of the visits app, one module per concept; import them from here."""

from .school import Family, FamilyLanguage, Group, GroupTeacher, Guardian, Interpreter, Pupil
from .visits import DEFAULT_AGENDA, CalendarFeed, ContactAttempt, Programme, Visit, VisitPupil, VisitTransition

__all__ = [
    "DEFAULT_AGENDA",
    "CalendarFeed",
    "ContactAttempt",
    "Family",
    "FamilyLanguage",
    "Group",
    "GroupTeacher",
    "Guardian",
    "Interpreter",
    "Programme",
    "Pupil",
    "Visit",
    "VisitPupil",
    "VisitTransition",
]
