"""Through a real server: gunicorn in production mode, 2 workers, on the bench database.

Production settings with throw-away values (SECRET_KEY, FIELD_ENCRYPTION_KEYS shared with this
process, ALLOWED_HOSTS=127.0.0.1, SITE_URL=https://bench.invalid). Production expects a TLS
proxy in front (SECURE_PROXY_SSL_HEADER), so every request says ``X-Forwarded-Proto: https``
as the proxy would; HTTPS redirects stay on (a request without the header would get a 301).

Measured with one keep-alive ``requests.Session`` (gunicorn's sync workers close the connection
after each answer; both sides pay that alike), alternated, median and spread:

* the cached protocol PDF vs a static file of exactly the same size served by WhiteNoise;
* the public protocol page vs a static HTML file with the same bytes;
* the dashboard and the board view (session cookies made here, second factor passed) vs the
  same static HTML file (what any response costs on this server).

``collectstatic`` runs first (production serves only collected files); the two static samples
are written into STATIC_ROOT before gunicorn starts (WhiteNoise indexes files at start-up).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .measure import Report, alternate
from .stack import BASE_DIR, Stack

ROUNDS = int(os.environ.get("BENCH_HTTP_ROUNDS", "100"))
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gunicorn:
    def __init__(self, env: dict[str, str], log: Path, workers: int = WORKERS) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(  # noqa: S603 - gunicorn with fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "huisbezoek.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError("gunicorn did not start within 90 s")

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return sorted(pids)

    def worker_rss_mb(self) -> dict[int, float]:
        sizes = {}
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes[pid] = int(line.split()[1]) / 1024
            except OSError:
                continue
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def gunicorn(stack: Stack, workers: int = WORKERS):  # type: ignore[no-untyped-def]
    server = Gunicorn(stack.production_environment(), stack.tmp / "gunicorn.log", workers)
    try:
        yield server
    except Exception:
        print(f"gunicorn's log (last lines):\n{server.log.read_text()[-4000:]}", file=sys.stderr)
        raise
    finally:
        server.stop()


def http_session(cookie: str | None = None) -> Any:
    import requests

    session = requests.Session()
    session.headers["X-Forwarded-Proto"] = "https"
    if cookie:
        session.headers["Cookie"] = cookie
    return session


def getter(session: Any, url: str, expect_type: str) -> Callable[[], None]:
    def get() -> None:
        response = session.get(url, allow_redirects=False)
        assert response.status_code == 200, (url, response.status_code)
        assert expect_type in response.headers.get("Content-Type", ""), (url, response.headers.get("Content-Type"))
        assert response.content

    return get


def prepare_static(stack: Stack, pdf_bytes: bytes, page_html: bytes) -> tuple[str, str]:
    """collectstatic, then the two samples: exactly as large as the PDF and the public page."""
    from django.conf import settings

    # With production's static storage (hashed names and a manifest), as gunicorn will serve them.
    stack.manage(stack.production_environment(), "collectstatic", "--noinput", "-v0")
    folder = Path(settings.STATIC_ROOT) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "protocol-sample.pdf").write_bytes(pdf_bytes)
    (folder / "page-sample.html").write_bytes(page_html)
    return settings.STATIC_URL + "bench/protocol-sample.pdf", settings.STATIC_URL + "bench/page-sample.html"


def run(report: Report, stack: Stack, people: Any, protocol: dict[str, Any]) -> None:
    from django.test import Client
    from django.urls import reverse

    from protocol.models import ProtocolPdf

    from .pages import logged_in_client, session_cookie

    report.heading(f"HTTP through gunicorn (production mode, {WORKERS} workers), alternated, {ROUNDS} rounds")
    code = protocol["code"]
    pdf_url = reverse("protocol:public_pdf", args=[code, "nl"])
    page_url = reverse("protocol:public_page", args=[code])
    stored = ProtocolPdf.objects.filter(version=protocol["version"], language="nl").order_by("-pk").first()
    assert stored is not None, "the Dutch PDF was rendered before"
    with stored.file.open("rb") as handle:
        pdf_bytes = handle.read()
    page = Client().get(page_url)
    assert page.status_code == 200, page.status_code
    static_pdf, static_html = prepare_static(stack, pdf_bytes, page.content)
    report.line(f"PDF {len(pdf_bytes)} bytes, public page {len(page.content)} bytes (static samples the same)")
    directie = session_cookie(logged_in_client(people.directie))
    board = session_cookie(logged_in_client(people.board_member, people.school))
    with gunicorn(stack) as server:
        anonymous = http_session()
        sides = {
            "cached protocol PDF": getter(anonymous, server.url + pdf_url, "application/pdf"),
            "static file, same size": getter(anonymous, server.url + static_pdf, "application/pdf"),
        }
        result = report.table(
            "cached protocol PDF vs static file", alternate(sides, ROUNDS, 5), floor="static file, same size"
        )
        report.goal("cached protocol PDF / static file over HTTP", result["ratios"]["cached protocol PDF"].value, 1.5)
        sides = {
            "public protocol page": getter(anonymous, server.url + page_url, "text/html"),
            "static HTML, same bytes": getter(anonymous, server.url + static_html, "text/html"),
        }
        result = report.table(
            "public protocol page vs static file", alternate(sides, ROUNDS, 5), floor="static HTML, same bytes"
        )
        report.goal("public protocol page / static file over HTTP", result["ratios"]["public protocol page"].value, 2)
        sides = {
            "dashboard": getter(http_session(directie), server.url + reverse("dashboard:dashboard"), "text/html"),
            "board view": getter(http_session(board), server.url + reverse("dashboard:board"), "text/html"),
            "static HTML": getter(anonymous, server.url + static_html, "text/html"),
        }
        rounds = max(5, ROUNDS // 5)
        report.table("dashboard and board view over HTTP", alternate(sides, rounds, 2), floor="static HTML")
        rss = server.worker_rss_mb()
        report.line("gunicorn worker memory (RSS): " + ", ".join(f"{mb:.0f} MB" for mb in rss.values()))
        report.record("gunicorn worker rss mb", list(rss.values()))
