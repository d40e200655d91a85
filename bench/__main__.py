"""``python -m bench``: how fast the parent protocol's PDFs are made and served.

* Cold render: each language's PDF rendered for the first time in this process (the first
  one also pays for loading WeasyPrint and the fonts), and the booklet of all languages.
* Serving: the cached PDF through the public download view, against a static file of the
  same size served by WhiteNoise, both through the whole middleware stack in the same run;
  the ratio says what the view adds (database look-ups and the content hash).

Then ``bench/dashboard.py``: the board-size dataset (``seed_demo --scale 20``), the dashboard, the
board view and a teacher's pupil list against the raw SQL aggregate they need (the floor).

Then ``bench/routes.py``: the route optimiser (OR-Tools) on an evening of 8 visits and on a season of
30 families across 8 evenings (goal: a plan in under 2 s), and the travel it saves.

Last, ``bench/reminders.py`` in a process of its own: one sweep of 10,000 due reminders.

Runs on a throw-away SQLite database and media folder; takes about 4 minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

SERVE_ROUNDS = 200


def _setup(tmp: Path) -> None:
    os.environ["HUISBEZOEK_ENV"] = "test"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "huisbezoek.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _time_requests(client, url: str) -> list[float]:  # type: ignore[no-untyped-def]
    timings = []
    for _ in range(SERVE_ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200 and body, (url, response.status_code)
    return timings


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="huisbezoek-bench-"))
    static_sample: Path | None = None
    try:
        _setup(tmp)
        from django.conf import settings
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from huisbezoek.models import Board, School
        from protocol import content, pdf, services
        from protocol.models import ProtocolPdf, ProtocolVersion

        board = Board.objects.create(name="Bench-bestuur")
        school = School.objects.create(
            board=board, name="Basisschool De Benchmark", brin="99ZZ", school_type="primary", holiday_region="north"
        )
        version = services.protocol_create_default(school=school)
        ProtocolVersion.objects.filter(pk=version.pk).update(status="published", published_at=timezone.now())
        version.refresh_from_db()
        code = services.protocol_settings_ensure(school=school).public_code

        print("Parent protocol PDFs — cold render (first render of each in this process)")
        renders: dict[str, dict[str, float | int]] = {}
        for language in [*content.ALL_LANGUAGES, ProtocolPdf.BOOKLET]:
            document = services.document_for_pdf(version=version, language=language)
            rendered = pdf.render_pdf(document, booklet=language == ProtocolPdf.BOOKLET)
            renders[language] = {"seconds": round(rendered.seconds, 3), "pages": rendered.pages}
            print(f"  {language:8} {rendered.seconds:6.2f} s  {rendered.pages:3d} pages  {len(rendered.data):7d} bytes")

        stored = services.pdf_ensure(version_id=version.pk, language="nl")
        assert stored is not None
        data = Path(stored.file.path).read_bytes()
        static_sample = Path(settings.STATIC_ROOT) / "bench" / "protocol-sample.pdf"
        static_sample.parent.mkdir(parents=True, exist_ok=True)
        static_sample.write_bytes(data)  # before the first request: WhiteNoise indexes files at start-up

        client = Client()
        pdf_url = reverse("protocol:public_pdf", args=[code, "nl"])
        static_url = settings.STATIC_URL + "bench/protocol-sample.pdf"
        for url in (pdf_url, static_url):  # warm up both paths
            _time_requests(client, url)
        cached = _time_requests(client, pdf_url)
        static = _time_requests(client, static_url)
        cached_ms, static_ms = statistics.median(cached) * 1000, statistics.median(static) * 1000
        ratio = cached_ms / static_ms
        print(f"\nServing a {len(data)} byte PDF, median of {SERVE_ROUNDS} requests each (same run, same stack)")
        print(f"  cached PDF via the download view   {cached_ms:7.2f} ms")
        print(f"  static file of the same size       {static_ms:7.2f} ms")
        print(f"  ratio cached / static              {ratio:7.2f}x")

        results = Path(__file__).resolve().parent / "results"
        results.mkdir(exist_ok=True)
        (results / "protocol.json").write_text(
            json.dumps(
                {
                    "cold_render": renders,
                    "serve_bytes": len(data),
                    "cached_pdf_median_ms": round(cached_ms, 3),
                    "static_file_median_ms": round(static_ms, 3),
                    "ratio": round(ratio, 2),
                },
                indent=2,
            )
        )

        from bench import dashboard

        dashboard.run()  # the directie's dashboard on the board-size dataset (seed_demo --scale 20)

        from bench import routes

        print()
        routes.run()  # the evening route optimiser: an evening and a season
    finally:
        if static_sample is not None:
            shutil.rmtree(static_sample.parent, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
    # The reminder sweep (bench/reminders.py) runs in its own process: own settings, own database.
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "bench.reminders"], check=True)
