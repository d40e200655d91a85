"""Reads of the dashboard. The dashboard has no models: everything comes from ``visits.selectors``
(figures are aggregates, a fixed number of queries) and from the core's memberships."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _

from huisbezoek.models import Membership, Role, School, SchoolYear
from visits.selectors import PROGRESS_COLUMNS

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from visits.selectors import YearFigures
    from visits.selectors.figures import Progress, Row, Stuck


def school_years(*, school: School) -> list[SchoolYear]:
    """The school's years, newest first (the dashboard's year choice), each with its programme, so
    the figures need not read it again."""
    return list(SchoolYear.objects.filter(school=school).select_related("programme").order_by("-start"))


def board_schools(*, memberships: Iterable[Membership], school: School) -> list[School]:
    """Schools of ``school``'s board where the user of ``memberships`` (all their roles: the
    request's ``memberships``, read once by the middleware) is directie, ``school`` itself included,
    by name. No query."""
    return sorted(
        {m.school for m in memberships if m.role == Role.DIRECTIE and m.school.board_id == school.board_id},
        key=lambda s: s.name,
    )


@dataclass(frozen=True)
class ProgressLine:
    """One line of a progress table, ready to show: the label, then as text the pupils, the pupils
    per column of ``PROGRESS_COLUMNS``, the hours spent and the hours budgeted; and whether the
    group or teacher is behind."""

    label: str
    cells: tuple[str, ...]
    behind: bool = False


def _cells(progress: Progress) -> tuple[str, ...]:
    # Whole numbers as the template would show them (no thousands separator); hours localized.
    counts = progress.counts()
    return (
        str(progress.cohort),
        *(str(counts[code]) for code, _label in PROGRESS_COLUMNS),
        localize(progress.hours_spent),
        localize(progress.hours_budgeted),
    )


def _lines(rows: Iterable[Row]) -> tuple[ProgressLine, ...]:
    return tuple(ProgressLine(row.label, _cells(row.progress), row.behind) for row in rows)


def progress_tables(*, figures: YearFigures) -> dict[str, Any]:
    """The dashboard's progress tables as prepared lines: ``groups`` and ``teachers``, and the
    school's ``total``. No query."""
    return {
        "groups": _lines(figures.groups),
        "teachers": _lines(figures.teachers),
        "total": ProgressLine(_("Totaal"), _cells(figures.total)),
    }


@dataclass(frozen=True)
class BoardLine:
    """One line of the board table: a label and one cell per school, as text."""

    label: str | Promise
    cells: tuple[str, ...]


def board_lines(*, columns: list[YearFigures]) -> list[BoardLine]:
    """The pupils per column of ``PROGRESS_COLUMNS`` of each school, one line per column. No query."""
    counts = [f.total.counts() for f in columns]
    return [BoardLine(label, tuple(str(c[code]) for c in counts)) for code, label in PROGRESS_COLUMNS]


def _decimal(value: Any) -> str:
    """Hours with a decimal comma, as a Dutch spreadsheet reads them."""
    return str(value).replace(".", ",")


def team_meeting_rows(*, figures: YearFigures, stuck: Stuck) -> Iterator[list[Any]]:
    """The team-meeting figures as spreadsheet rows: per school, group and teacher; the reasons
    to decline (from the fixed list, "anders" as one row) and the talks at school; the reasons a
    visit did not go ahead; the families that are stuck; the reports that are late. Sections are separated
    by an empty row; the header row of the first section is ``team_meeting_header()``."""
    progress_rows = [(_("School"), figures.school_name, figures.total, False)]
    progress_rows += [(_("Groep"), row.label, row.progress, row.behind) for row in figures.groups]
    progress_rows += [(_("Leerkracht"), row.label, row.progress, row.behind) for row in figures.teachers]
    for level, name, progress, behind in progress_rows:
        yield [
            level,
            name,
            progress.cohort,
            *[getattr(progress, code) for code, _label in PROGRESS_COLUMNS],
            _decimal(progress.hours_spent),
            _decimal(progress.hours_budgeted),
            _("ja") if behind else _("nee"),
        ]
    yield []
    yield [_("Reden om geen huisbezoek te willen"), _("Gezinnen"), _("Aandeel (%)")]
    for tally in figures.decline_reasons:
        yield [str(tally.label), tally.count, tally.percent]
    yield [_("Gesprek op school gehouden"), figures.school_talks_held]
    yield [_("Gesprek op school gepland"), figures.school_talks_planned]
    yield []
    yield [_("Reden dat het bezoek niet doorging"), _("Gezinnen"), _("Aandeel (%)")]
    for tally in figures.failure_reasons:
        yield [str(tally.label), tally.count, tally.percent]
    yield []
    yield [_("Vastgelopen gezin"), _("Groep"), _("Leerkracht"), _("Pogingen"), _("Laatste poging")]
    for family in stuck.families:
        last = ""
        if family.last_attempt is not None:
            last = date_format(timezone.localtime(family.last_attempt), "SHORT_DATE_FORMAT")
        yield [family.family, family.groups, family.teacher, family.attempts, last]
    yield []
    yield [_("Verslag te laat"), _("Groep"), _("Leerkracht"), _("Bezocht op"), _("Dagen")]
    for report in stuck.overdue_reports:
        yield [
            report.family,
            report.groups,
            report.teacher,
            date_format(report.visited_on, "SHORT_DATE_FORMAT"),
            report.days,
        ]


def team_meeting_header() -> list[str]:
    return [
        _("Niveau"),
        _("Naam"),
        _("Leerlingen"),
        *[str(label) for _code, label in PROGRESS_COLUMNS],
        _("Uren besteed"),
        _("Uren begroot"),
        _("Achter op schema"),
    ]
