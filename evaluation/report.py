"""The evaluation report as PDF, for the team and the participation council (MR), in Dutch.

Built from the year's figures (``visits.selectors.year_figures``), the anonymous questionnaire
results (small groups suppressed as on screen), the findings, the decision and the actions.
Charts are SVG from ``huisbezoek.charts``; the PDF from ``huisbezoek.pdf``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from huisbezoek import charts
from huisbezoek.pdf import fonts, render_pdf

from . import selectors
from .models import Evaluation, Theme


def _theme_chart(theme: str, label: str, result: selectors.Results) -> Any:
    rows = []
    for audience, theme_result in result.for_theme(theme):
        for item in theme_result.questions:
            if item.agree_percent is not None:
                rows.append((f"{audience.label}: {item.question.text[:40]}", item.agree_percent))
    if not rows:
        return None
    return charts.bar_chart(
        chart_id=f"chart-{theme}",
        title=label,
        desc=_("Deel van de antwoorden '(helemaal) waar', in procenten."),
        rows=rows,
        maximum=100,
    )


def _hours_chart(current: Any, previous: Any) -> Any:
    rows = [(current.school_year_label, current.total.hours_spent, current.total.hours_budgeted)]
    if previous is not None:
        rows.insert(0, (previous.school_year_label, previous.total.hours_spent, previous.total.hours_budgeted))
    return charts.paired_bar_chart(
        chart_id="chart-hours",
        title=_("Uren besteed en begroot"),
        desc=_("Uren volgens de verslagen tegenover de begrote uren."),
        first=charts.Segment("spent", _("besteed"), "#1f5f8b"),
        second=charts.Segment("budget", _("begroot"), "#bfc5ca"),
        rows=rows,
    )


def render_report(*, evaluation: Evaluation, current: Any, previous: Any = None) -> bytes:
    """The report PDF of ``evaluation``, always in Dutch (the language of the team and the MR)."""
    with translation.override(settings.LANGUAGE_CODE):
        result = selectors.results(evaluation=evaluation)
        themes = [
            {
                "label": label,
                "items": result.for_theme(value),
                "chart": _theme_chart(value, str(label), result) if result.visible else None,
            }
            for value, label in Theme.choices
        ]
        html = render_to_string(
            "evaluation/report_pdf.html",
            {
                "evaluation": evaluation,
                "fonts": fonts(),
                "results": result,
                "themes": themes,
                "min_group": selectors.MIN_GROUP,
                "now": current,
                "before": previous,
                "rows": selectors.figure_rows(current, previous),
                "hours_chart": _hours_chart(current, previous),
                "bottlenecks": list(evaluation.bottlenecks.all()),
                "actions": list(evaluation.actions.select_related("owner")),
                "made": timezone.localtime(),
            },
        )
        return render_pdf(html)
