"""Reads about pupils, families, groups and the programme: the cohort, this year's visit status,
what the evaluation and the care counts need. Keyword-only, typed, scoped to one school."""

from __future__ import annotations

import datetime

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from huisbezoek.models import School, SchoolYear

from ..models import (
    ContactAttempt,
    Enrolment,
    FamilyLanguage,
    Group,
    InterpreterBooking,
    Programme,
    Pupil,
    Visit,
    VisitPupil,
)
from .families import family_contact, home_languages


def current_school_year(*, school: School, day: datetime.date | None = None) -> SchoolYear | None:
    return SchoolYear.objects.filter(school=school).containing(day or timezone.localdate()).first()


def next_school_year(*, school: School, day: datetime.date | None = None) -> SchoolYear | None:
    """The school's first year that starts after ``day`` (default: today): the year to prepare."""
    return SchoolYear.objects.filter(school=school, start__gt=day or timezone.localdate()).order_by("start").first()


def years_to_prepare(*, school: School, day: datetime.date | None = None) -> list[SchoolYear]:
    """The current school year (if ``day``, default today, falls in one) and the next one (if it
    exists): the years whose programme, groups and pupils the school may still change. One query."""
    day = day or timezone.localdate()
    years = list(SchoolYear.objects.filter(school=school, end__gte=day).order_by("start")[:2])
    return years if years and years[0].start <= day else years[:1]


def group_year(*, school: School, day: datetime.date | None = None) -> SchoolYear | None:
    """The school year whose groups are the pupils' current groups (``Pupil.group``): the last year
    that has begun on ``day`` (default: today), or a later one the administrator started early. One query."""
    day = day or timezone.localdate()
    return (
        SchoolYear.objects.filter(school=school)
        .filter(Q(start__lte=day) | Q(year_start__isnull=False))
        .order_by("-start")
        .first()
    )


def groups_of_year(*, school: School, school_year: SchoolYear | None) -> QuerySet[Group]:
    """The school's groups in ``school_year``, in the order of the grades (none without a year)."""
    return Group.objects.filter(school=school, school_year=school_year).order_by("grade", "name")


# The statuses a visit goes through, for pages that show or count them.
VisitStatus = Visit.Status


def programme_for(*, school: School, school_year: SchoolYear | None = None) -> Programme | None:
    """The home-visit programme of ``school`` for ``school_year`` (default: the current year)."""
    year = school_year or current_school_year(school=school)
    if year is None:
        return None
    return Programme.objects.filter(school=school, school_year=year).first()


# Order of "what needs action" on the pupil list: first families nobody has tried to reach,
# then those to plan, reports to write, talks at school to plan, upcoming visits; finished ones last.
ACTION_ORDER = [
    "not_contacted",
    Visit.Status.TO_PLAN,
    Visit.Status.CONTACTED,
    Visit.Status.UNREACHABLE,
    Visit.Status.VISITED,
    Visit.Status.DECLINED,
    Visit.Status.INVITED_AT_SCHOOL,
    Visit.Status.SCHEDULED,
    Visit.Status.CANCELLED,
    Visit.Status.REPORTED,
]


def in_cohort(pupils: QuerySet[Pupil], programme: Programme | None) -> QuerySet[Pupil]:
    """Limit ``pupils`` to the programme's cohort: everyone, first-years and new entrants, or chosen
    groups; with a visit every other year, minus those visited last school year.

    The cohort of a year is read from that year's enrolments (the group a pupil was in that year),
    never from the pupil's current group, so a past year keeps its cohort when pupils move up."""
    if programme is None:
        return pupils.none()
    # One filter() call: every condition on ``enrolments`` speaks of the same (that year's) enrolment.
    enrolled = Q(enrolments__school_year=programme.school_year)
    if programme.cohort == Programme.Cohort.FIRST_YEARS_AND_NEW:
        enrolled &= Q(enrolments__group__grade=1) | Q(is_new_entrant=True)
    elif programme.cohort == Programme.Cohort.GROUPS:
        enrolled &= Q(enrolments__group__in=programme.cohort_groups.all())
    pupils = pupils.filter(enrolled)
    if programme.frequency == Programme.Frequency.EVERY_OTHER_YEAR:
        # Visited last school year: their turn comes again next year. One EXISTS, so every
        # condition speaks of the same visit (an exclude() over the relation would test each
        # condition on any visit of the pupil).
        visited_last_year = VisitPupil.objects.filter(
            pupil=OuterRef("pk"),
            school_year__school=programme.school_id,
            school_year__end__lt=programme.school_year.start,
            school_year__end__gte=programme.school_year.start - datetime.timedelta(days=366),
            visit__status__in=[Visit.Status.VISITED, Visit.Status.REPORTED],
        )
        pupils = pupils.exclude(Exists(visited_last_year))
    return pupils


def with_visit_status(pupils: QuerySet[Pupil], school_year: SchoolYear) -> QuerySet[Pupil]:
    """Annotate each pupil with this year's visit (id, status, kind, time), whether anyone tried to
    reach the family, whether the interpreter said no (``interpreter_declined``), the main home
    language, their group in ``school_year`` (``year_group_grade``, ``year_group_name``)
    and a sort key for "what needs action" (then by that year's group).

    A fixed number of queries, however many pupils."""
    link = VisitPupil.objects.filter(pupil=OuterRef("pk"), school_year=school_year)
    attempts = ContactAttempt.objects.filter(visit__visit_pupils__pupil=OuterRef("pk"), visit__school_year=school_year)
    main_language = FamilyLanguage.objects.filter(family=OuterRef("family"), is_main=True).values("language")[:1]
    year_group = Enrolment.objects.filter(pupil=OuterRef("pk"), school_year=school_year)
    # The interpreter said no through their link: a planned visit without one again (as on the visit page).
    declined = InterpreterBooking.objects.filter(
        visit__visit_pupils__pupil=OuterRef("pk"),
        visit__school_year=school_year,
        visit__status=Visit.Status.SCHEDULED,
        visit__interpreter__isnull=True,
        visit__family_interpreter="",
        visit__starts_at=F("starts_at"),
        status=InterpreterBooking.Status.DECLINED,
    )
    annotated = pupils.select_related("group", "family").annotate(
        visit_id=Subquery(link.values("visit_id")[:1]),
        visit_status=Coalesce(Subquery(link.values("visit__status")[:1]), Value(Visit.Status.TO_PLAN)),
        visit_starts_at=Subquery(link.values("visit__starts_at")[:1]),
        visit_kind=Subquery(link.values("visit__kind")[:1]),
        contacted=Exists(attempts),
        interpreter_declined=Exists(declined),
        main_language=Subquery(main_language),
        year_group_grade=Subquery(year_group.values("group__grade")[:1]),
        year_group_name=Subquery(year_group.values("group__name")[:1]),
    )
    order = [When(contacted=False, visit_status=Visit.Status.TO_PLAN, then=Value(0))] + [
        When(visit_status=status, then=Value(rank)) for rank, status in enumerate(ACTION_ORDER) if rank
    ]
    return annotated.annotate(action_rank=Case(*order, default=Value(99))).order_by(
        "action_rank", "visit_starts_at", "year_group_grade", "year_group_name", "last_name", "first_name"
    )


def care_counts(*, school: School, school_year: SchoolYear) -> dict:
    """How often the care coordinator was consulted and flagged, and how cases ended, in one school
    year (for the dashboard and the evaluation): numbers only, never content. Three queries.

    ``{"consults_asked", "consults_answered", "flags": {urgency: n}, "flags_total",
    "cases_open", "cases_closed": {outcome: n}, "cases_closed_total"}``, every key present."""
    # Imported here so this read-only module keeps its short import list for the other apps.
    from django.db.models import Count

    from ..models import CareCase, Consult, Report

    consults = Consult.objects.filter(school=school, school_year=school_year).aggregate(
        asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    flagged = Report.objects.filter(
        school=school, visit__school_year=school_year, status=Report.Status.SUBMITTED, flagged=True
    )
    flags = {u: 0 for u in Report.Urgency.values}
    for row in flagged.values("flag_urgency").annotate(n=Count("pk")).order_by():
        key = row["flag_urgency"] or Report.Urgency.NORMAL
        flags[key] = flags.get(key, 0) + row["n"]
    closed = {o: 0 for o in CareCase.Outcome.values}
    cases_open = 0
    cases = CareCase.objects.filter(school=school, school_year=school_year)
    for row in cases.values("status", "outcome").annotate(n=Count("pk")).order_by():
        if row["status"] == CareCase.Status.OPEN:
            cases_open += row["n"]
        elif row["outcome"] in closed:
            closed[row["outcome"]] += row["n"]
    return {
        "consults_asked": consults["asked"],
        "consults_answered": consults["answered"],
        "flags": flags,
        "flags_total": sum(flags.values()),
        "cases_open": cases_open,
        "cases_closed": closed,
        "cases_closed_total": sum(closed.values()),
    }


# --- For the evaluation app --------------------------------------------------------------------


def evaluation_families(*, school: School, school_year: SchoolYear) -> list[dict]:
    """Families with a pupil in the year's cohort, to invite to the parent questionnaire: ``id``,
    ``languages`` (home languages, main first: pass them to ``parent_language``) and ``contact``
    (``family_contact``: where to message them, None for a family the school reaches in person
    or on paper). Four queries, however many families."""
    from ..models import Family

    pupils = in_cohort(
        Pupil.objects.filter(school=school, left_on__isnull=True), programme_for(school=school, school_year=school_year)
    )
    families = (
        Family.objects.filter(school=school, pk__in=pupils.values("family"))
        .prefetch_related("home_languages", "guardians")
        .order_by("pk")
    )
    return [
        {"id": family.pk, "languages": home_languages(family), "contact": family_contact(family)} for family in families
    ]


def evaluation_groups(*, school: School, school_year: SchoolYear) -> list[dict]:
    """Groups of the year with their number of cohort pupils (for class codes): id, name, pupils,
    and the ids of their teachers. A pupil counts in their group of that year. Four queries."""
    from django.db.models import Count

    from ..models import GroupTeacher

    pupils = in_cohort(
        Pupil.objects.filter(school=school, left_on__isnull=True), programme_for(school=school, school_year=school_year)
    )
    # The group of the pupil's enrolment in this year (in_cohort joined exactly that enrolment).
    counts = {
        row["enrolments__group"]: row["n"]
        for row in pupils.order_by().values("enrolments__group").annotate(n=Count("pk"))
        if row["enrolments__group"]
    }
    teachers: dict[int, list[int]] = {}
    for link in GroupTeacher.objects.filter(group__in=list(counts)).values("group_id", "teacher_id"):
        teachers.setdefault(link["group_id"], []).append(link["teacher_id"])
    groups = Group.objects.filter(school=school, pk__in=list(counts)).order_by("grade", "name")
    return [{"id": g.pk, "name": g.name, "pupils": counts[g.pk], "teachers": teachers.get(g.pk, [])} for g in groups]
