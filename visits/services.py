"""State changes of home visits: the domain rules live here, views only call these.

Every function is keyword-only, runs in one transaction, and records who did what in
``VisitTransition`` when a status changes.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from huisbezoek import languages
from huisbezoek.limits import REASON_OTHER_MAX, check_lengths
from huisbezoek.models import Role, School, SchoolYear

from . import holidays
from .changes.services import Before, visit_changes_notify
from .geo.travel import Point, family_point, school_point, travel_minutes
from .models import (
    CalendarFeed,
    ContactAttempt,
    Family,
    Interpreter,
    Programme,
    Pupil,
    Visit,
    VisitPupil,
    VisitTransition,
)

if TYPE_CHECKING:
    from huisbezoek.models import User

S = Visit.Status

# Which status may follow which. Rescheduling is SCHEDULED -> SCHEDULED; "reported" is set
# by the report (it is never chosen by hand).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.TO_PLAN: frozenset({S.CONTACTED, S.SCHEDULED, S.DECLINED, S.UNREACHABLE, S.CANCELLED}),
    S.CONTACTED: frozenset({S.TO_PLAN, S.SCHEDULED, S.DECLINED, S.UNREACHABLE, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.SCHEDULED, S.VISITED, S.DECLINED, S.CANCELLED}),
    S.VISITED: frozenset({S.REPORTED}),
    S.REPORTED: frozenset(),
    S.DECLINED: frozenset({S.INVITED_AT_SCHOOL, S.TO_PLAN}),
    S.INVITED_AT_SCHOOL: frozenset({S.TO_PLAN}),
    S.UNREACHABLE: frozenset({S.CONTACTED, S.SCHEDULED, S.TO_PLAN}),
    S.CANCELLED: frozenset({S.TO_PLAN}),
}
# A talk at school (for a family that wants no home visit) is planned from "declined" or "invited at
# school"; once planned it is held (then reported with the short report) or, when it did not take
# place, the family is "invited at school" again. It is never declined or cancelled.
TALK_FROM = frozenset({S.DECLINED, S.INVITED_AT_SCHOOL})
TALK_TRANSITIONS: dict[str, frozenset[str]] = {
    S.INVITED_AT_SCHOOL: frozenset({S.SCHEDULED, S.TO_PLAN}),
    S.SCHEDULED: frozenset({S.SCHEDULED, S.VISITED, S.INVITED_AT_SCHOOL}),
}
# Statuses a teacher picks with a button (the others follow from planning or reporting).
MANUAL = frozenset({S.TO_PLAN, S.VISITED, S.DECLINED, S.INVITED_AT_SCHOOL, S.UNREACHABLE, S.CANCELLED})
# The statuses that carry a reason from the fixed lists on Visit.
DECLINED_STATUSES = frozenset({S.DECLINED, S.INVITED_AT_SCHOOL})
FAILED_STATUSES = frozenset({S.UNREACHABLE, S.CANCELLED})
# A booked person is busy in these statuses.
BUSY = (S.SCHEDULED,)
MAX_VISIT_MINUTES = 180  # the planning form's upper limit


@dataclass(frozen=True)
class PlanWarning:
    """Something the teacher must confirm before the visit is planned (e.g. a religious holiday)."""

    code: str
    message: str


class PlanNeedsConfirmation(Exception):
    def __init__(self, warnings: list[PlanWarning]) -> None:
        super().__init__("; ".join(w.message for w in warnings))
        self.warnings = warnings


@dataclass
class VisitPlan:
    """What the teacher filled in on the planning form."""

    starts_at: datetime.datetime
    duration_minutes: int
    lead_visitor: User
    colleague: User | None = None
    interpreter: Interpreter | None = None
    family_interpreter: str = ""
    meeting_point: str = ""
    agenda: str = ""
    requested_topics: str = ""
    pupils: list[Pupil] = field(default_factory=list)

    def visitors(self) -> list[User]:
        return [v for v in (self.lead_visitor, self.colleague) if v is not None]


@dataclass(frozen=True)
class Reason:
    """A reason from one of the fixed lists on Visit (``DeclineReason``, ``FailureReason``) and, for
    "anders", the short text the teacher typed."""

    code: str = ""
    other: str = ""


def next_statuses(visit: Visit) -> frozenset[str]:
    """The statuses that may follow the visit's own: a talk at school has its own short path."""
    if visit.kind == Visit.Kind.SCHOOL_TALK and visit.status in TALK_TRANSITIONS:
        return TALK_TRANSITIONS[visit.status]
    return TRANSITIONS[visit.status]


def plannable_kind(visit: Visit) -> str | None:
    """What planning this visit means now: a home visit, a talk at school (the family said no to a
    home visit), or nothing (None)."""
    if visit.status in TALK_FROM or (visit.kind == Visit.Kind.SCHOOL_TALK and visit.status == S.SCHEDULED):
        return Visit.Kind.SCHOOL_TALK
    if S.SCHEDULED in TRANSITIONS[visit.status]:
        return Visit.Kind.HOME
    return None


def checked_reason(reason: Reason | None, choices: type[models.TextChoices], field_name: str) -> Reason:
    """The reason cleaned, or refused: it must come from the list; "anders" needs its short text
    (at most ``REASON_OTHER_MAX`` characters), which is dropped for every other choice."""
    code = reason.code if reason else ""
    other = (reason.other if reason else "").strip()
    if code not in choices.values:
        raise ValidationError(
            {field_name: _("Kies een reden uit de lijst.") if code else _("Kies een reden uit de lijst (of 'Anders').")}
        )
    if code != "other":
        return Reason(code)
    if not other:
        raise ValidationError({f"{field_name}_other": _("U koos 'Anders': schrijf de reden kort op.")})
    check_lengths(**{f"{field_name}_other": (other, REASON_OTHER_MAX)})
    return Reason(code, other)


def _set_decline_reason(visit: Visit, reason: Reason) -> None:
    visit.decline_reason, visit.decline_reason_other = reason.code, reason.other


def _set_failure_reason(visit: Visit, reason: Reason) -> None:
    visit.failure_reason, visit.failure_reason_other = reason.code, reason.other


def record_transition(visit: Visit, *, to_status: str, by: User, note: str = "") -> None:
    """Record the status change. A reason belongs to its statuses only: a visit back to "to plan" is a
    home visit again without a decline reason, and a failure reason goes once the visit is back on."""
    VisitTransition.objects.create(visit=visit, from_status=visit.status, to_status=to_status, by=by, note=note)
    visit.status = to_status
    visit.version += 1
    if to_status == S.TO_PLAN:
        visit.kind = Visit.Kind.HOME
        _set_decline_reason(visit, Reason())
    if to_status not in FAILED_STATUSES:
        _set_failure_reason(visit, Reason())


def _locked(visit: Visit, expected_version: int | None) -> Visit:
    """Re-read the visit under a row lock; refuse when someone else changed it meanwhile."""
    fresh = Visit.objects.select_for_update().get(pk=visit.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ValidationError(
            _("Iemand anders heeft dit bezoek net gewijzigd. Bekijk de nieuwe gegevens en probeer het opnieuw."),
            code="stale",
        )
    return fresh


def _fmt(moment: datetime.datetime | None) -> str:
    if moment is None:
        return "-"
    local = timezone.localtime(moment)
    return f"{date_format(local, 'l j F')} {time_format(local, 'H:i')}"


@transaction.atomic
def visit_open(*, pupil: Pupil, school_year: SchoolYear, by: User) -> Visit:
    """The pupil's visit for the year, created "to plan" on first use with ``by`` as visitor.

    A pupil has at most one visit per school year (siblings may share it)."""
    link = VisitPupil.objects.select_related("visit").filter(pupil=pupil, school_year=school_year).first()
    if link is not None:
        return link.visit
    visit = Visit.objects.create(
        school=pupil.school, school_year=school_year, family=pupil.family, lead_visitor=by, status=S.TO_PLAN
    )
    VisitPupil.objects.create(visit=visit, pupil=pupil, school_year=school_year)
    VisitTransition.objects.create(visit=visit, from_status="", to_status=S.TO_PLAN, by=by)
    return visit


@transaction.atomic
def contact_log(
    *,
    visit: Visit,
    by: User,
    at: datetime.datetime,
    channel: str,
    outcome: str,
    note: str = "",
    decline_reason: Reason | None = None,
) -> ContactAttempt:
    """Record one attempt to reach the family.

    Reaching the family moves a visit that is still "to plan" to "contacted". A family that says no
    needs a reason from the list (``Visit.DeclineReason``): the visit becomes declined, or, when it
    already was, keeps the parents' latest reason."""
    if at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"at": _("Een contactpoging kan niet in de toekomst liggen.")})
    reason = None
    if outcome == ContactAttempt.Outcome.DECLINED:
        reason = checked_reason(decline_reason, Visit.DeclineReason, "decline_reason")
    visit = _locked(visit, None)
    before = Before.of(visit)
    if visit.status == S.REPORTED:
        raise ValidationError(_("Het verslag van dit bezoek is klaar; een contactpoging vastleggen kan niet meer."))
    attempt = ContactAttempt.objects.create(visit=visit, by=by, at=at, channel=channel, outcome=outcome, note=note)
    if outcome == ContactAttempt.Outcome.REACHED and visit.status in (S.TO_PLAN, S.UNREACHABLE):
        record_transition(visit, to_status=S.CONTACTED, by=by)
    elif reason is not None and S.DECLINED in next_statuses(visit):
        record_transition(visit, to_status=S.DECLINED, by=by, note=note)
        _set_decline_reason(visit, reason)
    elif reason is not None and visit.status in DECLINED_STATUSES:
        _set_decline_reason(visit, reason)
    visit.save()
    visit_changes_notify(visit=visit, before=before)  # a planned visit declined: the interpreter need not come
    return attempt


@transaction.atomic
def visit_transition(
    *,
    visit: Visit,
    by: User,
    to_status: str,
    note: str = "",
    reason: Reason | None = None,
    expected_version: int | None = None,
) -> Visit:
    """Move a visit to another status by hand, if the lifecycle allows it.

    Declining needs a reason from ``Visit.DeclineReason``; "not reachable" and "cancelled" need one
    from ``Visit.FailureReason`` ("anders" with a short text). "Visited" only once the planned time
    has begun. A talk at school that did not take place goes back to "invited at school". The family
    and the interpreter of a cancelled planned home visit are told (``visits.changes``)."""
    visit = _locked(visit, expected_version)
    before = Before.of(visit)
    if to_status not in MANUAL or to_status not in next_statuses(visit):
        raise ValidationError(
            _("Van '%(from)s' kan een bezoek niet naar '%(to)s'.")
            % {"from": S(visit.status).label, "to": S(to_status).label if to_status in S.values else to_status},
            code="transition",
        )
    decline = failure = None
    if to_status == S.DECLINED:
        decline = checked_reason(reason, Visit.DeclineReason, "decline_reason")
    elif to_status in FAILED_STATUSES:
        failure = checked_reason(reason, Visit.FailureReason, "failure_reason")
    if to_status == S.VISITED and (visit.starts_at is None or visit.starts_at > timezone.now()):
        raise ValidationError(_("Een bezoek kan pas als bezocht worden gemarkeerd als het begonnen is."))
    if to_status in (S.TO_PLAN, S.CANCELLED, S.INVITED_AT_SCHOOL):
        visit.starts_at = None
    record_transition(visit, to_status=to_status, by=by, note=note.strip())
    if decline is not None:
        _set_decline_reason(visit, decline)
    if failure is not None:
        _set_failure_reason(visit, failure)
    visit.save()
    visit_changes_notify(visit=visit, before=before)  # the family and the interpreter hear of it
    return visit


def _same_person(name: str, pupil: Pupil) -> bool:
    def norm(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return " ".join(plain.lower().split())

    typed = norm(name)
    return bool(typed) and typed in {norm(pupil.first_name), norm(f"{pupil.first_name} {pupil.last_name}")}


def _family_language(family: Family) -> str | None:
    if family.interpreter_language:
        return family.interpreter_language
    main = next((fl for fl in family.home_languages.all() if fl.is_main), None)
    return main.language if main else None


GENDER_UNKNOWN = "gender_unknown"


def visitor_preference_problems(preference: str, visitors: list[User]) -> list[str]:
    """How ``visitors`` break the family's wish about who visits, the one rule of planning and of
    the parents' booking page: ``female_only`` (not all women), ``no_man_alone`` (no woman among
    them), ``gender_unknown`` (a visitor whose gender is not filled in, when the family has a wish)."""
    problems = []
    women = [v for v in visitors if v.gender == v.Gender.FEMALE]
    if preference == Family.VisitorPreference.FEMALE_ONLY and len(women) != len(visitors):
        problems.append(str(Family.VisitorPreference.FEMALE_ONLY))
    elif preference == Family.VisitorPreference.NO_MAN_ALONE and not women:
        problems.append(str(Family.VisitorPreference.NO_MAN_ALONE))
    if preference != Family.VisitorPreference.NONE and any(not v.gender for v in visitors):
        problems.append(GENDER_UNKNOWN)
    return problems


def family_language(family: Family) -> str | None:
    """The language an interpreter must speak for this family: the one asked for, else the main home language."""
    return _family_language(family)


def _busy(person_q: Q, *, start: datetime.datetime, end: datetime.datetime, exclude: Visit) -> list[Visit]:
    """Scheduled visits overlapping [start, end] for the people in ``person_q``, with where they are
    (the family's point, the school for a talk)."""
    longest = datetime.timedelta(minutes=MAX_VISIT_MINUTES)
    candidates = (
        Visit.objects.filter(person_q, status__in=BUSY, starts_at__lt=end, starts_at__gt=start - longest)
        .exclude(pk=exclude.pk)
        .select_related("family", "school")
        .only(
            "starts_at",
            "duration_minutes",
            "kind",
            "lead_visitor_id",
            "colleague_id",
            "interpreter_id",
            "family__latitude",
            "family__longitude",
            "school__id",
        )
    )
    return [v for v in candidates if v.ends_at and v.ends_at > start]


# How far around a plan the planner looks for the people's other visits: wider than any travel time.
TRAVEL_WINDOW = datetime.timedelta(hours=2)


def _travel_clash(
    other: Visit,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    here: Point | None,
    talk: bool,
    programme: Programme | None,
) -> int | None:
    """The travel minutes that make ``other`` clash with a plan from ``start`` to ``end`` at ``here``
    (``None``: no clash). The real travel time between the two places (``geo.travel``), the fixed
    buffer when a place is unknown; a talk at school whose school has no point has no travel, as before."""
    assert other.ends_at is not None and other.starts_at is not None
    other_talk = other.kind == Visit.Kind.SCHOOL_TALK
    there = school_point(other.school) if other_talk else family_point(other.family)

    def minutes(origin: Point | None, destination: Point | None) -> int:
        if programme is None or (talk and (here is None or other_talk)):
            return 0
        return travel_minutes(programme, origin, destination)

    if other.starts_at <= start:
        travel = minutes(there, here)
        return travel if other.ends_at + datetime.timedelta(minutes=travel) > start else None
    travel = minutes(here, there)
    return travel if end + datetime.timedelta(minutes=travel) > other.starts_at else None


def plan_check(*, visit: Visit, plan: VisitPlan, programme: Programme | None) -> tuple[dict, list[PlanWarning]]:
    """Every planning rule, as (errors per form field, warnings to confirm). Nothing is written."""
    errors: dict[str, list[str]] = {}
    warnings: list[PlanWarning] = []

    def refuse(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    family = visit.family
    school = visit.school
    # A talk at school: no evening hours, no travel, no meeting point with the interpreter outside.
    talk = plannable_kind(visit) == Visit.Kind.SCHOOL_TALK
    local_start = timezone.localtime(plan.starts_at)
    day = local_start.date()
    end = plan.starts_at + datetime.timedelta(minutes=plan.duration_minutes)

    # When: inside the period, not when the school is closed (visits.holidays); religious holidays,
    # the Ramadan for a family who keeps it, and odd hours warn.
    if programme is None:
        refuse("__all__", _("De directie heeft voor dit schooljaar nog geen bezoekperiode ingesteld."))
    else:
        if not programme.period_start <= day <= programme.period_end:
            refuse(
                "starts_at",
                _("Kies een dag in de bezoekperiode: %(start)s tot en met %(end)s.")
                % {
                    "start": date_format(programme.period_start, "j F"),
                    "end": date_format(programme.period_end, "j F Y"),
                },
            )
        if plan.duration_minutes > programme.visit_minutes:
            warnings.append(
                PlanWarning(
                    "duration",
                    _("Het bezoek duurt langer dan de afgesproken %(minutes)s minuten.")
                    % {"minutes": programme.visit_minutes},
                )
            )
        local_end = timezone.localtime(end)
        if not talk and (
            local_start.time() < programme.evening_start
            or (local_end.date() != day or local_end.time() > programme.evening_end)
        ):
            warnings.append(
                PlanWarning(
                    "hours",
                    _("Dit valt buiten de vaste bezoektijden (%(start)s tot %(end)s).")
                    % {
                        "start": time_format(programme.evening_start, "H:i"),
                        "end": time_format(programme.evening_end, "H:i"),
                    },
                )
            )
    if plan.starts_at < timezone.now():
        refuse("starts_at", _("Dit tijdstip is al voorbij."))
    closed = holidays.closed_on(school, day)
    if closed:
        refuse("starts_at", closed)
    warnings.extend(
        PlanWarning(code, message) for code, message in holidays.day_warnings(day, keeps_ramadan=family.keeps_ramadan)
    )

    # Who: two different staff of this school; the family's wish about who visits.
    if plan.colleague is not None and plan.colleague == plan.lead_visitor:
        refuse("colleague", _("Kies voor een duobezoek een andere collega dan de bezoeker zelf."))
    staff_roles = {Role.TEACHER, Role.DIRECTIE, Role.CARE_COORDINATOR}
    for person, field_name in ((plan.lead_visitor, "lead_visitor"), (plan.colleague, "colleague")):
        if person is not None and not person.memberships.filter(school=school, role__in=staff_roles).exists():
            refuse(field_name, _("%(name)s werkt niet als leerkracht op deze school.") % {"name": person})
    problems = visitor_preference_problems(family.visitor_preference, plan.visitors())
    if Family.VisitorPreference.FEMALE_ONLY in problems:
        refuse(
            "lead_visitor",
            _("Dit gezin wil alleen een vrouwelijke bezoeker. Laat een vrouwelijke collega het bezoek doen."),
        )
    elif Family.VisitorPreference.NO_MAN_ALONE in problems:
        refuse(
            "colleague",
            _("Dit gezin wil geen man alleen op bezoek. Neem een vrouwelijke collega mee (duobezoek)."),
        )
    if GENDER_UNKNOWN in problems:
        names = ", ".join(str(v) for v in plan.visitors() if not v.gender)
        refuse("lead_visitor", _("Vul eerst in of %(names)s man of vrouw is (in het profiel).") % {"names": names})

    # The interpreter: never a child, speaks the family's language, from this school.
    language = _family_language(family)
    children = list(family.pupils.all())
    if plan.family_interpreter and any(_same_person(plan.family_interpreter, child) for child in children):
        refuse("family_interpreter", _("Een kind tolkt nooit voor de eigen ouders. Regel een volwassen tolk."))
    if plan.interpreter is not None:
        if plan.interpreter.school_id != school.pk:
            refuse("interpreter", _("Deze tolk werkt niet voor deze school."))
        elif language and language not in plan.interpreter.languages:
            refuse(
                "interpreter",
                _("%(name)s spreekt geen %(language)s, de taal van dit gezin.")
                % {"name": plan.interpreter, "language": languages.BY_CODE[language].name},
            )
        if not talk and not plan.meeting_point.strip():
            refuse("meeting_point", _("Spreek een plek af waar u de tolk buiten ziet, vóór u naar binnen gaat."))
    elif family.interpreter_needed and not plan.family_interpreter.strip():
        warnings.append(
            PlanWarning("no_interpreter", _("Dit gezin heeft een tolk nodig, maar er is geen tolk gekozen."))
        )

    # Siblings: same family; their own teacher comes along; not already in another visit.
    for pupil in plan.pupils:
        if pupil.family_id != family.pk:
            refuse("pupils", _("%(name)s hoort niet bij dit gezin.") % {"name": pupil})
            continue
        teachers = set(pupil.group.group_teachers.values_list("teacher_id", flat=True)) if pupil.group else set()
        if teachers and not teachers & {v.pk for v in plan.visitors()}:
            refuse(
                "pupils",
                _("%(name)s zit in %(group)s. Neem de leerkracht van die groep mee als duo, of plan apart.")
                % {"name": pupil, "group": pupil.group},
            )
        other = VisitPupil.objects.filter(pupil=pupil, school_year=visit.school_year).exclude(visit=visit).first()
        if other is not None and (other.visit.status != S.TO_PLAN or other.visit.contact_attempts.exists()):
            refuse("pupils", _("%(name)s heeft al een eigen bezoek dit jaar.") % {"name": pupil})

    # Nobody booked twice: visitors and interpreter, with the travel time between their visits
    # (geo.travel: the real time between the two places, the programme's fixed buffer when unknown).
    here = school_point(school) if talk else family_point(family)
    window_start, window_end = plan.starts_at - TRAVEL_WINDOW, end + TRAVEL_WINDOW

    def clashes(person_q: Q) -> list[tuple[Visit, int]]:
        found = []
        for other in _busy(person_q, start=window_start, end=window_end, exclude=visit):
            travel = _travel_clash(other, start=plan.starts_at, end=end, here=here, talk=talk, programme=programme)
            if travel is not None:
                found.append((other, travel))
        return found

    for person in plan.visitors():
        for clash, travel in clashes(Q(lead_visitor=person) | Q(colleague=person)):
            refuse(
                "starts_at",
                _(
                    "%(name)s heeft dan al een huisbezoek (%(when)s, %(minutes)s min). "
                    "Reken ook de reistijd mee (%(travel)s min)."
                )
                % {
                    "name": person,
                    "when": _fmt(clash.starts_at),
                    "minutes": clash.duration_minutes,
                    "travel": travel,
                },
            )
    if plan.interpreter is not None:
        for clash, travel in clashes(Q(interpreter=plan.interpreter)):
            refuse(
                "interpreter",
                _("De tolk %(name)s is dan al geboekt (%(when)s). Reken ook de reistijd mee (%(travel)s min).")
                % {"name": plan.interpreter, "when": _fmt(clash.starts_at), "travel": travel},
            )
    return errors, warnings


@transaction.atomic
def visit_schedule(
    *,
    visit: Visit,
    plan: VisitPlan,
    by: User,
    confirmed: frozenset[str] = frozenset(),
    expected_version: int | None = None,
) -> Visit:
    """Plan (or move) a visit after checking every rule in ``plan_check``.

    Errors refuse the plan; warnings must be confirmed by their code. A moved visit is
    recorded as a reschedule. Siblings still "to plan" join this visit. A family that said no to a
    home visit ("declined", "invited at school") is planned a talk at school instead: same date, time
    and visitors, at school (``plannable_kind``). The family of a moved home visit and its school
    interpreter are told; a new interpreter or time asks the interpreter by link (``visits.changes``)."""
    visit = _locked(visit, expected_version)
    kind = plannable_kind(visit)
    if kind is None:
        raise ValidationError(
            _("Een bezoek met status '%(status)s' kan niet gepland worden.") % {"status": S(visit.status).label}
        )
    programme = Programme.objects.filter(school_year=visit.school_year).first()
    # Lock the visitors' other visits so two plans at once cannot both pass the check.
    list(
        Visit.objects.select_for_update()
        .filter(Q(lead_visitor__in=plan.visitors()) | Q(colleague__in=plan.visitors()), status__in=BUSY)
        .values_list("pk", flat=True)
    )
    errors, warnings = plan_check(visit=visit, plan=plan, programme=programme)
    if errors:
        raise ValidationError(errors)
    unconfirmed = [w for w in warnings if w.code not in confirmed]
    if unconfirmed:
        raise PlanNeedsConfirmation(unconfirmed)

    moved = visit.status == S.SCHEDULED and visit.starts_at != plan.starts_at
    before = Before.of(visit)
    for pupil in plan.pupils:
        old = VisitPupil.objects.filter(pupil=pupil, school_year=visit.school_year).exclude(visit=visit).first()
        if old is not None:
            empty = old.visit
            old.delete()
            if not empty.visit_pupils.exists():
                empty.delete()
        VisitPupil.objects.get_or_create(visit=visit, pupil=pupil, school_year=visit.school_year)

    for name in (
        "starts_at",
        "duration_minutes",
        "lead_visitor",
        "colleague",
        "interpreter",
        "family_interpreter",
        "meeting_point",
        "agenda",
        "requested_topics",
    ):
        setattr(visit, name, getattr(plan, name))
    visit.kind = kind
    if kind == Visit.Kind.SCHOOL_TALK:
        visit.meeting_point = ""
    note = _("verzet van %(when)s") % {"when": _fmt(visit.starts_at)} if moved else ""
    if visit.status != S.SCHEDULED or moved:
        record_transition(visit, to_status=S.SCHEDULED, by=by, note=note)
    else:
        visit.version += 1
    visit.save()
    visit_changes_notify(visit=visit, before=before)  # the family and the interpreter hear of it
    return visit


@transaction.atomic
def programme_save(*, programme: Programme, by: User) -> Programme:
    """Save the programme of a school year: the current one or one still to come (a year that has
    ended keeps its programme, so its figures stay as they were); the visit period must lie inside
    that year."""
    year = programme.school_year
    if year.school_id != programme.school_id:
        raise ValidationError(_("Dit schooljaar hoort bij een andere school."))
    if year.end < timezone.localdate():
        raise ValidationError(
            _("Schooljaar %(label)s is voorbij; het programma ervan verandert niet meer.") % {"label": year.label}
        )
    if not (year.start <= programme.period_start <= programme.period_end <= year.end):
        raise ValidationError(
            {"period_end": _("De bezoekperiode moet binnen het schooljaar %(label)s liggen.") % {"label": year.label}}
        )
    programme.full_clean()
    programme.save()
    return programme


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_renew(*, user: User, school: School) -> str:
    """Revoke the user's current calendar link at this school and return a new secret token.

    The token is shown once; only its hash is stored."""
    now = timezone.now()
    CalendarFeed.objects.filter(user=user, school=school, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)  # 256 bits
    CalendarFeed.objects.create(user=user, school=school, token_hash=feed_token_hash(token))
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: User, school: School) -> int:
    """Stop every calendar link of the user at this school (e.g. a lost phone)."""
    return CalendarFeed.objects.filter(user=user, school=school, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
