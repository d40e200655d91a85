"""Reads for the school's staff management (the ``staff`` app): who teaches which group this
year, a teacher's open visits and unfinished reports, and the school's interpreters.

Each runs a fixed number of queries, whatever the number of people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from ..models import GroupTeacher, Interpreter, Report, Visit

if TYPE_CHECKING:
    from huisbezoek.models import School, SchoolYear, User

# A visit in one of these statuses is finished and stays with whoever made it.
FINISHED_STATUSES = (Visit.Status.REPORTED, Visit.Status.CANCELLED, Visit.Status.DECLINED)


def groups_by_teacher(*, school: School, school_year: SchoolYear | None) -> dict[int, list[GroupTeacher]]:
    """Each teacher's links to the groups of ``school_year`` (user id -> links), in one query."""
    found: dict[int, list[GroupTeacher]] = defaultdict(list)
    if school_year is None:
        return found
    links = (
        GroupTeacher.objects.filter(group__school=school, group__school_year=school_year)
        .select_related("group")
        .order_by("group__grade", "group__name")
    )
    for link in links:
        found[link.teacher_id].append(link)
    return found


def open_visits(*, school: School, user: User) -> QuerySet[Visit]:
    """``user``'s visits at ``school`` that are not finished (as visitor or duo colleague)."""
    return (
        Visit.objects.filter(Q(lead_visitor=user) | Q(colleague=user), school=school)
        .exclude(status__in=FINISHED_STATUSES)
        .select_related("family", "lead_visitor", "colleague")
        .order_by("starts_at", "pk")
    )


def open_work_counts(*, school: School, user_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """For each user: (open visits as visitor or duo colleague, unfinished reports) at ``school``,
    in three queries."""
    ids = list(user_ids)
    by_visits: dict[int, int] = defaultdict(int)
    for role in ("lead_visitor", "colleague"):
        rows = (
            Visit.objects.filter(school=school, **{f"{role}__in": ids})
            .exclude(status__in=FINISHED_STATUSES)
            .order_by()
            .values(role)
            .annotate(n=Count("pk"))
        )
        for row in rows:
            by_visits[row[role]] += row["n"]
    reports = (
        Report.objects.filter(school=school, author__in=ids, status=Report.Status.DRAFT)
        .values("author")
        .annotate(n=Count("pk"))
    )
    by_reports = {row["author"]: row["n"] for row in reports}
    return {pk: (by_visits.get(pk, 0), by_reports.get(pk, 0)) for pk in ids}


def interpreters_of(*, school: School) -> QuerySet[Interpreter]:
    """The school's interpreters and parent contact persons, active ones first, by name."""
    return Interpreter.objects.filter(school=school).select_related("user").order_by("-is_active", "name")
