"""Charts drawn on the server as SVG: they show in the browser, print on A4 and go into PDFs as they are.

No JavaScript and no style attributes (strict CSP): colours are SVG presentation attributes. Every
chart is an image with a title and a description (``role="img"``, ``aria-labelledby``); the page
shows the same numbers in a real table beside it, so nothing is only in the picture.

* ``bar_chart``: one horizontal bar per label (e.g. decline reasons, visits per language).
* ``stacked_bar_chart``: one bar per row split into segments (e.g. pupils per status per group),
  with an optional "today" line at a share of the width (the share of the visit period passed).
* ``paired_bar_chart``: two bars per row (e.g. hours spent against hours budgeted).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
MAX_LABEL_WIDTH = 240  # the most a label column takes; a chart with short labels takes less
MIN_LABEL_WIDTH = 50
LABEL_CHARS = 24  # longer labels are cut (the full label is in the table beside the chart)
FONT_SIZE = 13
VALUE_WIDTH = 60
BAR_HEIGHT = 18
ROW_GAP = 8
TOP = 8
LEGEND_ROW = 22
# In a PDF "HB Sans" is the packaged font; a browser does not know it and takes the next family.
FONT = "HB Sans, Noto Sans, DejaVu Sans, Arial, sans-serif"
TEXT_COLOUR = "#1b1b1b"
AXIS_COLOUR = "#6c757d"
MARKER_COLOUR = "#842029"

Number = int | float | Decimal


@dataclass(frozen=True)
class Segment:
    """One kind of value in a chart: a key, a label for the legend and a fill colour."""

    key: str
    label: str
    colour: str


def _fmt(value: Number) -> str:
    if isinstance(value, float | Decimal) and value != int(value):
        return f"{value}".replace(".", ",")
    return str(int(value))


def _tag(template: str, **values: object) -> str:
    """``template`` filled in with every text value escaped (a few hundred per page: kept cheap)."""
    return template.format(
        **{k: v if isinstance(v, int | float | Decimal) else escape(str(v)) for k, v in values.items()}
    )


def _n(value: float) -> str:
    """A coordinate with one decimal (format_html escapes its arguments, so numbers go in as text)."""
    return f"{value:.1f}"


def _open(chart_id: str, title: str, desc: str, height: int) -> str:
    return _tag(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {w} {h}" width="100%"'
        ' preserveAspectRatio="xMinYMin meet" aria-labelledby="{id}-title {id}-desc" id="{id}"'
        ' font-family="{font}" font-size="{size}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>',
        w=WIDTH,
        h=height,
        id=chart_id,
        font=FONT,
        size=FONT_SIZE,
        title=title,
        desc=desc,
    )


def _close(parts: list[str]) -> SafeString:
    """The chart's parts joined and the ``<svg>`` element closed; every part is escaped by ``_tag``."""
    return mark_safe("".join(parts) + "</svg>")


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


# Rough advance widths in ems of the chart's sans-serif font: enough to keep a label inside the
# drawing without measuring it in a browser (the server draws the chart, also for PDFs).
_NARROW = frozenset("fijlrtI.,:;'!|()[]- ")
_WIDE = frozenset("mwMW@%")


def _text_width(text: str) -> float:
    ems = sum(0.32 if c in _NARROW else 0.9 if c in _WIDE else 0.68 if c.isupper() else 0.58 for c in text)
    return ems * FONT_SIZE


def label_width(labels: Sequence[str]) -> int:
    """Room for the longest (cut) label right-aligned before the bars, within the chart's limits."""
    longest = max((_text_width(_short(label)) for label in labels), default=0.0)
    # Whole tens: the bars' room stays a round number, so shares of it draw exactly.
    return int(min(max(math.ceil((longest + 14) / 10) * 10, MIN_LABEL_WIDTH), MAX_LABEL_WIDTH))


def _label(y: int, text: str, left: int) -> str:
    return _tag(
        '<text x="{x}" y="{y}" text-anchor="end" fill="{c}">{t}</text>', x=left - 8, y=y, c=TEXT_COLOUR, t=_short(text)
    )


def _value(x: float, y: int, text: str) -> str:
    return _tag('<text x="{x}" y="{y}" fill="{c}">{t}</text>', x=_n(x + 6), y=y, c=TEXT_COLOUR, t=text)


def _rect(x: float, y: int, width: float, colour: str, height: int = BAR_HEIGHT) -> str:
    return _tag(
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}"/>', x=_n(x), y=y, w=_n(width), h=height, c=colour
    )


def _legend(y: int, segments: Sequence[Segment], left: int) -> tuple[str, int]:
    parts = []
    x, row_y = left, y
    for segment in segments:
        item_width = int(22 + _text_width(segment.label) + 16)
        if x + item_width > WIDTH and x > left:
            x, row_y = left, row_y + LEGEND_ROW
        parts.append(
            _tag(
                '<rect x="{x}" y="{y}" width="14" height="14" fill="{c}" stroke="{a}" stroke-width="0.5"/>'
                '<text x="{tx}" y="{ty}" fill="{t}">{label}</text>',
                x=x,
                y=row_y,
                c=segment.colour,
                a=AXIS_COLOUR,
                tx=x + 20,
                ty=row_y + 12,
                t=TEXT_COLOUR,
                label=segment.label,
            )
        )
        x += item_width
    return "".join(parts), row_y + LEGEND_ROW - y


def _scale(values: Sequence[Number], maximum: Number | None, left: int) -> float:
    top = float(maximum) if maximum else max((float(v) for v in values), default=0.0)
    return (WIDTH - left - VALUE_WIDTH) / top if top > 0 else 0.0


def bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, Number]],
    colour: str = "#1f5f8b",
    maximum: Number | None = None,
) -> SafeString:
    """One horizontal bar per ``(label, value)``, the value written after the bar."""
    left = label_width([label for label, _ in rows])
    scale = _scale([v for _, v in rows], maximum, left)
    height = TOP * 2 + max(len(rows), 1) * (BAR_HEIGHT + ROW_GAP)
    parts = [_open(chart_id, title, desc, height)]
    for i, (label, value) in enumerate(rows):
        y = TOP + i * (BAR_HEIGHT + ROW_GAP)
        width = float(value) * scale
        parts += [
            _label(y + 14, label, left),
            _rect(left, y, width, colour),
            _value(left + width, y + 14, _fmt(value)),
        ]
    return _close(parts)


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    segments: Sequence[Segment],
    rows: Sequence[tuple[str, Mapping[str, Number]]],
    marker: float | None = None,
    marker_label: str = "",
) -> SafeString:
    """Per row one bar of 100%, split into ``segments`` by the row's values (a share of the row's
    total); the total is written after the bar. ``marker`` (0-1) draws a vertical line, e.g. today."""
    left = label_width([label for label, _ in rows])
    bar_width = WIDTH - left - VALUE_WIDTH
    legend, legend_height = _legend(TOP, segments, left)
    top = TOP + legend_height + (16 if marker is not None else 0)
    height = top + max(len(rows), 1) * (BAR_HEIGHT + ROW_GAP) + TOP
    parts = [_open(chart_id, title, desc, height), legend]
    for i, (label, values) in enumerate(rows):
        y = top + i * (BAR_HEIGHT + ROW_GAP)
        total = sum(float(values.get(s.key, 0)) for s in segments)
        parts.append(_label(y + 14, label, left))
        parts.append(
            _tag(
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="#ffffff" stroke="{a}" stroke-width="0.5"/>',
                x=left,
                y=y,
                w=bar_width,
                h=BAR_HEIGHT,
                a=AXIS_COLOUR,
            )
        )
        x = float(left)
        for segment in segments:
            value = float(values.get(segment.key, 0))
            if total and value:
                width = bar_width * value / total
                parts.append(_rect(x, y, width, segment.colour))
                x += width
        parts.append(_value(left + bar_width, y + 14, _fmt(total)))
    if marker is not None:
        x = left + bar_width * min(max(marker, 0.0), 1.0)
        parts.append(
            _tag(
                '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{c}" stroke-width="2"'
                ' stroke-dasharray="4 3"/><text x="{x}" y="{ty}" text-anchor="middle" fill="{c}">{t}</text>',
                x=_n(x),
                y1=top - 4,
                y2=height - TOP + 2,
                c=MARKER_COLOUR,
                ty=top - 6,
                t=marker_label,
            )
        )
    return _close(parts)


def paired_bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    first: Segment,
    second: Segment,
    rows: Sequence[tuple[str, Number, Number]],
) -> SafeString:
    """Two thin bars per ``(label, first value, second value)`` on one scale, with a legend."""
    half = BAR_HEIGHT // 2 + 2
    left = label_width([label for label, _, _ in rows])
    scale = _scale([v for _, a, b in rows for v in (a, b)], None, left)
    legend, legend_height = _legend(TOP, [first, second], left)
    top = TOP + legend_height
    row_height = 2 * half + ROW_GAP + 2
    height = top + max(len(rows), 1) * row_height + TOP
    parts = [_open(chart_id, title, desc, height), legend]
    for i, (label, a, b) in enumerate(rows):
        y = top + i * row_height
        parts.append(_label(y + half + 4, label, left))
        for j, (segment, value) in enumerate(((first, a), (second, b))):
            width = float(value) * scale
            parts.append(_rect(left, y + j * half, width, segment.colour, height=half - 1))
            parts.append(
                _tag(
                    '<text x="{x}" y="{y}" font-size="10" fill="{c}">{t}</text>',
                    x=_n(left + width + 4),
                    y=y + j * half + half - 3,
                    c=TEXT_COLOUR,
                    t=_fmt(value),
                )
            )
    return _close(parts)


__all__ = ["Segment", "bar_chart", "paired_bar_chart", "stacked_bar_chart"]
