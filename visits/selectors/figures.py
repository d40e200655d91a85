"""The figures of a school year: progress per group and per teacher, where appointments fail,
interpreter use, care counts and hours — numbers only, never the content of a report or case.

Used by the directie's dashboard, the team-meeting view and exports, the board view and (through
``visits.selectors``) the evaluation. Every function runs a fixed number of aggregate queries,
however many pupils, groups, teachers or schools (``board_figures`` groups by school).

Counting rules (stated once, here):

* A pupil counts once, in the *cohort* of the year's programme (``selectors.in_cohort``); their
  status is that of their visit this school year, "to plan" when they have none yet.
* A pupil counts in the group they were in *that* school year (their ``Enrolment``), not their group
  today, so a past year's figures stay the same after pupils move up.
* Per teacher: the pupils of the groups the teacher is mentor of. A group with two mentors counts
  in both rows, so teacher rows may add up to more than the school total.
* Hours spent come from the minutes in submitted reports (visit + travel + report). A visit to
  siblings is shared equally among the siblings, so groups add up to the school.
* Hours budgeted: the programme's hours per visit times the cohort.
* Decline reasons and contact outcomes count families (visits), not pupils.
* Reasons come from the fixed lists on Visit (``DeclineReason``: why parents want no home visit;
  ``FailureReason``: why a visit did not go ahead — "not reachable" or "cancelled"). Each reason is
  one row with its count and its share of those families; "anders" is one row whatever was typed
  (the typed text is shown on the visit only); a visit without a reason is its own row.
* A talk at school (``Visit.Kind.SCHOOL_TALK``, for a family that wants no home visit) is never
  counted as a home visit: *visited* means visited at home. The progress of a talk has its own
  columns: *talk planned* (a date is set) and *talk held* (held, short report written or due).
* *Settled* means nothing is left to plan: visited at home, or the family wants no home visit
  (declined, invited at school, a talk at school planned or held). *On track*: settled, or a home
  visit is planned. *Still open*: to plan, contacted, not reachable or cancelled.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from typing import Any

from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextChoices,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from huisbezoek import languages
from huisbezoek.models import School, SchoolYear

from ..models import (
    CareCase,
    Consult,
    ContactAttempt,
    Enrolment,
    Group,
    GroupTeacher,
    Programme,
    Report,
    Visit,
    VisitPupil,
)
from ..reminders.settings import reminder_settings_for

STATUSES: tuple[str, ...] = tuple(Visit.Status.values)
# A talk at school counts in its own columns, never as a home visit planned, visited or reported.
TALK_PLANNED = "talk_planned"
TALK_HELD = "talk_held"
_TALK_COLUMN = {
    Visit.Status.SCHEDULED: TALK_PLANNED,
    Visit.Status.VISITED: TALK_HELD,
    Visit.Status.REPORTED: TALK_HELD,
}
# Every column of a progress row: a pupil counts in exactly one.
COLUMNS: tuple[str, ...] = (*STATUSES, TALK_PLANNED, TALK_HELD)
PROGRESS_COLUMNS: tuple[tuple[str, str | Promise], ...] = (
    *((code, Visit.Status(code).label) for code in STATUSES),
    (TALK_PLANNED, gettext_lazy("Gesprek op school gepland")),
    (TALK_HELD, gettext_lazy("Gesprek op school gehouden")),
)
DECLINED_STATUSES = (Visit.Status.DECLINED, Visit.Status.INVITED_AT_SCHOOL)
FAILED_STATUSES = (Visit.Status.UNREACHABLE, Visit.Status.CANCELLED)
# A family tried this often without reaching anyone is "stuck" (the team meeting discusses it).
STUCK_ATTEMPTS = 3
# A group is behind when its share on track trails the share of the period passed by more than this.
BEHIND_MARGIN = 0.10
OPEN_STATUSES = [Visit.Status.TO_PLAN, Visit.Status.CONTACTED, Visit.Status.UNREACHABLE]


def _hours(minutes: float) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Progress:
    """Pupils of a cohort (a whole school, a group or a teacher's groups) by visit status, and hours."""

    cohort: int = 0
    to_plan: int = 0
    contacted: int = 0
    scheduled: int = 0
    visited: int = 0
    reported: int = 0
    declined: int = 0
    invited_at_school: int = 0
    unreachable: int = 0
    cancelled: int = 0
    talk_planned: int = 0  # a talk at school is planned (the family wants no home visit)
    talk_held: int = 0  # a talk at school was held
    minutes_spent: float = 0.0
    hours_per_visit: Decimal = Decimal("0")

    @property
    def hours_spent(self) -> Decimal:
        return _hours(self.minutes_spent)

    @property
    def hours_budgeted(self) -> Decimal:
        return (self.hours_per_visit * self.cohort).quantize(Decimal("0.1"))

    @property
    def visited_or_reported(self) -> int:
        """Visited at home (a report written or still due); a talk at school is not a home visit."""
        return self.visited + self.reported

    @property
    def said_no(self) -> int:
        """The family wants no home visit: declined, invited at school, or a talk at school planned or held."""
        return self.declined + self.invited_at_school + self.talk_planned + self.talk_held

    @property
    def settled(self) -> int:
        """Nothing left to plan: visited at home, or the family wants no home visit (``said_no``)."""
        return self.visited_or_reported + self.said_no

    @property
    def on_track(self) -> int:
        """Settled, or a home visit is planned."""
        return self.settled + self.scheduled

    @property
    def still_open(self) -> int:
        """Still to reach or plan: to plan, contacted, unreachable or cancelled."""
        return self.to_plan + self.contacted + self.unreachable + self.cancelled

    def share(self, count: int) -> float:
        return count / self.cohort if self.cohort else 0.0

    @property
    def share_on_track(self) -> float:
        return self.share(self.on_track)

    def counts(self) -> dict[str, int]:
        """Pupils per column, in the order of ``COLUMNS`` (the statuses, then the talks at school)."""
        return {column: getattr(self, column) for column in COLUMNS}

    def __add__(self, other: Progress) -> Progress:
        merged: dict[str, Any] = {s: getattr(self, s) + getattr(other, s) for s in (*COLUMNS, "cohort")}
        return Progress(
            **merged,
            minutes_spent=self.minutes_spent + other.minutes_spent,
            hours_per_visit=self.hours_per_visit or other.hours_per_visit,
        )


@dataclass(frozen=True)
class Row:
    """One line of a progress table: a group or a teacher (``key`` is its id; None: no mentor)."""

    key: int | None
    label: str
    progress: Progress
    behind: bool = False


@dataclass(frozen=True)
class Tally:
    """A labelled count: an urgency, an outcome of care cases."""

    code: str
    label: str | Promise
    count: int


@dataclass(frozen=True)
class ReasonTally:
    """Families per reason from one of the fixed lists; ``share`` is of all families with such a status."""

    code: str  # "" for a visit without a reason
    label: str | Promise
    count: int
    share: float

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass(frozen=True)
class ContactOutcome:
    code: str
    label: str | Promise
    attempts: int
    families: int


@dataclass(frozen=True)
class InterpreterUse:
    """Visits this year whose family needs an interpreter in ``language``, and who interprets."""

    language: str
    label: str | Promise
    needed: int  # visits to a family that needs an interpreter in this language
    school_interpreter: int  # an interpreter of the school was booked
    family_interpreter: int  # the family brings someone


@dataclass(frozen=True)
class YearFigures:
    school_id: int
    school_name: str
    school_year_id: int
    school_year_label: str
    day: datetime.date  # "today" for the period's timeline
    has_programme: bool
    period_start: datetime.date | None
    period_end: datetime.date | None
    hours_per_visit: Decimal
    total: Progress
    groups: tuple[Row, ...]
    teachers: tuple[Row, ...]
    decline_reasons: tuple[ReasonTally, ...]
    declined_families: int  # visits of families that want no home visit (declined, invited, a talk at school)
    failure_reasons: tuple[ReasonTally, ...]
    failed_families: int  # visits not reachable or cancelled
    school_talks_planned: int  # families with a talk at school planned
    school_talks_held: int  # families who came for a talk at school
    contact_outcomes: tuple[ContactOutcome, ...]
    families_tried: int  # visits with at least one contact attempt
    stuck_families: int  # visits tried STUCK_ATTEMPTS+ times, never reached, still open
    interpreters: tuple[InterpreterUse, ...]
    flags: tuple[Tally, ...]  # submitted flagged reports by urgency
    care_open: int
    care_outcomes: tuple[Tally, ...]  # closed cases by outcome
    consults_asked: int
    consults_answered: int
    reports_submitted: int
    minutes_reported: int  # all submitted reports of the year, cohort or not
    group_id: int | None = None  # the figures are for this group only
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def period_days(self) -> int:
        if self.period_start is None or self.period_end is None:
            return 0
        return (self.period_end - self.period_start).days + 1

    @property
    def period_days_passed(self) -> int:
        if self.period_start is None or self.period_end is None:
            return 0
        return min(max((self.day - self.period_start).days + 1, 0), self.period_days)

    @property
    def period_days_left(self) -> int:
        return self.period_days - self.period_days_passed

    @property
    def period_share_passed(self) -> float:
        return self.period_days_passed / self.period_days if self.period_days else 0.0

    @property
    def flags_total(self) -> int:
        return sum(t.count for t in self.flags)

    @property
    def care_closed(self) -> int:
        return sum(t.count for t in self.care_outcomes)

    @property
    def hours_per_reported_visit(self) -> Decimal | None:
        if not self.reports_submitted:
            return None
        return _hours(self.minutes_reported / self.reports_submitted)

    @property
    def behind_groups(self) -> tuple[Row, ...]:
        return tuple(row for row in self.groups if row.behind)

    @property
    def interpreter_visits(self) -> int:
        return sum(u.school_interpreter + u.family_interpreter for u in self.interpreters)


# --- Queries ------------------------------------------------------------------------------------


class _YearBefore(Func):
    """The day one year and a day (366 days) before a date, on both database backends."""

    template = "(%(expressions)s - 366)"
    output_field = DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(compiler, connection, template="date(%(expressions)s, '-366 days')", **extra_context)


def _cohort_enrolments(year_ids: Sequence[int], group: Group | None) -> QuerySet[Enrolment]:
    """The enrolments of the cohort pupils of every programme of ``year_ids`` (one school year per
    school), as one queryset: the rule of ``selectors.in_cohort``, read from each pupil's enrolment in
    that year and that year's programme, however many schools. A pupil who left before the period
    began does not count."""
    programme = "school_year__programme__"
    Cohort, Frequency = Programme.Cohort, Programme.Frequency
    chosen_group = Programme.cohort_groups.through.objects.filter(
        programme__school_year=OuterRef("school_year"), group=OuterRef("group")
    )
    # Visited (or reported) in the school's year that ended within a year before this one began.
    visited_last_year = VisitPupil.objects.filter(
        pupil=OuterRef("pupil"),
        school_year__school=OuterRef("school_year__school"),
        school_year__end__lt=OuterRef("school_year__start"),
        school_year__end__gte=_YearBefore(OuterRef("school_year__start")),
        visit__status__in=[Visit.Status.VISITED, Visit.Status.REPORTED],
    )
    rule = (
        Q(**{programme + "cohort": Cohort.ALL})
        | Q(**{programme + "cohort": Cohort.FIRST_YEARS_AND_NEW}) & (Q(group__grade=1) | Q(pupil__is_new_entrant=True))
        | Q(**{programme + "cohort": Cohort.GROUPS}) & Q(Exists(chosen_group))
    )
    enrolments = (
        # No check that the year is the pupil's school's: ``enrolments_set``, the one writer, keeps
        # pupil, group and year in one school (such a check misled PostgreSQL's row estimate 40-fold).
        Enrolment.objects.filter(school_year__in=list(year_ids))
        .filter(rule)
        .filter(Q(pupil__left_on__isnull=True) | Q(pupil__left_on__gte=F(programme + "period_start")))
        .exclude(Q(**{programme + "frequency": Frequency.EVERY_OTHER_YEAR}) & Q(Exists(visited_last_year)))
    )
    if group is not None:
        enrolments = enrolments.filter(group=group)
    return enrolments


def _status_counts(enrolments: QuerySet[Enrolment], keys: list[str]) -> list[dict[str, Any]]:
    """Cohort pupils (``enrolments``, one per pupil) per status and their share of reported minutes,
    grouped by ``keys`` (fields of Enrolment). One query: grouped by ``keys`` and the status, then
    turned into one row per key with a count per status. The visit is the pupil's visit in the
    enrolment's school year."""
    siblings = (
        VisitPupil.objects.filter(visit=OuterRef("this_year__visit"))
        .order_by()
        .values("visit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    report = "this_year__visit__report__"
    minutes = ExpressionWrapper(
        (
            Coalesce(F(report + "minutes_visit"), 0)
            + Coalesce(F(report + "minutes_travel"), 0)
            + Coalesce(F(report + "minutes_report"), 0)
        )
        * Value(1.0)
        / Subquery(siblings, output_field=IntegerField()),
        output_field=FloatField(),
    )
    grouped = (
        enrolments.annotate(
            this_year=FilteredRelation(
                "pupil__visit_links", condition=Q(pupil__visit_links__school_year=F("school_year"))
            ),
            status=Coalesce(F("this_year__visit__status"), Value(Visit.Status.TO_PLAN)),
            kind=F("this_year__visit__kind"),
        )
        .order_by()
        .values(*keys, "status", "kind")
        .annotate(n=Count("pk"), minutes_spent=Sum(minutes, filter=Q(**{report + "status": Report.Status.SUBMITTED})))
    )
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    for part in grouped:
        key = tuple(part[k] for k in keys)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {**{k: part[k] for k in keys}, **dict.fromkeys(COLUMNS, 0), "minutes_spent": 0.0}
        column = part["status"]
        if part["kind"] == Visit.Kind.SCHOOL_TALK:
            column = _TALK_COLUMN.get(column, column)
        row[column] += part["n"]
        row["minutes_spent"] += part["minutes_spent"] or 0.0
    for row in rows.values():
        row["cohort"] = sum(row[column] for column in COLUMNS)
    return list(rows.values())


def _teacher_rows(
    group_rows: dict[int, list[dict[str, Any]]], mentors: Iterable[Mapping[str, Any]]
) -> dict[int, list[dict[str, Any]]]:
    """The progress rows per mentor, per school: each group row added to the row of each of its
    mentors (a group with two mentors counts in both), or to the "no mentor" row (``None``)."""
    of_group: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for link in mentors:
        of_group[link["group_id"]].append(link)
    out: dict[int, list[dict[str, Any]]] = {}
    for school_id, rows in group_rows.items():
        teachers: dict[int | None, dict[str, Any]] = {}
        for row in rows:
            for mentor in of_group.get(row["group_id"]) or (None,):
                key = mentor["teacher_id"] if mentor else None
                teacher = teachers.get(key)
                if teacher is None:
                    teacher = teachers[key] = {
                        "mentor__teacher_id": key,
                        "mentor__teacher__first_name": mentor["teacher__first_name"] if mentor else None,
                        "mentor__teacher__last_name": mentor["teacher__last_name"] if mentor else None,
                        **dict.fromkeys(COLUMNS, 0),
                        "cohort": 0,
                        "minutes_spent": 0.0,
                    }
                for column in (*COLUMNS, "cohort", "minutes_spent"):
                    teacher[column] += row[column]
        out[school_id] = list(teachers.values())
    return out


def _progress(row: dict[str, Any], hours_per_visit: Decimal) -> Progress:
    return Progress(
        cohort=row["cohort"],
        minutes_spent=float(row["minutes_spent"] or 0),
        hours_per_visit=hours_per_visit,
        **{column: row[column] for column in COLUMNS},
    )


def _per_school(rows: Iterable[dict[str, Any]], key: str = "school_id") -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return out


def _language_label(code: str) -> str | Promise:
    lang = languages.get(code) if code else None
    return lang.name if lang else "—"


NO_REASON = gettext_lazy("Geen reden genoteerd")


def _reason_tallies(counts: dict[str, int], choices: type[TextChoices]) -> tuple[ReasonTally, ...]:
    """One row per reason that occurs, most families first (ties in the list's order); "anders" is
    one row, and visits without a reason one more, last among equals."""
    total = sum(counts.values())
    order = {code: i for i, code in enumerate(choices.values)}
    labels = dict(choices.choices)
    return tuple(
        ReasonTally(code, labels.get(code, NO_REASON), n, n / total)
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))
        if n
    )


def _stuck_visits(of_visits: Q) -> QuerySet[Any, dict[str, Any]]:
    """The visits (``of_visits``, a condition on ContactAttempt) still open and tried
    ``STUCK_ATTEMPTS`` times or more without reaching anyone, one row per visit (``visit``,
    ``visit__school_id``), read from the attempts: a visit never tried is never stuck, so this
    never scans the visits without an attempt."""
    return (
        ContactAttempt.objects.filter(of_visits, visit__status__in=OPEN_STATUSES)
        .order_by()
        .values("visit", "visit__school_id")
        .annotate(tries=Count("pk"), reached=Count("pk", filter=Q(outcome=ContactAttempt.Outcome.REACHED)))
        .filter(tries__gte=STUCK_ATTEMPTS, reached=0)
    )


def _programmes(years: Sequence[SchoolYear]) -> dict[int, Programme]:
    """The programme of each year, by school: read with the years when they were fetched with
    ``select_related("programme")`` (no query), else in one query."""
    if all(SchoolYear.programme.is_cached(year) for year in years):  # type: ignore[attr-defined]
        found = (getattr(year, "programme", None) for year in years)
        return {p.school_id: p for p in found if p is not None}
    return {p.school_id: p for p in Programme.objects.filter(school_year__in=[year.pk for year in years])}


def _figures(
    pairs: Sequence[tuple[School, SchoolYear]],
    *,
    group: Group | None = None,
    day: datetime.date | None = None,
    summary: bool = False,
) -> list[YearFigures]:
    """Figures for each (school, school year), in the order given: a fixed number of queries.

    ``summary``: only what the board view shows (progress with hours, groups behind schedule,
    stuck families, interpreters, flags, consults), in 5 queries instead of 9. Group rows then carry
    no name, and the reasons, contact outcomes, teachers and care figures are empty."""
    day = day or timezone.localdate()
    year_ids = [year.pk for _, year in pairs]
    school_ids = [school.pk for school, _ in pairs]
    programmes = _programmes([year for _, year in pairs])
    group_keys = ["school_year__school_id", "group_id"]
    if not summary:  # grouping by the names costs a sort of every cohort row; the board needs no names
        group_keys += ["group__name", "group__grade"]
    counted = _status_counts(_cohort_enrolments(year_ids, group), group_keys) if programmes else []
    group_rows = _per_school(counted, key="school_year__school_id")
    teacher_rows: dict[int, list[dict[str, Any]]] = {}
    if programmes and not summary:
        # Per teacher: the sum of the rows of the groups they are mentor of (each cohort pupil is in
        # one group that year), from the group rows and the mentors, not from a second count.
        mentors = (
            GroupTeacher.objects.filter(group__school_year__in=year_ids, kind=GroupTeacher.Kind.MENTOR)
            .order_by()
            .values("group_id", "teacher_id", "teacher__first_name", "teacher__last_name")
        )
        teacher_rows = _teacher_rows(group_rows, mentors)

    visits = Visit.objects.filter(school_year__in=year_ids)  # a school year is one school's
    # Rows of another model whose visit is one of ``visits``: a plain join on the visit's year, or
    # for one group the semi-join on its visits.
    of_visits = Q(visit__school_year__in=year_ids)
    if group is not None:
        visits = visits.filter(pk__in=VisitPupil.objects.filter(pupil__enrolments__group=group).values("visit"))
        of_visits = Q(visit__in=visits)
    reason_rows: dict[int, list[dict[str, Any]]] = {}
    attempts: dict[int, list[dict[str, Any]]] = {}
    if not summary:
        reason_rows = _per_school(
            visits.filter(Q(status__in=[*DECLINED_STATUSES, *FAILED_STATUSES]) | Q(kind=Visit.Kind.SCHOOL_TALK))
            .order_by()
            .values("school_id", "status", "kind", "decline_reason", "failure_reason")
            .annotate(n=Count("pk"))
        )
        attempts = _per_school(
            ContactAttempt.objects.filter(of_visits)
            .order_by()
            .values("visit__school_id", "outcome")
            .annotate(attempts=Count("pk"), families=Count("visit", distinct=True)),
            key="visit__school_id",
        )
    stuck = _stuck_visits(of_visits)
    if summary:
        tried: dict[int, dict[str, int]] = defaultdict(lambda: {"tried": 0, "stuck": 0})
        for school_id in stuck.values_list("visit__school_id", flat=True):
            tried[school_id]["stuck"] += 1
    else:
        tried = {
            row["school_id"]: row
            for row in visits.order_by()
            .values("school_id")
            .annotate(
                tried=Count("pk", filter=Q(pk__in=ContactAttempt.objects.filter(of_visits).values("visit"))),
                stuck=Count("pk", filter=Q(pk__in=stuck.values("visit"))),
            )
        }
    interpreter_rows = _per_school(
        visits.filter(Q(family__interpreter_needed=True) | Q(interpreter__isnull=False) | ~Q(family_interpreter=""))
        .exclude(status=Visit.Status.CANCELLED)
        .order_by()
        .values("school_id", "family__interpreter_language")
        .annotate(
            needed=Count("pk", filter=Q(family__interpreter_needed=True)),
            school=Count("pk", filter=Q(interpreter__isnull=False)),
            family=Count("pk", filter=Q(interpreter__isnull=True) & ~Q(family_interpreter="")),
        )
    )
    reports = _per_school(
        Report.objects.filter(of_visits, status=Report.Status.SUBMITTED)
        .order_by()
        .values("school_id", "flagged", "flag_urgency")
        .annotate(
            n=Count("pk"),
            minutes=Sum(Coalesce("minutes_visit", 0) + Coalesce("minutes_travel", 0) + Coalesce("minutes_report", 0)),
        )
    )
    cases = CareCase.objects.filter(school__in=school_ids, school_year__in=year_ids)
    consults = Consult.objects.filter(school__in=school_ids, school_year__in=year_ids)
    if group is not None:
        cases = cases.filter(pupil__enrolments__group=group)
        consults = consults.filter(of_visits)
    case_rows: dict[int, list[dict[str, Any]]] = {}
    if not summary:
        case_rows = _per_school(cases.order_by().values("school_id", "status", "outcome").annotate(n=Count("pk")))
    consult_rows = {
        row["school_id"]: row
        for row in consults.order_by()
        .values("school_id")
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    }

    results = []
    for school, year in pairs:
        programme = programmes.get(school.pk)
        hours_per_visit = programme.hours_per_visit if programme else Decimal("0")
        period_share = 0.0
        if programme is not None:
            days = (programme.period_end - programme.period_start).days + 1
            period_share = min(max((day - programme.period_start).days + 1, 0), days) / days
        groups = []
        rows = sorted(
            group_rows.get(school.pk, []),
            key=lambda r: (r.get("group__grade", 0), r.get("group__name", "")),
        )
        for row in rows:
            progress = _progress(row, hours_per_visit)
            behind = progress.share_on_track + BEHIND_MARGIN < period_share
            label = row.get("group__name", "")
            groups.append(Row(row["group_id"], label, progress, behind))
        teachers = []
        for row in teacher_rows.get(school.pk, []):
            name = f"{row['mentor__teacher__first_name']} {row['mentor__teacher__last_name']}".strip()
            progress = _progress(row, hours_per_visit)
            behind = progress.share_on_track + BEHIND_MARGIN < period_share
            teachers.append(Row(row["mentor__teacher_id"], name or "—", progress, behind))
        teachers.sort(key=lambda r: (r.key is None, r.label))
        total = reduce(lambda a, b: a + b, (r.progress for r in groups), Progress(hours_per_visit=hours_per_visit))

        declines: dict[str, int] = defaultdict(int)
        failures: dict[str, int] = defaultdict(int)
        talks_planned = talks_held = 0
        for row in reason_rows.get(school.pk, []):
            talk = row["kind"] == Visit.Kind.SCHOOL_TALK
            if talk or row["status"] in DECLINED_STATUSES:
                declines[row["decline_reason"]] += row["n"]
                if talk and _TALK_COLUMN.get(row["status"]) == TALK_PLANNED:
                    talks_planned += row["n"]
                elif talk and _TALK_COLUMN.get(row["status"]) == TALK_HELD:
                    talks_held += row["n"]
            else:
                failures[row["failure_reason"]] += row["n"]
        outcome_rows = {r["outcome"]: r for r in attempts.get(school.pk, [])}
        outcomes = tuple(
            ContactOutcome(code, label, outcome_rows[code]["attempts"], outcome_rows[code]["families"])
            for code, label in ContactAttempt.Outcome.choices
            if code in outcome_rows
        )
        interpreters = tuple(
            sorted(
                (
                    InterpreterUse(
                        r["family__interpreter_language"] or "",
                        _language_label(r["family__interpreter_language"]),
                        r["needed"],
                        r["school"],
                        r["family"],
                    )
                    for r in interpreter_rows.get(school.pk, [])
                ),
                key=lambda u: (-u.needed, str(u.label)),
            )
        )
        flags: dict[str, int] = dict.fromkeys(Report.Urgency.values, 0)
        reports_submitted = minutes_reported = 0
        for row in reports.get(school.pk, []):
            reports_submitted += row["n"]
            minutes_reported += row["minutes"] or 0
            if row["flagged"]:
                urgency = row["flag_urgency"] or Report.Urgency.NORMAL
                flags[urgency] += row["n"]
        care_open = 0
        closed: dict[str, int] = dict.fromkeys(CareCase.Outcome.values, 0)
        for row in case_rows.get(school.pk, []):
            if row["status"] == CareCase.Status.OPEN:
                care_open += row["n"]
            elif row["outcome"] in closed:
                closed[row["outcome"]] += row["n"]
        consult = consult_rows.get(school.pk, {"asked": 0, "answered": 0})
        visit_counts = tried.get(school.pk, {"tried": 0, "stuck": 0})
        results.append(
            YearFigures(
                school_id=school.pk,
                school_name=school.name,
                school_year_id=year.pk,
                school_year_label=year.label,
                day=day,
                has_programme=programme is not None,
                period_start=programme.period_start if programme else None,
                period_end=programme.period_end if programme else None,
                hours_per_visit=hours_per_visit,
                total=total,
                groups=tuple(groups),
                teachers=tuple(teachers),
                decline_reasons=_reason_tallies(declines, Visit.DeclineReason),
                declined_families=sum(declines.values()),
                failure_reasons=_reason_tallies(failures, Visit.FailureReason),
                failed_families=sum(failures.values()),
                school_talks_planned=talks_planned,
                school_talks_held=talks_held,
                contact_outcomes=outcomes,
                families_tried=visit_counts["tried"],
                stuck_families=visit_counts["stuck"],
                interpreters=interpreters,
                flags=tuple(Tally(u, Report.Urgency(u).label, n) for u, n in flags.items()),
                care_open=care_open,
                care_outcomes=tuple(Tally(o, CareCase.Outcome(o).label, n) for o, n in closed.items()),
                consults_asked=consult["asked"],
                consults_answered=consult["answered"],
                reports_submitted=reports_submitted,
                minutes_reported=minutes_reported,
                group_id=group.pk if group is not None else None,
            )
        )
    return results


def year_figures(
    *, school: School, school_year: SchoolYear, group: Group | None = None, day: datetime.date | None = None
) -> YearFigures:
    """The figures of one school year of ``school`` (any year, not only the current one), optionally
    for one ``group``. ``day`` places "today" on the period's timeline (default: today). Ten queries."""
    if school_year.school_id != school.pk or (group is not None and group.school_id != school.pk):
        raise ValueError("school_year and group must belong to school")
    return _figures([(school, school_year)], group=group, day=day)[0]


def board_figures(*, schools: Sequence[School], day: datetime.date | None = None) -> list[YearFigures]:
    """Each school's figures for its school year containing ``day`` (default: today), side by side:
    the summary the board view shows (see ``_figures``). Schools without such a year are left out.
    Six queries (with the school years), however many schools."""
    day = day or timezone.localdate()
    years = {
        y.school_id: y
        for y in SchoolYear.objects.filter(school__in=[s.pk for s in schools])
        .containing(day)
        .select_related("programme")
    }
    pairs = [(school, years[school.pk]) for school in schools if school.pk in years]
    return _figures(pairs, day=day, summary=True) if pairs else []


# --- What is stuck (the team meeting) -----------------------------------------------------------


@dataclass(frozen=True)
class StuckFamily:
    visit_id: int
    family: str
    groups: str
    teacher: str
    status: str
    status_label: str | Promise
    attempts: int
    last_attempt: datetime.datetime | None


@dataclass(frozen=True)
class OverdueReport:
    visit_id: int
    family: str
    groups: str
    teacher: str
    visited_on: datetime.date
    days: int


@dataclass(frozen=True)
class Stuck:
    families: tuple[StuckFamily, ...]
    overdue_reports: tuple[OverdueReport, ...]


def _first_group() -> Subquery:
    """The (lowest) group of the pupils on a visit in the visit's school year; siblings in several
    groups show the youngest's."""
    return Subquery(
        Enrolment.objects.filter(pupil__visit_links__visit=OuterRef("pk"), school_year=OuterRef("school_year"))
        .order_by("group__grade")
        .values("group__name")[:1]
    )


def stuck(
    *, school: School, school_year: SchoolYear, group: Group | None = None, now: datetime.datetime | None = None
) -> Stuck:
    """Families tried ``STUCK_ATTEMPTS`` times or more without reaching anyone and still to plan, and
    visited families whose report is overdue: the school's number of days (its reminder setting, also
    used for the teacher's reminder) has passed since the visit day. Names and counts only, never what a
    report says. Three queries."""
    now = now or timezone.now()
    visits = Visit.objects.filter(school=school, school_year=school_year)
    if group is not None:
        visits = visits.filter(pk__in=VisitPupil.objects.filter(pupil__enrolments__group=group).values("visit"))
    visits = visits.select_related("family", "lead_visitor").annotate(group_name=_first_group())
    families = (
        visits.filter(status__in=OPEN_STATUSES)
        .annotate(
            tries=Count("contact_attempts"),
            reached=Count("contact_attempts", filter=Q(contact_attempts__outcome=ContactAttempt.Outcome.REACHED)),
            last_try=Max("contact_attempts__at"),
        )
        .filter(tries__gte=STUCK_ATTEMPTS, reached=0)
        .order_by("-tries", "family__name")
    )
    # Overdue once the school's number of Amsterdam calendar days has passed since the visit day.
    today = timezone.localtime(now).date()
    cutoff = reminder_settings_for(school=school).reports_overdue_before(today)
    overdue = visits.filter(status=Visit.Status.VISITED, starts_at__lt=cutoff).order_by("starts_at")
    return Stuck(
        families=tuple(
            StuckFamily(
                visit_id=v.pk,
                family=v.family.name,
                groups=v.group_name or "",
                teacher=v.lead_visitor.get_full_name(),
                status=v.status,
                status_label=v.get_status_display(),
                attempts=v.tries,
                last_attempt=v.last_try,
            )
            for v in families
        ),
        overdue_reports=tuple(
            OverdueReport(
                visit_id=v.pk,
                family=v.family.name,
                groups=v.group_name or "",
                teacher=v.lead_visitor.get_full_name(),
                visited_on=timezone.localtime(v.starts_at).date(),
                days=(today - timezone.localtime(v.starts_at).date()).days,
            )
            for v in overdue
            if v.starts_at is not None
        ),
    )
