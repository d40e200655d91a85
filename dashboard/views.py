"""The directie's dashboard: progress of the school year, the team-meeting view with its CSV and PDF
exports, and the board view (several schools side by side).

Numbers only: the figures come from ``visits.selectors`` (aggregates, a fixed number of queries) and
never show what a report, a consult or a care case says. Charts are SVG drawn on the server, each
with its numbers in a table beside it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from dashboard import selectors
from huisbezoek import charts, csv_safe
from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role, School, SchoolYear
from huisbezoek.pdf import fonts, render_pdf

if TYPE_CHECKING:
    from django.utils.functional import Promise
    from django.utils.safestring import SafeString

    from visits.models import Group

from visits.selectors import (
    PROGRESS_COLUMNS,
    STUCK_ATTEMPTS,
    TALK_HELD,
    TALK_PLANNED,
    VisitStatus,
    YearFigures,
    board_figures,
    booking_figures,
    groups_of_year,
    stuck,
    year_figures,
)

S = VisitStatus
# Bar colours per status (fill only; the legend and the table carry the words).
STATUS_SEGMENTS = [
    (S.REPORTED, "#1f5f8b"),
    (S.VISITED, "#5b9bd5"),
    (S.SCHEDULED, "#2e8b57"),
    (S.INVITED_AT_SCHOOL, "#8e6bbf"),
    (S.DECLINED, "#c39bd3"),
    (S.CONTACTED, "#f0ad4e"),
    (S.TO_PLAN, "#e9ecef"),
    (S.UNREACHABLE, "#c0392b"),
    (S.CANCELLED, "#7f7f7f"),
    (TALK_HELD, "#4b2c73"),
    (TALK_PLANNED, "#b7a3d6"),
]
# Every column of a progress row, with its words (the statuses, then the talks at school).
COLUMN_LABELS = dict(PROGRESS_COLUMNS)


def _segments() -> list[charts.Segment]:
    return [charts.Segment(code, str(COLUMN_LABELS[code]), colour) for code, colour in STATUS_SEGMENTS]


class ChoiceOfObjects(forms.ChoiceField):
    """A choice among objects read beforehand in one query: nothing is queried to check or to show a
    choice (a ModelChoiceField would query again to validate and read its list through a server-side
    cursor). Cleans to the chosen object, or None for the empty choice."""

    def set_objects(self, objects: Sequence[Any], empty_label: str | Promise | None = None) -> None:
        self.objects = {str(obj.pk): obj for obj in objects}
        empty = [("", empty_label)] if empty_label is not None else []
        self.choices = [*empty, *((obj.pk, str(obj)) for obj in objects)]

    def clean(self, value: Any) -> Any:
        chosen = super().clean(value)
        return self.objects.get(str(chosen)) if chosen not in self.empty_values else None


class DashboardFilter(forms.Form):
    """Which school year and which group: the school's own only; anything else is a clear error."""

    jaar = ChoiceOfObjects(
        required=False,
        label=gettext_lazy("Schooljaar"),
        error_messages={"invalid_choice": gettext_lazy("Kies een schooljaar van deze school.")},
    )
    groep = ChoiceOfObjects(
        required=False,
        label=gettext_lazy("Groep"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": gettext_lazy("Kies een groep van dit schooljaar.")},
    )

    def __init__(self, data: Any, *, years: list[SchoolYear], groups: list[Group]) -> None:
        super().__init__(data, label_suffix="")
        year_field, group_field = self.fields["jaar"], self.fields["groep"]
        assert isinstance(year_field, ChoiceOfObjects) and isinstance(group_field, ChoiceOfObjects)
        year_field.set_objects(years)
        year_field.choices = [(y.pk, y.label) for y in years]
        group_field.set_objects(groups, empty_label=gettext_lazy("Alle groepen"))


@dataclass(frozen=True)
class Selection:
    school: School
    years: list[SchoolYear]
    year: SchoolYear | None
    group: Group | None
    form: DashboardFilter

    def query(self) -> str:
        """The selection as a query string, for the links to the team meeting and the exports."""
        parts = []
        if self.year is not None:
            parts.append(f"jaar={self.year.pk}")
        if self.group is not None:
            parts.append(f"groep={self.group.pk}")
        return "?" + "&".join(parts) if parts else ""


def _select(request: SchoolHttpRequest) -> Selection:
    """Parse ``jaar`` and ``groep``; a bad value shows its message and falls back to the default."""
    school = request.school
    years = selectors.school_years(school=school)
    today = timezone.localdate()
    current = next((y for y in years if y.start <= today <= y.end), years[0] if years else None)
    year = current
    raw_year = request.GET.get("jaar")
    if raw_year:
        year = next((y for y in years if str(y.pk) == raw_year), None)
        if year is None:
            year = current
    form = DashboardFilter(
        {"jaar": raw_year or (year.pk if year else ""), "groep": request.GET.get("groep", "")},
        years=years,
        groups=list(groups_of_year(school=school, school_year=year)),
    )
    group = None
    if form.is_valid():
        group = form.cleaned_data["groep"]
    elif "groep" in form.errors:
        form.fields["groep"].widget.attrs.update({"class": "form-select is-invalid", "aria-describedby": "groep-error"})
    return Selection(school=school, years=years, year=year, group=group, form=form)


def _pct(part: float) -> int:
    return round(part * 100)


def _bar_charts(**specs: tuple[str, str, str, list[tuple[str, int]]]) -> dict[str, SafeString]:
    """One bar chart per keyword: its title, description, colour and (label, count) rows; the
    keyword names the chart and its element id."""
    return {
        key: charts.bar_chart(chart_id=f"chart-{key}", title=title, desc=desc, rows=rows, colour=colour)
        for key, (title, desc, colour, rows) in specs.items()
    }


def _charts(figures: YearFigures) -> dict[str, Any]:
    """The dashboard's SVG charts, for the page and the PDF."""
    segments = _segments()
    today = _("vandaag")
    rows = [(row.label, row.progress.counts()) for row in figures.groups]
    teacher_rows = [(row.label, row.progress.counts()) for row in figures.teachers]
    passed = _pct(figures.period_share_passed)
    marker = figures.period_share_passed if figures.has_programme else None
    return {
        "groups": charts.stacked_bar_chart(
            chart_id="chart-groups",
            title=_("Voortgang per groep"),
            desc=_(
                "Leerlingen per groep naar de stand van hun huisbezoek. De stippellijn staat op %(passed)s%% "
                "van de bezoekperiode (vandaag). De aantallen staan in de tabel hieronder."
            )
            % {"passed": passed},
            segments=segments,
            rows=rows,
            marker=marker,
            marker_label=today,
        ),
        "teachers": charts.stacked_bar_chart(
            chart_id="chart-teachers",
            title=_("Voortgang per leerkracht"),
            desc=_("Leerlingen van de groepen van elke mentor naar de stand van hun huisbezoek."),
            segments=segments,
            rows=teacher_rows,
            marker=marker,
            marker_label=today,
        ),
        **_bar_charts(
            declines=(
                _("Redenen om geen huisbezoek te willen"),
                _("Aantal gezinnen per reden; de tabel ernaast geeft dezelfde aantallen."),
                "#8e6bbf",
                [(str(t.label), t.count) for t in figures.decline_reasons],
            ),
            failures=(
                _("Redenen dat een bezoek niet doorging"),
                _("Aantal gezinnen per reden (niet bereikbaar of geannuleerd); de tabel geeft dezelfde aantallen."),
                "#c0392b",
                [(str(t.label), t.count) for t in figures.failure_reasons],
            ),
            contacts=(
                _("Contactpogingen naar resultaat"),
                _("Aantal pogingen per resultaat."),
                "#f0ad4e",
                [(str(o.label), o.attempts) for o in figures.contact_outcomes],
            ),
            interpreters=(
                _("Tolk nodig, per taal"),
                _("Aantal huisbezoeken aan gezinnen die een tolk nodig hebben, per taal."),
                "#2e8b57",
                [(str(u.label), u.needed) for u in figures.interpreters],
            ),
        ),
        "hours": charts.paired_bar_chart(
            chart_id="chart-hours",
            title=_("Uren besteed en begroot, per groep"),
            desc=_("Per groep de uren uit de verslagen naast de begrote uren (uren per bezoek maal leerlingen)."),
            first=charts.Segment("spent", _("Besteed"), "#1f5f8b"),
            second=charts.Segment("budgeted", _("Begroot"), "#adb5bd"),
            rows=[(row.label, row.progress.hours_spent, row.progress.hours_budgeted) for row in figures.groups],
        ),
    }


def _context(selection: Selection) -> dict[str, Any]:
    figures = (
        year_figures(school=selection.school, school_year=selection.year, group=selection.group)
        if selection.year is not None
        else None
    )
    return {
        "selection": selection,
        "form": selection.form,
        "figures": figures,
        "charts": _charts(figures) if figures is not None else {},
        "progress": selectors.progress_tables(figures=figures) if figures is not None else {},
        "statuses": PROGRESS_COLUMNS,
        "query": selection.query(),
        "stuck_attempts": STUCK_ATTEMPTS,
    }


@role_required(Role.DIRECTIE)
@require_GET
def dashboard(request: SchoolHttpRequest) -> HttpResponse:
    """The school year's progress per group and teacher against the period, where appointments fail,
    interpreters, care counts and hours. A fixed number of queries, however many pupils."""
    context = _context(_select(request))
    context["board_link"] = len(selectors.board_schools(memberships=request.memberships, school=request.school)) > 1
    selection: Selection = context["selection"]
    context["booking"] = (
        booking_figures(school=selection.school, school_year=selection.year) if selection.year else None
    )
    return render(request, "dashboard/dashboard.html", context)


def _team_context(request: SchoolHttpRequest) -> dict[str, Any]:
    selection = _select(request)
    context = _context(selection)
    context["stuck"] = (
        stuck(school=selection.school, school_year=selection.year, group=selection.group)
        if selection.year is not None
        else None
    )
    context["printed_at"] = timezone.localtime()
    return context


@role_required(Role.DIRECTIE)
@require_GET
def team_meeting(request: SchoolHttpRequest) -> HttpResponse:
    """One printable page for the team meeting: where we are, what succeeded, what is stuck."""
    return render(request, "dashboard/team_meeting.html", _team_context(request))


@role_required(Role.DIRECTIE)
@require_GET
def team_meeting_pdf(request: SchoolHttpRequest) -> HttpResponse:
    """The team-meeting view as an A4 PDF (WeasyPrint), charts included."""
    context = _team_context(request)
    context["fonts"] = fonts()
    html = render_to_string("dashboard/team_meeting_pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, "pdf")}"'
    return response


def _filename(context: dict[str, Any], extension: str) -> str:
    selection: Selection = context["selection"]
    year = selection.year.label if selection.year else "geen-jaar"
    group = f"-groep-{selection.group.pk}" if selection.group else ""
    return f"teamoverleg-{selection.school.brin}-{year}{group}.{extension}"


@role_required(Role.DIRECTIE)
@require_GET
def team_meeting_csv(request: SchoolHttpRequest) -> HttpResponse:
    """The figures per school, group and teacher as CSV for a spreadsheet (UTF-8 with BOM, ``;``)."""
    context = _team_context(request)
    figures: YearFigures | None = context["figures"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, "csv")}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv_safe.writer(response, delimiter=";")
    writer.writerow(selectors.team_meeting_header())
    if figures is not None:
        writer.writerows(selectors.team_meeting_rows(figures=figures, stuck=context["stuck"]))
    return response


@role_required(Role.DIRECTIE)
@require_GET
def board(request: SchoolHttpRequest) -> HttpResponse:
    """The same figures per school, side by side, for directie of several schools of one board.
    A fixed number of queries, however many schools."""
    schools = selectors.board_schools(memberships=request.memberships, school=request.school)
    day: datetime.date = timezone.localdate()
    columns = board_figures(schools=schools, day=day)
    missing = [s for s in schools if s.pk not in {f.school_id for f in columns}]
    chart = charts.stacked_bar_chart(
        chart_id="chart-board",
        title=_("Voortgang per school"),
        desc=_("Leerlingen per school naar de stand van hun huisbezoek; de aantallen staan in de tabel."),
        segments=_segments(),
        rows=[(f.school_name, f.total.counts()) for f in columns],
    )
    return render(
        request,
        "dashboard/board.html",
        {
            "columns": columns,
            "missing": missing,
            "chart": chart,
            "status_lines": selectors.board_lines(columns=columns),
            "stuck_attempts": STUCK_ATTEMPTS,
        },
    )
