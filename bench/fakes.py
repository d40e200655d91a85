"""Local fake providers for the reminder bench: an SMTP server and an SMS HTTP API.

Both record every message they accept, in arrival order, with what identifies it:

* e-mail: the Message-ID header (the project derives it from the notification's unique key),
  the recipient and the body;
* SMS: Twilio's request shape (``POST /2010-04-01/Accounts/<sid>/Messages.json``, form fields
  To, From, Body, HTTP basic auth), which ``notifications/sms.py``'s ``twilio`` backend sends
  to ``TWILIO_API_URL``; the answer is 201 with a message ``sid``. The identity is (To, Body).

Duplicates are counted from these records (``measure.count_duplicates``), never assumed.
"""

from __future__ import annotations

import json
import queue
import threading
import time
import urllib.parse
from email import message_from_bytes
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .measure import count_duplicates


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.identities: list[tuple[str, ...]] = []
        self.last_at = time.perf_counter()

    def add(self, identity: tuple[str, ...]) -> None:
        with self.lock:
            self.identities.append(identity)
            self.last_at = time.perf_counter()

    def __len__(self) -> int:
        return len(self.identities)

    def reset(self) -> None:
        with self.lock:
            self.identities.clear()

    def duplicates(self) -> int:
        with self.lock:
            return count_duplicates(list(self.identities))


class FakeSmtp:
    """aiosmtpd in a thread of its own; every accepted message is recorded."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        from .server import free_port

        self.recorder = Recorder()
        recorder = self.recorder

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                message = message_from_bytes(envelope.content, policy=default_policy)
                body = message.get_body(("plain",))
                text = body.get_content() if body is not None else ""
                message_id = str(message.get("Message-ID", ""))
                for to in envelope.rcpt_tos:
                    recorder.add(("email", message_id or f"{to}\n{text}"))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.controller.stop()


class FakeSms:
    """A Twilio-like Messages endpoint on a threading HTTP server."""

    def __init__(self) -> None:
        self.recorder = Recorder()
        recorder = self.recorder
        # ``hold()``: the next message is recorded (the provider took it) but its answer waits until
        # ``release()``; the client's port goes to ``held`` so the bench can kill that sender.
        self.armed, self.released = threading.Event(), threading.Event()
        self.held: queue.Queue[int] = queue.Queue()
        fake = self
        counter = iter(range(1, 10**9))
        counter_lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive for clients that reuse the connection
            # The answer leaves in two writes (headers, then the JSON): with Nagle's algorithm on, the
            # second waits for the client's delayed ACK of the first, 40 ms per message that no real
            # provider adds (TCP_NODELAY, as HTTP servers set it).
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                if not self.path.endswith("/Messages.json") or "Body" not in form or "To" not in form:
                    self.send_error(400)
                    return
                recorder.add(("sms", form["To"][0], form["Body"][0]))
                if fake.armed.is_set():
                    fake.armed.clear()
                    fake.held.put(self.client_address[1])
                    fake.released.wait(timeout=60)
                with counter_lock:
                    number = next(counter)
                payload = json.dumps({"sid": f"SM{number:032d}", "status": "queued"}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                try:
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the sender was killed while we held the answer
                    self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def hold(self) -> None:
        self.released.clear()
        self.armed.set()

    def release(self) -> None:
        self.released.set()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
