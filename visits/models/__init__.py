"""Models of the visits app, one module per concept; import them from here."""

from .availability import AvailabilityWindow
from .booking import BookingInvitation, BookingRequest
from .care import CareCase, CaseEntry, Consult
from .geo import GeocodedAddress
from .interpreter_booking import InterpreterBooking
from .reminder_settings import ReminderSettings
from .reports import Report, ReportAgreement, ReportVersion
from .school import (
    Enrolment,
    Family,
    FamilyLanguage,
    Group,
    GroupTeacher,
    Guardian,
    Interpreter,
    Pupil,
    YearStart,
)
from .school_calendar import SchoolCalendarEntry
from .visits import DEFAULT_AGENDA, CalendarFeed, ContactAttempt, Programme, Visit, VisitPupil, VisitTransition

__all__ = [
    "DEFAULT_AGENDA",
    "AvailabilityWindow",
    "BookingInvitation",
    "BookingRequest",
    "CalendarFeed",
    "CareCase",
    "CaseEntry",
    "Consult",
    "ContactAttempt",
    "Enrolment",
    "Family",
    "FamilyLanguage",
    "GeocodedAddress",
    "Group",
    "GroupTeacher",
    "Guardian",
    "Interpreter",
    "InterpreterBooking",
    "Programme",
    "Pupil",
    "ReminderSettings",
    "Report",
    "ReportAgreement",
    "ReportVersion",
    "SchoolCalendarEntry",
    "Visit",
    "VisitPupil",
    "VisitTransition",
    "YearStart",
]
