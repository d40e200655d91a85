"""The right-of-access export as a PDF (WeasyPrint, through ``huisbezoek.pdf``), made in memory
and never stored. Fonts come from Python packages; nothing is fetched from the network."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from huisbezoek.pdf import fonts, render_pdf
from visits import personal_data


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


def _section_titles() -> dict[str, str]:
    return {
        "family": _("Gezin"),
        "home_languages": _("Thuistaal"),
        "guardians": _("Ouder of verzorger"),
        "pupils": _("Kind"),
        "visits": _("Huisbezoek"),
        "transitions": _("Statuswijziging"),
        "contact_attempts": _("Contactpoging"),
        "consults": _("Overleg met de zorgcoördinator"),
        "report": _("Verslag"),
        "agreements": _("Afspraak"),
        "versions": _("Eerdere versie van het verslag"),
        "content": _("Inhoud"),
        "care_cases": _("Zorgmelding"),
        "entries": _("Stap in de meldcode"),
        "correction_requests": _("Verzoek om correctie"),
        "messages": _("Bericht aan het gezin"),
    }


def blocks(document: dict[str, Any]) -> list[Block]:
    """The nested export as a flat list of headed tables (sections follow their parent)."""
    labels = personal_data.field_labels()
    titles = _section_titles()
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

    extra = {
        "kind": _("soort"),
        "channel": _("kanaal"),
        "address": _("aan"),
        "language": _("taal"),
        "subject": _("onderwerp"),
        "body": _("tekst"),
        "sent_at": _("verstuurd"),
        "created": _("aangemaakt"),
        "received_on": _("ontvangen op"),
        "requested_by": _("gevraagd door"),
        "request": _("verzoek"),
        "decision": _("besluit"),
        "decision_note": _("toelichting bij het besluit"),
        "decided_on": _("besloten op"),
        "versions": _("eerdere versies"),
        "number": _("versie"),
        "saved_at": _("opgeslagen"),
        "saved_by": _("door"),
    }
    labels = {**extra, **labels}
    sections = (
        "family",
        "home_languages",
        "guardians",
        "pupils",
        "visits",
        "care_cases",
        "messages",
        "correction_requests",
    )
    for key in sections:
        value = document.get(key)
        if isinstance(value, dict):
            walk(key, value, 2, None)
        elif isinstance(value, list):
            for index, item in enumerate(value, start=1):
                walk(key, item, 2, index)
    return out


def render_export_pdf(context: dict[str, Any]) -> bytes:
    html = render_to_string("privacy/export_pdf.html", {**context, "fonts": fonts(), "blocks": blocks(context["doc"])})
    return render_pdf(html)
