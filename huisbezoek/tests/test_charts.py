"""Server-side SVG charts (huisbezoek/charts.py): valid, accessible, escaped, and to scale."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from huisbezoek.charts import Segment, bar_chart, paired_bar_chart, stacked_bar_chart

NS = {"svg": "http://www.w3.org/2000/svg"}
DONE = Segment("done", "Klaar", "#1f5f8b")
OPEN = Segment("open", "Nog open", "#f0ad4e")


def parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, under test


def bars(root):
    """Data bars: rects that are not legend swatches (14 high) or row backgrounds (white)."""
    return [r for r in root.iterfind("svg:rect", NS) if r.get("height") != "14" and r.get("fill") != "#ffffff"]


def test_a_chart_is_an_image_with_a_title_and_a_description():
    root = parse(bar_chart(chart_id="c1", title="Redenen", desc="Hoe vaak elke reden", rows=[("Geen tijd", 3)]))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find("svg:title", NS).text == "Redenen"
    assert root.find("svg:title", NS).get("id") == "c1-title"
    assert root.find("svg:desc", NS).text == "Hoe vaak elke reden"
    assert "style=" not in str(bar_chart(chart_id="c", title="t", desc="d", rows=[("a", 1)]))  # strict CSP


def test_bars_are_to_scale_and_carry_their_numbers():
    root = parse(bar_chart(chart_id="c", title="t", desc="d", rows=[("Tarifit", 4), ("Turks", 2), ("Pools", 0)]))
    widths = [float(r.get("width")) for r in bars(root)]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    texts = [t.text for t in root.iterfind("svg:text", NS)]
    assert texts == ["Tarifit", "4", "Turks", "2", "Pools", "0"]


def test_labels_and_titles_are_escaped():
    svg = str(bar_chart(chart_id="x", title="<b>t</b>", desc="d & e", rows=[("<script>alert(1)</script>", 1)]))
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)  # still well-formed XML
    assert root.find("svg:title", NS).text == "<b>t</b>"


def test_long_labels_are_shortened_in_the_picture():
    root = parse(bar_chart(chart_id="c", title="t", desc="d", rows=[("Een heel erg lange reden om nee te zeggen", 1)]))
    label = next(root.iterfind("svg:text", NS)).text
    assert label.endswith("…") and len(label) == 24


def test_a_stacked_bar_splits_each_row_by_share_and_marks_today():
    svg = stacked_bar_chart(
        chart_id="s",
        title="Voortgang",
        desc="Per groep",
        segments=[DONE, OPEN],
        rows=[("Groep 3", {"done": 3, "open": 1}), ("Groep 5", {"done": 0, "open": 0})],
        marker=0.5,
        marker_label="vandaag",
    )
    root = parse(svg)
    done, still_open = bars(root)  # the empty group draws no segments
    assert float(done.get("width")) == 3 * float(still_open.get("width"))
    legend = [t.text for t in root.iterfind("svg:text", NS)][:2]
    assert legend == ["Klaar", "Nog open"]
    line = root.find("svg:line", NS)
    background = next(r for r in root.iterfind("svg:rect", NS) if r.get("fill") == "#ffffff")
    middle = float(background.get("x")) + float(background.get("width")) / 2
    assert float(line.get("x1")) == middle
    assert "vandaag" in [t.text for t in root.iterfind("svg:text", NS)]


def test_paired_bars_share_one_scale():
    root = parse(
        paired_bar_chart(
            chart_id="p",
            title="Uren",
            desc="Besteed en begroot",
            first=DONE,
            second=OPEN,
            rows=[("Groep 3", Decimal("1.5"), Decimal("6.0")), ("Groep 5", Decimal("3.0"), Decimal("6.0"))],
        )
    )
    widths = [float(r.get("width")) for r in bars(root)]
    assert widths[1] == widths[3] == 4 * widths[0] and widths[2] == 2 * widths[0]
    assert "1,5" in [t.text for t in root.iterfind("svg:text", NS)]


def test_an_empty_chart_is_still_valid():
    root = parse(bar_chart(chart_id="e", title="t", desc="Geen gegevens", rows=[]))
    assert bars(root) == []
    assert int(root.get("viewBox").split()[-1]) > 0
