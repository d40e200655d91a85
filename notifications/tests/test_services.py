"""Sending exactly once: queue under a key, claim, send, retry with back-off, and what happens
when the worker dies or the provider does not answer."""

import datetime
import smtplib

import celery
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from notifications import selectors, services, sms
from notifications.models import Notification

from .factories import NotificationFactory

S = Notification.Status


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_SECONDS = 60
    settings.NOTIFICATION_SENDING_TIMEOUT = 900


def queue(school, key="k:1", channel="email", address="ouder@example.org", **extra):
    return services.notification_queue(
        school=school,
        key=key,
        kind=extra.pop("kind", "parent_reminder"),
        channel=channel,
        address=address,
        subject=extra.pop("subject", "Huisbezoek morgen"),
        body=extra.pop("body", "Morgen om 19:00 komen we op huisbezoek."),
        **extra,
    )


def sms_files(settings):
    from pathlib import Path

    folder = Path(settings.SMS_FILE_PATH)
    return sorted(folder.glob("*.json")) if folder.exists() else []


def test_a_queued_email_goes_out_after_commit_and_the_log_says_sent(school, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = queue(school, family_id=7)
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    notification.refresh_from_db()
    assert notification.status == S.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ouder@example.org"]
    assert mail.outbox[0].extra_headers["Message-ID"] == notification.provider_id


def test_the_same_key_twice_queues_and_sends_once(school, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(school)
        second = queue(school, body="Een andere tekst")
    with django_capture_on_commit_callbacks(execute=True):
        third = queue(school)
    assert first is not None
    assert second is None and third is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_sms_goes_to_the_sms_backend(school, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue(school, channel="sms", address="+31612345678", subject="")
    notification.refresh_from_db()
    files = sms_files(settings)
    assert notification.status == S.SENT
    assert len(files) == 1
    assert "+31612345678" in files[0].read_text()
    assert notification.provider_id.startswith("file-")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"channel": "fax"}, "Onbekend kanaal"),
        ({"address": " "}, "adres"),
        ({"body": ""}, "tekst"),
        ({"key": ""}, "sleutel"),
        ({"key": "x" * 201}, "sleutel"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(school, fields, message):
    with pytest.raises(ValidationError, match=message):
        queue(school, **fields)
    assert Notification.objects.count() == 0


def test_sending_twice_the_same_id_sends_once(school):
    notification = NotificationFactory(school=school, next_attempt_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) == S.SENT
    assert services.notification_send(notification_id=notification.pk) == S.SENT
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_a_message_claimed_by_another_worker_is_not_sent_again(school):
    notification = NotificationFactory(school=school, status=S.SENDING, claimed_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) == S.SENDING
    assert mail.outbox == []


def failing_mail(monkeypatch, error):
    def send(self, fail_silently=False):
        raise error

    monkeypatch.setattr("django.core.mail.EmailMessage.send", send)


class FakeSmtpBackend(BaseEmailBackend):
    """A mail connection that fails where a test says: while connecting (``open_error``) or
    while sending (``send_error``, after the message was handed over); it records what it took."""

    open_error: BaseException | None = None
    send_error: BaseException | None = None
    taken: list = []

    def open(self):
        if self.open_error is not None:
            raise self.open_error
        return True

    def close(self):
        pass

    def send_messages(self, email_messages):
        FakeSmtpBackend.taken.extend(email_messages)  # DATA went out; then the error
        if self.send_error is not None:
            raise self.send_error
        return len(email_messages)


@pytest.fixture
def fake_smtp(settings, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.FakeSmtpBackend"
    monkeypatch.setattr(FakeSmtpBackend, "taken", [])
    return FakeSmtpBackend


def test_a_mail_server_that_refuses_the_connection_is_retried_with_growing_delays_then_failed(
    school, monkeypatch, fake_smtp
):
    monkeypatch.setattr(fake_smtp, "open_error", ConnectionRefusedError(111, "refused"))
    notification = NotificationFactory(school=school, next_attempt_at=timezone.now())
    start = timezone.now()
    assert services.notification_send(notification_id=notification.pk) == S.PENDING
    notification.refresh_from_db()
    first_delay = notification.next_attempt_at - start
    assert datetime.timedelta(seconds=59) < first_delay < datetime.timedelta(seconds=70)
    assert "ConnectionRefusedError" in notification.last_error
    assert fake_smtp.taken == []

    # Not due yet: the dispatcher leaves it alone.
    assert services.notifications_dispatch() == 0
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) == S.PENDING
    notification.refresh_from_db()
    assert notification.next_attempt_at - timezone.now() > datetime.timedelta(seconds=110)  # doubled

    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) == S.FAILED
    notification.refresh_from_db()
    assert notification.attempts == 3
    assert notification.needs_attention


@pytest.mark.parametrize(
    "error",
    [TimeoutError(), smtplib.SMTPConnectError(421, b"busy"), smtplib.SMTPAuthenticationError(454, b"later")],
)
def test_a_failure_while_connecting_sent_nothing_and_is_retried(school, monkeypatch, fake_smtp, error):
    monkeypatch.setattr(fake_smtp, "open_error", error)
    notification = NotificationFactory(school=school, next_attempt_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) == S.PENDING
    assert fake_smtp.taken == []


@pytest.mark.parametrize(
    "error",
    [smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), smtplib.SMTPDataError(451, b"?"), OSError()],
)
def test_a_connection_lost_while_sending_is_unknown_and_not_sent_again(school, monkeypatch, fake_smtp, error):
    """The server may have taken the message before the connection dropped: shown as unknown,
    never re-sent by itself (a parent would get it twice)."""
    monkeypatch.setattr(fake_smtp, "send_error", error)
    notification = NotificationFactory(school=school, next_attempt_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) == S.UNKNOWN
    assert services.notifications_dispatch() == 0
    assert services.notification_send(notification_id=notification.pk) == S.UNKNOWN
    notification.refresh_from_db()
    assert notification.attempts == 1
    assert notification.needs_attention
    assert len(fake_smtp.taken) == 1


def test_a_refused_sender_is_retried_only_when_the_refusal_is_temporary(school, monkeypatch, fake_smtp):
    monkeypatch.setattr(fake_smtp, "send_error", smtplib.SMTPSenderRefused(451, b"try later", "noreply@x"))
    notification = NotificationFactory(school=school, next_attempt_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) == S.PENDING
    monkeypatch.setattr(fake_smtp, "send_error", smtplib.SMTPSenderRefused(550, b"no", "noreply@x"))
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) == S.FAILED


def test_a_refused_address_fails_at_once(school, monkeypatch):
    failing_mail(monkeypatch, smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no")}))
    notification = NotificationFactory(school=school, next_attempt_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) == S.FAILED
    notification.refresh_from_db()
    assert notification.attempts == 1
    assert "refused" in notification.last_error


def test_a_time_out_after_handing_over_is_unknown_and_never_retried_by_itself(school, monkeypatch):
    failing_mail(monkeypatch, TimeoutError())
    notification = NotificationFactory(school=school, next_attempt_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) == S.UNKNOWN
    assert services.notifications_dispatch() == 0
    assert services.notification_send(notification_id=notification.pk) == S.UNKNOWN
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_a_failure_after_sending_does_not_send_again(school, monkeypatch, settings):
    """The provider took the SMS, then the worker crashed before recording it: one SMS, and the
    log shows the message as unknown (needs attention), not as waiting to be sent again."""

    class CrashAfterSending(sms.FileSmsBackend):
        def send(self, *, to, body, reference):
            super().send(to=to, body=body, reference=reference)
            raise RuntimeError("worker crashed")

    monkeypatch.setattr(sms, "get_backend", CrashAfterSending)
    notification = NotificationFactory(school=school, channel="sms", address="+31612345678", subject="")
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) == S.UNKNOWN
    services.notifications_dispatch()
    services.notification_send(notification_id=notification.pk)
    assert len(sms_files(settings)) == 1
    notification.refresh_from_db()
    assert notification.status == S.UNKNOWN
    assert "RuntimeError" in notification.last_error


def test_a_message_stuck_in_sending_becomes_unknown_and_is_not_sent(school):
    """The worker was killed between handing over and recording: after the time-out the
    dispatcher shows it as needing attention instead of sending it again."""
    long_ago = timezone.now() - datetime.timedelta(minutes=16)
    stuck = NotificationFactory(school=school, status=S.SENDING, claimed_at=long_ago, attempts=1)
    recent = NotificationFactory(school=school, status=S.SENDING, claimed_at=timezone.now(), attempts=1)
    assert services.notifications_dispatch() == 0
    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.status == S.UNKNOWN
    assert "stopped while sending" in stuck.last_error
    assert recent.status == S.SENDING
    assert mail.outbox == []


def test_the_dispatcher_sends_waiting_messages_whose_task_was_lost(school, django_capture_on_commit_callbacks):
    waiting = NotificationFactory(school=school, next_attempt_at=timezone.now() - datetime.timedelta(minutes=5))
    later = NotificationFactory(school=school, next_attempt_at=timezone.now() + datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_dispatch() == 1
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == S.SENT
    assert later.status == S.PENDING
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("status", [S.FAILED, S.UNKNOWN])
def test_an_administrator_sends_a_failed_or_unknown_message_again(
    school, administrator, status, django_capture_on_commit_callbacks
):
    notification = NotificationFactory(school=school, status=status, attempts=3, last_error="HTTP 503")
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_retry(notification=notification, by=administrator)
    notification.refresh_from_db()
    assert notification.status == S.SENT
    assert notification.attempts == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("status", [S.PENDING, S.SENDING, S.SENT])
def test_a_waiting_or_sent_message_cannot_be_sent_again(school, administrator, status):
    notification = NotificationFactory(school=school, status=status)
    with pytest.raises(ValidationError, match="Alleen een mislukt"):
        services.notification_retry(notification=notification, by=administrator)
    notification.refresh_from_db()
    assert notification.status == status


def test_a_familys_messages_are_found_and_forgotten(school, other_school):
    sent = NotificationFactory(school=school, family_id=5, status=S.SENT, address="+31611111111", body="Tot morgen")
    waiting = NotificationFactory(school=school, family_id=5)
    other_family = NotificationFactory(school=school, family_id=6)
    other_school_same_id = NotificationFactory(school=other_school, family_id=5)
    assert set(selectors.notifications_for_family(school=school, family_id=5)) == {sent, waiting}

    assert services.notifications_forget_family(school=school, family_id=5) == 2
    assert not Notification.objects.filter(pk=waiting.pk).exists()
    sent.refresh_from_db()
    assert (sent.address, sent.body, sent.subject, sent.family_id) == ("-", "-", "", None)
    assert sent.status == S.SENT and sent.key  # the key still stops a second send
    assert list(selectors.notifications_for_family(school=school, family_id=5)) == []
    assert Notification.objects.filter(pk__in=[other_family.pk, other_school_same_id.pk]).count() == 2


def test_a_broker_that_is_down_leaves_the_message_waiting_for_the_dispatcher(
    school, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(celery.Task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue(school)  # the caller's work commits; no error reaches it
    notification.refresh_from_db()
    assert notification.status == S.PENDING
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_dispatch() == 1
    notification.refresh_from_db()
    assert notification.status == S.SENT


def test_a_personal_links_secret_reaches_the_parent_but_not_the_log(school, client, administrator):
    import secrets

    from django.urls import reverse

    token = secrets.token_urlsafe(32)
    link = f"https://huisbezoek.example.org/vragenlijst/{token}/"
    waiting = queue(school, key="k:wait", body=f"Uw vragenlijst: {link}")
    sent = queue(school, key="k:sent", body=f"Uw vragenlijst: {link}")
    services.notification_send(notification_id=sent.pk)

    sent.refresh_from_db()
    assert (sent.status, Notification.objects.get(pk=waiting.pk).status) == (S.SENT, S.PENDING)
    assert [token in m.body for m in mail.outbox] == [True]  # the parent got the link
    assert token not in sent.body and "/vragenlijst/…/" in sent.body  # the log keeps no secret
    client.force_login(administrator)
    page = client.get(reverse("notifications:log"))
    assert page.status_code == 200
    assert token not in page.content.decode()
