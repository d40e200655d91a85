"""WhatsApp: the Cloud API adapter against a fake WhatsApp server in a thread on this machine
(success, a refusal, a server error, a server that never answers), exactly once, and the log."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import services, whatsapp
from notifications.models import Notification

from .factories import NotificationFactory

S = Notification.Status


class FakeWhatsApp(BaseHTTPRequestHandler):
    """Answers like the Cloud API's messages endpoint; ``server.mode`` picks the answer."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length).decode())
        self.server.requests.append({"path": self.path, "auth": self.headers["Authorization"], "json": body})
        if self.server.mode == "hang":
            self.server.release.wait(5)
            return
        status, payload = {
            "ok": (200, {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.{len(self.server.requests)}"}]}),
            "unavailable": (503, {"error": {"message": "Service unavailable", "code": 2}}),
            "refused": (400, {"error": {"message": "(#131026) Message undeliverable", "code": 131026}}),
            "no_id": (200, {"messaging_product": "whatsapp"}),
        }[self.server.mode]
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_whatsapp(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWhatsApp)
    server.mode = "ok"
    server.requests = []
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WHATSAPP_API_URL = f"http://127.0.0.1:{server.server_address[1]}/v21.0"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WHATSAPP_TOKEN = "geheim-wa-token"
    settings.WHATSAPP_TIMEOUT = 1
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def queue(school, key="wa:1", body="Morgen 19:00 huisbezoek."):
    return services.notification_queue(
        school=school,
        key=key,
        kind="parent_reminder",
        channel="whatsapp",
        address="+31612345678",
        subject="",
        body=body,
    )


def send(notification):
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    status = services.notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    return status


def test_whatsapp_is_off_until_the_number_id_and_token_are_set(settings):
    settings.WHATSAPP_PHONE_NUMBER_ID = ""
    settings.WHATSAPP_TOKEN = ""
    assert not whatsapp.is_configured()
    settings.WHATSAPP_PHONE_NUMBER_ID = "1"
    assert not whatsapp.is_configured()
    settings.WHATSAPP_TOKEN = "t"
    assert whatsapp.is_configured()


def test_a_queued_whatsapp_message_reaches_the_server_once_and_the_id_is_logged(
    school, fake_whatsapp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue(school)
        assert queue(school, body="Nog eens") is None  # the same key: nothing new
    notification.refresh_from_db()
    assert notification.status == S.SENT
    assert notification.provider_id == "wamid.1"
    [request] = fake_whatsapp.requests
    assert request["path"] == "/v21.0/1098765/messages"
    assert request["auth"] == "Bearer geheim-wa-token"
    assert request["json"] == {
        "messaging_product": "whatsapp",
        "to": "31612345678",
        "type": "text",
        "text": {"body": "Morgen 19:00 huisbezoek."},
    }
    # A second send task and the dispatcher find it sent: the server still saw it once.
    assert services.notification_send(notification_id=notification.pk) == S.SENT
    assert services.notifications_dispatch() == 0
    assert len(fake_whatsapp.requests) == 1


def test_a_refusal_fails_at_once_and_is_not_retried(school, fake_whatsapp):
    fake_whatsapp.mode = "refused"
    notification = queue(school)
    assert send(notification) == S.FAILED
    assert notification.attempts == 1
    assert notification.last_error == "HTTP 400 from WhatsApp"
    assert "+31612345678" not in notification.last_error
    assert services.notifications_dispatch() == 0
    assert len(fake_whatsapp.requests) == 1


def test_a_server_error_is_retried_then_failed_visibly(school, fake_whatsapp, administrator):
    fake_whatsapp.mode = "unavailable"
    notification = queue(school)
    assert send(notification) == S.PENDING
    assert notification.last_error == "HTTP 503 from WhatsApp"
    assert send(notification) == S.FAILED
    assert notification.attempts == 2
    fake_whatsapp.mode = "ok"  # the administrator sends it again once WhatsApp is back
    services.notification_retry(notification=notification, by=administrator)
    assert send(notification) == S.SENT
    assert len(fake_whatsapp.requests) == 3


def test_a_server_that_never_answers_leaves_it_unknown_and_never_sends_again(school, fake_whatsapp):
    fake_whatsapp.mode = "hang"
    notification = queue(school)
    assert send(notification) == S.UNKNOWN
    assert "time-out" in notification.last_error
    assert services.notifications_dispatch() == 0
    assert services.notification_send(notification_id=notification.pk) == S.UNKNOWN
    assert len(fake_whatsapp.requests) == 1


def test_an_answer_without_a_message_id_is_unknown(school, fake_whatsapp):
    fake_whatsapp.mode = "no_id"
    assert send(queue(school)) == S.UNKNOWN


def test_an_unreachable_server_is_retried(school, fake_whatsapp, settings):
    settings.WHATSAPP_API_URL = "http://127.0.0.1:9"
    notification = queue(school)
    assert send(notification) == S.PENDING
    assert "unreachable" in notification.last_error


def test_without_configuration_a_whatsapp_message_fails_naming_the_settings(school, fake_whatsapp, settings):
    settings.WHATSAPP_TOKEN = ""
    notification = queue(school)
    assert send(notification) == S.FAILED
    assert "WHATSAPP_TOKEN" in notification.last_error
    assert fake_whatsapp.requests == []


def test_the_message_log_shows_and_filters_the_whatsapp_channel(client, school, administrator):
    NotificationFactory(school=school, channel="whatsapp", address="+31612345678", status=S.SENT)
    NotificationFactory(school=school, channel="sms", address="+31687654321", status=S.SENT)
    client.force_login(administrator)
    page = client.get(reverse("notifications:log"))
    assert "WhatsApp" in page.content.decode()
    filtered = client.get(reverse("notifications:log"), {"channel": "whatsapp"})
    assert [n.address for n in filtered.context["page"].object_list] == ["+31612345678"]
