"""Test support: a small HTTP server on 127.0.0.1 in a thread, standing in for an outside service.

``FakeServer(answer)`` calls ``answer(path)`` (path with query string) for each GET and sends what
it returns: ``(status, json-able body)``, or ``HANG`` to keep the client waiting (a time-out).
Every request is recorded (``requests``: path, headers, body) so a test can assert what left this
machine. Use it as a context manager; ``url`` is its address.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HANG = "hang"


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.received.append(Received(self.path, dict(self.headers.items()), body))
        answer = self.server.answer(self.path)
        if answer == HANG:
            self.server.release.wait(5)
            return
        status, payload = answer
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    received: list[Received]
    answer: Callable[[str], Any]
    release: threading.Event


class FakeServer:
    def __init__(self, answer: Callable[[str], Any]) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.received = []
        self._server.answer = answer
        self._server.release = threading.Event()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> list[Received]:
        return self._server.received

    def set_answer(self, answer: Callable[[str], Any]) -> None:
        self._server.answer = answer

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
