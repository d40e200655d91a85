"""The right-of-access export as a PDF (WeasyPrint, through ``huisbezoek.pdf``), made in memory
and never stored. Fonts come from Python packages; nothing is fetched from the network."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from huisbezoek.pdf import fonts, render_pdf
from huisbezoek.personal_data import registry

from .selectors import DOCUMENT_KEYS


@dataclass
class Block:
    heading: str
    level: int
    rows: list[tuple[str, str]] = field(default_factory=list)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("ja")
    if value is False:
        return _("nee")
    return str(value)


def blocks(document: dict[str, Any]) -> list[Block]:
    """The nested export as a flat list of headed tables (sections follow their parent).

    Every key of the document except its own header is a section of a registered entry; the
    entries name their sections and fields (``huisbezoek.personal_data``)."""
    labels = registry.labels()
    titles = registry.titles()
    out: list[Block] = []

    def walk(key: str, data: dict[str, Any], level: int, number: int | None) -> None:
        title = titles.get(key, key)
        block = Block(f"{title} {number}" if number else title, level)
        out.append(block)
        nested: list[tuple[str, Any]] = []
        for name, value in data.items():
            if isinstance(value, dict | list):
                nested.append((name, value))
            else:
                block.rows.append((labels.get(name, name), _shown(value)))
        for name, value in nested:
            if isinstance(value, dict):
                walk(name, value, level + 1, None)
            else:
                for index, item in enumerate(value, start=1):
                    if isinstance(item, dict):
                        walk(name, item, level + 1, index)
                    else:
                        block.rows.append((labels.get(name, name), _shown(item)))

    for key, value in document.items():
        if key in DOCUMENT_KEYS:
            continue
        if isinstance(value, dict):
            walk(key, value, 2, None)
        elif isinstance(value, list):
            for index, item in enumerate(value, start=1):
                walk(key, item, 2, index)
    return out


def render_export_pdf(context: dict[str, Any]) -> bytes:
    html = render_to_string("privacy/export_pdf.html", {**context, "fonts": fonts(), "blocks": blocks(context["doc"])})
    return render_pdf(html)
