"""The home-visit outcome as the school copies it into its pupil administration.

ParnasSys, Magister, Somtoday and ESIS have no open write API, so the school copies each report
into the pupil file by hand. Per pupil this module gives the report's key points and agreements
(what, who, by when) — never the confidential notes, the signals or the reason of a flag — as a
one-page PDF and as a CSV row, and a CSV of a whole group or school year for the administrator.
Rows come from ``visits.reports.access``; this module only reads and formats them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from huisbezoek import csv_safe
from huisbezoek.pdf import fonts, render_pdf

from ..models import VisitPupil

# Never loaded for an export: the confidential notes and the reason of a flag stay encrypted.
CONFIDENTIAL = ("visit__report__confidential_notes", "visit__report__flag_reason")


@dataclass(frozen=True)
class AgreementLine:
    what: str
    owner: str
    due: Any  # datetime.date | None

    def as_text(self) -> str:
        text = f"{self.what} ({_('wie')}: {self.owner}"
        if self.due:
            text += f", {_('klaar op')} {date_format(self.due, 'd-m-Y')}"
        return text + ")"


@dataclass(frozen=True)
class PupilFileEntry:
    """One pupil's report as it leaves the app."""

    pupil_id: int
    report_id: int
    school: str
    school_year: str
    external_id: str
    first_name: str
    last_name: str
    group: str
    visit_date: Any  # datetime.date | None
    visitors: tuple[str, ...]
    key_points: str
    agreements: tuple[AgreementLine, ...]
    copied_on: Any  # datetime.date | None
    copied_by: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def ordered(rows: QuerySet[VisitPupil], *, agreements: bool = True) -> QuerySet[VisitPupil]:
    """``rows`` with what an entry shows, by group, then by name; the agreements in one more query."""
    rows = (
        rows.select_related(
            "pupil__group",
            "school_year",
            "visit__school",
            "visit__lead_visitor",
            "visit__colleague",
            "visit__report__copied_to_pupil_file_by",
        )
        .defer(*CONFIDENTIAL)
        .order_by("pupil__group__grade", "pupil__group__name", "pupil__last_name", "pupil__first_name", "pk")
    )
    if agreements:
        rows = rows.prefetch_related("visit__report__agreements")  # in their order: by date, then as typed
    return rows


def entry_of(link: VisitPupil, *, agreements: bool = True) -> PupilFileEntry:
    visit, pupil = link.visit, link.pupil
    report = visit.report
    copier = report.copied_to_pupil_file_by
    return PupilFileEntry(
        pupil_id=pupil.pk,
        report_id=report.pk,
        school=visit.school.name,
        school_year=link.school_year.label,
        external_id=pupil.external_id,
        first_name=pupil.first_name,
        last_name=pupil.last_name,
        group=pupil.group.name if pupil.group else "",
        visit_date=timezone.localtime(visit.starts_at).date() if visit.starts_at else None,
        visitors=tuple(v.get_full_name() for v in (visit.lead_visitor, visit.colleague) if v is not None),
        key_points=report.key_points,
        agreements=tuple(AgreementLine(a.what, a.owner, a.due) for a in report.agreements.all()) if agreements else (),
        copied_on=report.copied_to_pupil_file_on,
        copied_by=copier.get_full_name() if copier else "",
    )


def entries(rows: QuerySet[VisitPupil], *, agreements: bool = True) -> list[PupilFileEntry]:
    """The pupils' reports in the order of the groups, then by name: one query, two with the
    agreements, however many rows."""
    return [entry_of(link, agreements=agreements) for link in ordered(rows, agreements=agreements)]


# --- CSV ---------------------------------------------------------------------------------------


def csv_header() -> list[str]:
    return [
        _("leerlingnummer"),
        _("naam"),
        _("groep"),
        _("datum huisbezoek"),
        _("bezoekers"),
        _("hoofdpunten"),
        _("afspraken"),
    ]


def csv_rows(items: Iterable[PupilFileEntry]) -> Iterator[list[str]]:
    for item in items:
        yield [
            item.external_id,
            item.name,
            item.group,
            date_format(item.visit_date, "d-m-Y") if item.visit_date else "",
            ", ".join(item.visitors),
            item.key_points,
            "\n".join(line.as_text() for line in item.agreements),
        ]


def write_csv(file: Any, items: Iterable[PupilFileEntry]) -> None:
    """UTF-8 with BOM (Excel reads UTF-8 only with one), ``;`` between cells, every cell safe from
    formula injection (``huisbezoek.csv_safe``)."""
    file.write("\ufeff")
    writer = csv_safe.writer(file, delimiter=";")
    writer.writerow(csv_header())
    writer.writerows(csv_rows(items))


# --- PDF ---------------------------------------------------------------------------------------


def pdf(item: PupilFileEntry) -> bytes:
    """One A4 page: school, pupil, group, visit date, visitors, key points and agreements."""
    html = render_to_string(
        "visits/pupil_file_pdf.html", {"entry": item, "fonts": fonts(), "printed_at": timezone.localtime()}
    )
    return render_pdf(html)


def filename(item: PupilFileEntry, extension: str) -> str:
    number = re.sub(r"[^A-Za-z0-9-]+", "", item.external_id) or str(item.pupil_id)
    return f"huisbezoek-{number}-{item.school_year}.{extension}"
