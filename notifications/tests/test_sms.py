"""SMS: the length rules, the file backend, and the Twilio adapter against a fake Twilio server
running in a thread on this machine (success, HTTP errors, no server, a server that never answers)."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from notifications import gsm, services, sms
from notifications.models import Notification

from .factories import NotificationFactory

S = Notification.Status


def test_gsm7_texts_count_160_and_others_70():
    assert gsm.is_gsm7("Morgen om 19:00 huisbezoek. Tot dan!")
    assert gsm.single_segment_limit("Tot dan!") == 160
    assert not gsm.is_gsm7("yarın")  # Turkish dotless i
    assert gsm.single_segment_limit("Tirza ɣer uxxam") == 70
    assert gsm.units("€5") == 3  # the euro sign is an extension character: two septets
    assert gsm.fits_one_segment("a" * 160) and not gsm.fits_one_segment("a" * 161)
    assert gsm.fits_one_segment("ж" * 70) and not gsm.fits_one_segment("ж" * 71)


def test_the_file_backend_writes_one_file_per_message_even_when_handed_over_twice(settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path)
    backend = sms.FileSmsBackend()
    backend.send(to="+31612345678", body="Tot morgen", reference="abc")
    backend.send(to="+31612345678", body="Tot morgen", reference="abc")
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1
    assert json.loads(files[0].read_text())["body"] == "Tot morgen"


def test_the_console_backend_prints_the_message(capsys):
    assert sms.ConsoleSmsBackend().send(to="+31612345678", body="Tot morgen", reference="r1") == "console-r1"
    assert "Tot morgen" in capsys.readouterr().out


class FakeTwilio(BaseHTTPRequestHandler):
    """Answers like Twilio's Messages resource; ``server.mode`` picks the answer."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        self.server.requests.append({"path": self.path, "auth": self.headers["Authorization"], "form": form})
        if self.server.mode == "hang":
            self.server.release.wait(5)
            return
        status, payload = {
            "ok": (201, {"sid": "SM0123456789abcdef", "status": "queued"}),
            "unavailable": (503, {"code": 20500, "message": "Service unavailable"}),
            "bad_number": (400, {"code": 21211, "message": "Invalid 'To' Phone Number"}),
            "no_sid": (201, {"status": "queued"}),
        }[self.server.mode]
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def twilio(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    server.mode = "ok"
    server.requests = []
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_API_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.TWILIO_ACCOUNT_SID = "AC123"
    settings.TWILIO_AUTH_TOKEN = "geheim-token"
    settings.SMS_FROM = "Regenboog"
    settings.SMS_TIMEOUT = 1
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def sms_notification(school):
    return NotificationFactory(
        school=school,
        channel="sms",
        address="+31612345678",
        subject="",
        body="Morgen 19:00 huisbezoek.",
        next_attempt_at=timezone.now(),
    )


def send(notification):
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    status = services.notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    return status


def test_twilio_success_records_the_message_id(school, twilio):
    notification = sms_notification(school)
    assert send(notification) == S.SENT
    assert notification.provider_id == "SM0123456789abcdef"
    [request] = twilio.requests
    assert request["path"] == "/2010-04-01/Accounts/AC123/Messages.json"
    assert request["form"] == {"To": ["+31612345678"], "From": ["Regenboog"], "Body": ["Morgen 19:00 huisbezoek."]}
    assert request["auth"].startswith("Basic ")


def test_twilio_unavailable_is_retried_then_failed_visibly(school, twilio, administrator):
    twilio.mode = "unavailable"
    notification = sms_notification(school)
    assert send(notification) == S.PENDING
    assert notification.last_error == "HTTP 503 from the SMS provider"
    assert send(notification) == S.FAILED
    assert notification.attempts == 2
    twilio.mode = "ok"  # the administrator sends it again once the provider is back
    services.notification_retry(notification=notification, by=administrator)
    assert send(notification) == S.SENT
    assert len(twilio.requests) == 3


def test_twilio_refusing_the_number_fails_at_once_without_the_number_in_the_log(school, twilio):
    twilio.mode = "bad_number"
    notification = sms_notification(school)
    assert send(notification) == S.FAILED
    assert notification.attempts == 1
    assert "400" in notification.last_error
    assert "+31612345678" not in notification.last_error


def test_twilio_that_never_answers_is_unknown_and_not_sent_again(school, twilio):
    twilio.mode = "hang"
    notification = sms_notification(school)
    assert send(notification) == S.UNKNOWN
    assert "time-out" in notification.last_error
    assert services.notifications_dispatch() == 0
    assert len(twilio.requests) == 1


def test_twilio_without_a_message_id_is_unknown(school, twilio):
    twilio.mode = "no_sid"
    assert send(sms_notification(school)) == S.UNKNOWN


def test_an_unreachable_provider_is_retried(school, twilio, settings):
    settings.TWILIO_API_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    notification = sms_notification(school)
    assert send(notification) == S.PENDING
    assert "unreachable" in notification.last_error


def test_twilio_without_credentials_fails_with_the_missing_settings_named(school, twilio, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    notification = sms_notification(school)
    assert send(notification) == S.FAILED
    assert "TWILIO_AUTH_TOKEN" in notification.last_error
    assert twilio.requests == []
