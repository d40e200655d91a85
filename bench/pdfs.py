"""PDFs: the parent protocol in every language (cold and warm), the booklet, the team-meeting PDF.

* A published protocol for the dashboard's school (the shipped default text and translations).
* Cold: per language a fresh Python process sets Django up and renders that language once
  through the render task (``protocol.tasks.render_protocol_pdf``) after removing its stored
  PDF; the child times its own import + ``django.setup()`` and the render, and the parent the
  whole process. Printed: render alone (setup excluded), setup + render, and the process wall time.
* Warm: in this long-lived process, each language rendered ``WARM`` times (its stored PDF
  removed before each render), median and spread; the booklet (every language) the same.
* The team-meeting PDF through its URL (directie, test Client), ``WARM`` times.
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from .measure import Report, Stats
from .stack import BASE_DIR, Stack

WARM = int(os.environ.get("BENCH_PDF_ROUNDS", "5"))

CHILD = """
import json, sys, time
started = time.perf_counter()
import django
django.setup()
ready = time.perf_counter()
from protocol.models import ProtocolPdf
from protocol.tasks import render_protocol_pdf
version, language = int(sys.argv[1]), sys.argv[2]
ProtocolPdf.objects.filter(version_id=version, language=language).delete()
before = time.perf_counter()
assert render_protocol_pdf(version, language), "nothing rendered"
done = time.perf_counter()
print(json.dumps({"setup": ready - started, "render": done - before, "total": done - started}))
"""


def publish_protocol(school: Any) -> tuple[Any, str, list[str]]:
    """The school's protocol, published, with the languages it has; returns (version, public code, languages)."""
    from protocol import selectors, services
    from protocol.models import ProtocolVersion

    version = ProtocolVersion.objects.filter(school=school).order_by("-pk").first()
    if version is None:
        version = services.protocol_create_default(school=school)
    if not version.is_published:
        version = services.version_publish(version=version)
    code = services.protocol_settings_ensure(school=school).public_code
    return version, code, list(selectors.version_languages(version=version))


def render(version_id: int, language: str) -> None:
    from protocol.models import ProtocolPdf
    from protocol.tasks import render_protocol_pdf

    ProtocolPdf.objects.filter(version_id=version_id, language=language).delete()
    assert render_protocol_pdf(version_id, language)


def ensure_rendered(version_id: int, languages: list[str]) -> None:
    from protocol.tasks import render_protocol_pdf

    for language in languages:
        render_protocol_pdf(version_id, language)


def run(report: Report, stack: Stack, school: Any, directie: Any) -> dict[str, Any]:
    from django.urls import reverse

    from protocol.models import ProtocolPdf

    from .pages import logged_in_client, page_getter

    report.heading("PDFs")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # the templates' CSS warnings, once per render
    version, code, languages = publish_protocol(school)
    env = stack.environment()
    cold: dict[str, dict[str, float]] = {}
    report.line("cold: a fresh process per language   render (setup excluded)   setup + render   process wall")
    for language in languages:
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - this Python with a fixed script
            [sys.executable, "-c", CHILD, str(version.pk), language],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        wall = time.perf_counter() - started
        if done.returncode:
            raise RuntimeError(f"cold render of {language} failed:\n{done.stderr[-2000:]}")
        child = json.loads(done.stdout.strip().splitlines()[-1])
        cold[language] = {**child, "wall": wall}
        report.line(f"  {language:8}  {child['render']:8.3f} s   {child['total']:8.3f} s   {wall:8.3f} s")
    report.record("pdf cold", cold)

    warm: dict[str, Stats] = {}
    for language in languages:
        render(version.pk, language)  # the first in this process: not counted
    report.line(f"warm: this process, each language {WARM}x (median [p10-p90])")
    for language in languages:
        times = []
        for _ in range(WARM):
            started = time.perf_counter()
            render(version.pk, language)
            times.append(time.perf_counter() - started)
        warm[language] = Stats.of(times)
        report.line(f"  {language:8}  {warm[language].seconds()}")
    booklet_times = []
    render(version.pk, ProtocolPdf.BOOKLET)
    for _ in range(max(3, WARM // 2)):
        started = time.perf_counter()
        render(version.pk, ProtocolPdf.BOOKLET)
        booklet_times.append(time.perf_counter() - started)
    booklet = Stats.of(booklet_times)
    pages = ProtocolPdf.objects.filter(version=version, language=ProtocolPdf.BOOKLET).values_list("pages", flat=True)
    report.line(f"  booklet ({next(iter(pages), '?')} pages)  {booklet.seconds()}")

    client = logged_in_client(directie)
    get = page_getter(client, reverse("dashboard:team_meeting_pdf"))
    get()
    team_times = []
    for _ in range(WARM):
        started = time.perf_counter()
        get()
        team_times.append(time.perf_counter() - started)
    team = Stats.of(team_times)
    report.line(f"  team-meeting PDF (request)  {team.seconds()}")
    report.record("pdf warm", {"languages": warm, "booklet": booklet, "team meeting": team})

    worst = max(warm, key=lambda language: warm[language].median)
    report.line(f"worst warm language: {worst}")
    report.goal("protocol render warm worst language s", warm[worst].median, 1, digits=2)
    report.goal("booklet render s", booklet.median, 2.5, digits=2)
    worst_cold = max(cold.values(), key=lambda c: c["render"])["render"]
    report.record("pdf worst cold render s", worst_cold)
    report.line(
        f"worst cold render (setup excluded): {worst_cold:.2f} s (median warm: "
        f"{statistics.median(s.median for s in warm.values()):.2f} s)"
    )
    ensure_rendered(version.pk, [*languages, ProtocolPdf.BOOKLET])  # cached for the HTTP measures
    return {"version": version, "code": code, "languages": languages}
