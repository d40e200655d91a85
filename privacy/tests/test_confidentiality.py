"""Nothing confidential leaves the pages it belongs on.

A marker is written where confidential text lives — a report's confidential notes and flag
reason, a consult question, a meldcode step — through the real forms, as a teacher and the
care coordinator would. Then the marker must not appear in any e-mail sent, any log record,
any URL (redirects and links), any page or export of the other roles, a 500 error page, or the
arguments of any Celery task (tasks take ids only).
"""

import logging
import re
import subprocess

import pytest
from celery.app.task import Task
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from privacy.tests.factories import MARKER
from visits import services
from visits.models import CareCase, Visit
from visits.tests.factories import FamilyLanguageFactory, ProgrammeFactory
from visits.tests.helpers import at

LINK = re.compile(r"""(?:href|src|action)=["']([^"']+)["']""")


@pytest.fixture
def celery_calls(monkeypatch, settings):
    """Every task sent (args and kwargs), while tasks still run eagerly as in the test settings."""
    calls = []
    original = Task.apply_async

    def apply_async(self, args=None, kwargs=None, *rest, **options):
        calls.append((self.name, tuple(args or ()), dict(kwargs or {})))
        return original(self, args, kwargs, *rest, **options)

    monkeypatch.setattr(Task, "apply_async", apply_async)
    return calls


@pytest.fixture
def everything_written(
    client, school, school_year, pupil, teacher, care_coordinator, django_capture_on_commit_callbacks, caplog
):
    """The journey: report with a flag, a consult, a meldcode step; returns every URL seen."""
    caplog.set_level(logging.DEBUG)
    ProgrammeFactory(school=school, school_year=school_year)
    FamilyLanguageFactory(family=pupil.family, language="nl")
    visit = services.visit_open(pupil=pupil, school_year=school_year, by=teacher)
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SCHEDULED, starts_at=at(1, 19), duration_minutes=60)
    urls: list[str] = []

    def visit_page(c: Client, url: str, data: dict | None = None) -> None:
        response = c.post(url, data) if data is not None else c.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        urls.append(url)
        if response.status_code == 302:
            urls.append(response.url)
        else:
            urls.extend(LINK.findall(response.content.decode()))

    client.force_login(teacher)
    report_url = reverse("visits:report_edit", args=[visit.pk])
    visit_page(client, report_url)
    data = {
        "version": client.get(report_url).context["form"].instance.version,
        "afspraak-TOTAL_FORMS": "1",
        "afspraak-INITIAL_FORMS": "0",
        "afspraak-MIN_NUM_FORMS": "0",
        "afspraak-MAX_NUM_FORMS": "20",
        "pupil_present": "yes",
        "topics": "Kennismaken",
        "going_well": "Leest graag.",
        "key_points": "Huiswerk aan de keukentafel.",
        "confidential_notes": f"Notitie {MARKER}",
        "minutes_visit": 55,
        "minutes_travel": 20,
        "minutes_report": 25,
        "signal_safety": "on",
        "flagged": "on",
        "flag_urgency": "acute",
        "flag_reason": f"Reden {MARKER}",
        "indienen": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        visit_page(client, report_url, data)
        visit_page(
            client,
            reverse("visits:consult_create", args=[visit.pk]),
            {"moment": "after", "question": f"Vraag {MARKER}"},
        )
    visit_page(client, reverse("visits:visit_detail", args=[visit.pk]))
    visit_page(client, reverse("visits:pupil_file", args=[pupil.pk]))

    case = CareCase.objects.get(pupil=pupil)
    care = Client()
    care.force_login(care_coordinator)
    visit_page(care, reverse("visits:care_queue"))
    visit_page(care, reverse("visits:care_case", args=[case.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        visit_page(
            care,
            reverse("visits:care_entry_add", args=[case.pk, 1]),
            {"stap1-happened_on": "2026-11-01", "stap1-source": "own", "stap1-text": f"Stap {MARKER}"},
        )
    return {"urls": urls, "visit": visit, "case": case}


def test_the_marker_really_was_stored(everything_written, care_coordinator):
    care = Client()
    care.force_login(care_coordinator)
    page = care.get(reverse("visits:care_case", args=[everything_written["case"].pk])).content.decode()
    assert MARKER in page  # the care coordinator reads it: the journey wrote it


def test_no_email_carries_confidential_text(everything_written):
    assert mail.outbox, "the acute flag e-mails the care coordinator"
    for message in mail.outbox:
        parts = [message.subject, message.body, *(str(a[0]) for a in getattr(message, "alternatives", []))]
        assert all(MARKER not in part for part in parts), message.subject


def test_no_log_record_carries_confidential_text(everything_written, caplog):
    records = caplog.get_records("setup") + caplog.records
    assert records
    for record in records:
        assert MARKER not in record.getMessage(), record.name
        assert MARKER not in repr(record.args), record.name


def test_no_url_carries_confidential_text(everything_written):
    assert len(everything_written["urls"]) > 20
    assert all(MARKER not in url for url in everything_written["urls"])


def test_celery_tasks_get_ids_only(everything_written, celery_calls, settings, django_capture_on_commit_callbacks):
    from privacy import tasks

    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction commits
        tasks.retention_purge_all.delay()
    assert celery_calls
    for name, args, kwargs in celery_calls:
        for value in [*args, *kwargs.values()]:
            assert isinstance(value, int) or (isinstance(value, str) and len(value) < 64), (name, value)
            assert MARKER not in repr(value)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "export.pdf"
    path.write_bytes(data)
    return subprocess.run(  # noqa: S603 - our own file, a fixed program
        ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _plain_urls() -> list[str]:
    names = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name and not p.pattern.regex.groups:
                names.append(f"{prefix}{p.name}")

    walk(get_resolver().url_patterns)
    return sorted(set(names))


@pytest.mark.parametrize("persona", ["colleague", "directie", "administrator", "interpreter"])
def test_no_page_or_export_of_other_roles_shows_confidential_text(everything_written, persona, request, tmp_path):
    """Every page without arguments — lists, dashboards, CSV and PDF exports — for roles that may not read it."""
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    seen = pdfs = 0
    for name in _plain_urls():
        response = client.get(reverse(name))
        if response.status_code != 200:
            continue
        seen += 1
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("Content-Type", "").startswith("application/pdf"):
            body = pdf_text(body, tmp_path).encode()  # PDF streams are compressed: read the text
            pdfs += 1
        assert MARKER.encode() not in body, (persona, name)
    assert seen >= 3
    if persona == "directie":
        assert pdfs >= 1, "the team-meeting PDF export was checked"


def test_a_500_error_page_shows_nothing_of_what_failed(everything_written, care_coordinator, monkeypatch, settings):
    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError(f"failed while showing {MARKER}")

    monkeypatch.setattr("visits.care.views._coordinator_page", broken)
    client = Client(raise_request_exception=False)
    client.force_login(care_coordinator)
    logging.disable(logging.CRITICAL)  # the traceback of our own forced error is not the point here
    try:
        response = client.get(reverse("visits:care_case", args=[everything_written["case"].pk]))
    finally:
        logging.disable(logging.NOTSET)
    assert response.status_code == 500
    assert MARKER not in response.content.decode()
    assert "failed while showing" not in response.content.decode()
