"""Messages in bulk: one insert for many, claims in batches (SKIP LOCKED), one connection per batch,
a batch cut off halfway never sent twice, and the beat tasks on their own queue."""

import datetime
import math
import smtplib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.mail.backends.smtp import EmailBackend as SmtpEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from huisbezoek.celery import app
from notifications import channels, services
from notifications.models import Notification
from notifications.window import window_from_hours

from .factories import NotificationFactory

S = Notification.Status


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    settings.NOTIFICATION_BATCH_SIZE = 50
    settings.NOTIFICATION_SENDING_TIMEOUT = 900


def outgoing(n, *, start=0, channel="email", prefix="bulk"):
    return [
        services.Outgoing(
            key=f"{prefix}:{i}",
            kind="parent_reminder",
            channel=channel,
            address=f"ouder{i}@example.org" if channel == "email" else f"+316123{i:05d}",
            subject="Huisbezoek morgen",
            body="Morgen om 19:00 komen we op huisbezoek.",
        )
        for i in range(start, start + n)
    ]


class CountingEmailBackend(EmailBackend):
    """The test mail backend (``mail.outbox``), counting the connections the sender makes."""

    made = 0
    opened = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        CountingEmailBackend.made += 1

    def open(self):
        CountingEmailBackend.opened += 1
        return super().open()


@pytest.fixture
def counting_mail(settings, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.CountingEmailBackend"
    monkeypatch.setattr(CountingEmailBackend, "made", 0)
    monkeypatch.setattr(CountingEmailBackend, "opened", 0)
    return CountingEmailBackend


# --- Queueing in bulk ---------------------------------------------------------------------------------


def test_bulk_queueing_counts_the_new_messages_and_queues_nothing_twice(school):
    assert services.notifications_queue_many(school=school, messages=outgoing(30)) == 30
    assert services.notifications_queue_many(school=school, messages=outgoing(30)) == 0
    # Half old, half new: only the new ones count and are stored.
    assert services.notifications_queue_many(school=school, messages=outgoing(30, start=15)) == 15
    assert Notification.objects.count() == 45
    assert set(Notification.objects.values_list("status", flat=True)) == {S.PENDING}
    # The same key twice in one call is one message.
    assert services.notifications_queue_many(school=school, messages=outgoing(1, prefix="twice") * 2) == 1


def test_queueing_a_hundred_messages_is_one_insert_without_a_savepoint_per_message(school):
    with CaptureQueriesContext(connection) as first:
        assert services.notifications_queue_many(school=school, messages=outgoing(100)) == 100
    with CaptureQueriesContext(connection) as again:
        assert services.notifications_queue_many(school=school, messages=outgoing(100)) == 0
    # The rows in one INSERT; SQLite allows 999 parameters per statement, so there one per ~49 rows.
    fields = [field for field in Notification._meta.concrete_fields if not field.primary_key]
    inserts = math.ceil(100 / connection.ops.bulk_batch_size(fields, [None] * 100))
    if connection.vendor == "postgresql":
        assert inserts == 1
    for captured in (first, again):
        statements = [query["sql"].lstrip().split()[0].upper() for query in captured.captured_queries]
        # The service's own savepoint and its release around the inserts; no SELECT, no savepoint
        # per message: three statements for a hundred messages on PostgreSQL.
        assert statements == ["SAVEPOINT", *["INSERT"] * inserts, "RELEASE"]
        skip_taken_keys = "ON CONFLICT DO NOTHING" if connection.vendor == "postgresql" else "INSERT OR IGNORE"
        assert all(skip_taken_keys in q["sql"] for q in captured.captured_queries if "INSERT" in q["sql"])


def test_a_single_message_still_comes_back_as_its_row(school):
    [message] = outgoing(1, prefix="single")
    first = services.notification_queue(school=school, **message.__dict__)
    assert first is not None and first.pk and first.key == "single:0"
    assert services.notification_queue(school=school, **message.__dict__) is None


def test_bad_input_in_a_bulk_queues_none_of_it(school):
    messages = [*outgoing(3), services.Outgoing(key="bad", kind="x", channel="fax", address="a", subject="", body="b")]
    with pytest.raises(Exception, match="Onbekend kanaal"):
        services.notifications_queue_many(school=school, messages=messages)
    assert Notification.objects.count() == 0


def test_a_sweep_worth_of_messages_goes_out_in_batches_one_connection_each(
    school, settings, counting_mail, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_BATCH_SIZE = 20
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.notifications_queue_many(school=school, messages=outgoing(45)) == 45
    assert len(callbacks) == 3  # one task per batch of 20, not one per message
    assert len(mail.outbox) == 45
    assert len({message.to[0] for message in mail.outbox}) == 45
    assert counting_mail.made == 3 and counting_mail.opened == 3
    assert set(Notification.objects.values_list("status", "attempts")) == {(S.SENT, 1)}


def test_the_dispatcher_hands_waiting_messages_to_batches(school, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_BATCH_SIZE = 4
    for _i in range(9):
        NotificationFactory(school=school, next_attempt_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.notifications_dispatch() == 9
    assert len(callbacks) == 3
    assert len(mail.outbox) == 9


# --- One connection per batch ---------------------------------------------------------------------------


def test_one_smtp_connection_for_a_whole_batch(school, counting_mail):
    services.notifications_queue_many(school=school, messages=outgoing(12))
    assert services.notifications_send_batch() == 12
    assert len(mail.outbox) == 12
    assert counting_mail.made == 1
    assert counting_mail.opened == 1
    assert services.notifications_send_batch() == 0  # nothing left: no connection either
    assert counting_mail.made == 1


def test_after_a_lost_connection_the_rest_of_the_batch_gets_a_new_one(school, counting_mail, monkeypatch):
    """The connection broke while the 3rd message was handed over: that one is unknown (it may
    have arrived), the others go out over a fresh connection."""
    services.notifications_queue_many(school=school, messages=outgoing(5))
    original = CountingEmailBackend.send_messages

    def send_messages(self, messages):
        if messages[0].to == ["ouder2@example.org"]:
            raise OSError("connection reset")
        return original(self, messages)

    monkeypatch.setattr(CountingEmailBackend, "send_messages", send_messages)
    assert services.notifications_send_batch() == 5
    statuses = dict(Notification.objects.values_list("key", "status"))
    assert statuses == {"bulk:0": S.SENT, "bulk:1": S.SENT, "bulk:2": S.UNKNOWN, "bulk:3": S.SENT, "bulk:4": S.SENT}
    assert len(mail.outbox) == 4
    assert counting_mail.opened == 2


def test_a_mail_server_that_cannot_be_reached_sends_nothing_and_retries_the_batch(school, counting_mail, monkeypatch):
    services.notifications_queue_many(school=school, messages=outgoing(6))

    def refuse(self):
        raise ConnectionRefusedError(111, "refused")

    monkeypatch.setattr(CountingEmailBackend, "open", refuse)
    assert services.notifications_send_batch() == 6
    assert mail.outbox == []
    rows = Notification.objects.all()
    assert {(row.status, row.attempts) for row in rows} == {(S.PENDING, 1)}
    assert all(row.next_attempt_at > timezone.now() for row in rows)
    assert "could not connect" in rows[0].last_error


class LimitedSmtp:
    """Stands in for ``smtplib.SMTP``: a mail server that takes two messages per connection and
    then answers 421 (closing) to the next MAIL FROM, as servers with such a limit do."""

    connections = 0
    taken: list = []

    def __init__(self, host, port, **kwargs):
        LimitedSmtp.connections += 1
        self.sock = object()
        self.count = 0

    def ehlo_or_helo_if_needed(self):
        pass

    def sendmail(self, from_addr, to_addrs, msg, mail_options=(), rcpt_options=()):
        if self.sock is None:
            raise smtplib.SMTPServerDisconnected("please run connect() first")
        if self.count == 2:
            self.sock = None  # what smtplib does after a 421
            raise smtplib.SMTPSenderRefused(421, b"too many messages, closing", from_addr)
        self.count += 1
        LimitedSmtp.taken.append(to_addrs)
        return {}

    def quit(self):
        if self.sock is None:
            raise smtplib.SMTPServerDisconnected("please run connect() first")
        self.sock = None

    def close(self):
        self.sock = None


class LimitedSmtpBackend(SmtpEmailBackend):
    @property
    def connection_class(self):
        return LimitedSmtp


def test_a_mail_server_closing_after_some_messages_gets_a_new_connection_and_nothing_is_lost(
    school, settings, monkeypatch
):
    settings.EMAIL_BACKEND = f"{__name__}.LimitedSmtpBackend"
    monkeypatch.setattr(LimitedSmtp, "connections", 0)
    monkeypatch.setattr(LimitedSmtp, "taken", [])
    services.notifications_queue_many(school=school, messages=outgoing(5))
    assert services.notifications_send_batch() == 5
    statuses = dict(Notification.objects.values_list("key", "status"))
    # The refused 3rd message certainly did not go out: it waits for a retry, not "unknown".
    assert statuses == {"bulk:0": S.SENT, "bulk:1": S.SENT, "bulk:2": S.PENDING, "bulk:3": S.SENT, "bulk:4": S.SENT}
    assert LimitedSmtp.connections == 2
    assert len(LimitedSmtp.taken) == 4


class CountingTwilio(BaseHTTPRequestHandler):
    """Twilio's Messages resource over HTTP/1.1 keep-alive; the server counts TCP connections."""

    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.server.connections += 1

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests += 1
        body = b'{"sid": "SM%d", "status": "queued"}' % self.server.requests
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def twilio(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), CountingTwilio)
    server.connections = 0
    server.requests = 0
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_API_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.TWILIO_ACCOUNT_SID = "AC123"
    settings.TWILIO_AUTH_TOKEN = "geheim-token"
    settings.SMS_FROM = "Regenboog"
    settings.SMS_TIMEOUT = 5
    yield server
    server.shutdown()
    server.server_close()


def test_one_http_connection_to_the_sms_provider_for_a_whole_batch(school, twilio, settings):
    settings.NOTIFICATION_BATCH_SIZE = 10
    services.notifications_queue_many(school=school, messages=outgoing(15, channel="sms"))
    assert services.notifications_send_batch() == 10
    assert services.notifications_send_batch() == 5
    assert twilio.requests == 15
    assert twilio.connections == 2  # one per batch, not one per message
    assert sorted(Notification.objects.values_list("provider_id", flat=True)) == sorted(f"SM{i}" for i in range(1, 16))


# --- A batch cut off halfway ----------------------------------------------------------------------------


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs (not an error the sender could record)."""


def test_a_batch_cut_off_halfway_leaves_its_claimed_messages_unknown_and_never_sends_them_again(
    school, settings, monkeypatch
):
    settings.NOTIFICATION_BATCH_SIZE = 10
    services.notifications_queue_many(school=school, messages=outgoing(14))
    handed_over = []

    class DiesOnTheFourth(channels.EmailChannel):
        def send(self, notification):
            handed_over.append(notification.key)
            if len(handed_over) == 4:  # the 4th went out, then the worker was killed
                raise WorkerKilled
            return super().send(notification)

    monkeypatch.setitem(channels.CHANNELS, "email", DiesOnTheFourth)
    with pytest.raises(WorkerKilled):
        services.notifications_send_batch()
    counts = {status: Notification.objects.filter(status=status).count() for status in S.values}
    assert counts[S.SENT] == 3
    assert counts[S.SENDING] == 7  # the 4th (handed over) and the six it had claimed but not sent
    assert counts[S.PENDING] == 4  # not claimed by this batch

    # Another worker's batch takes only what was never claimed.
    monkeypatch.setitem(channels.CHANNELS, "email", channels.EmailChannel)
    assert services.notifications_send_batch() == 4
    assert len(mail.outbox) == 3 + 4
    # Still in "sending" before the time-out; then the dispatcher flags them, and nothing sends them.
    assert services.notifications_dispatch() == 0
    assert Notification.objects.filter(status=S.SENDING).count() == 7
    later = timezone.now() + datetime.timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT + 1)
    assert services.notifications_dispatch(now=later) == 0
    assert Notification.objects.filter(status=S.UNKNOWN).count() == 7
    assert "stopped while sending" in Notification.objects.filter(status=S.UNKNOWN).first().last_error
    assert services.notifications_send_batch(now=later) == 0
    assert len(mail.outbox) == 7
    assert Notification.objects.filter(status=S.SENT).count() == 7


def test_a_batch_that_runs_out_of_time_gives_its_unsent_messages_back(school, settings, monkeypatch):
    """A very slow mail server: halfway through the sending time-out the batch stops and gives back
    what it has not started, so the dispatcher never calls a message "unknown" that is still
    about to be sent."""
    settings.NOTIFICATION_SENDING_TIMEOUT = 60
    services.notifications_queue_many(school=school, messages=outgoing(5))
    start = timezone.now()

    class Slow(channels.EmailChannel):
        def send(self, notification):
            result = super().send(notification)
            if len(mail.outbox) == 2:  # the second took long: half the time-out has passed
                monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(seconds=31))
            return result

    monkeypatch.setitem(channels.CHANNELS, "email", Slow)
    assert services.notifications_send_batch(now=start) == 5
    statuses = sorted(Notification.objects.values_list("key", "status", "attempts"))
    assert statuses == [
        ("bulk:0", S.SENT, 1),
        ("bulk:1", S.SENT, 1),
        ("bulk:2", S.PENDING, 0),
        ("bulk:3", S.PENDING, 0),
        ("bulk:4", S.PENDING, 0),
    ]
    assert len(mail.outbox) == 2


def test_a_batch_leaves_a_message_whose_window_is_closed_for_the_next_opening(school):
    now = timezone.now()
    local_hour = timezone.localtime(now).hour
    closed = window_from_hours(*((local_hour + 2, local_hour + 3) if local_hour < 21 else (1, 2)))
    waiting = NotificationFactory(school=school, next_attempt_at=now, window_opens=closed[0], window_closes=closed[1])
    ready = NotificationFactory(school=school, next_attempt_at=now)
    assert services.notifications_send_batch(now=now) == 1
    waiting.refresh_from_db()
    ready.refresh_from_db()
    assert ready.status == S.SENT
    assert waiting.status == S.PENDING and waiting.attempts == 0
    assert timezone.localtime(waiting.next_attempt_at).hour == closed[0].hour
    assert len(mail.outbox) == 1


# --- Concurrent claims (PostgreSQL: SKIP LOCKED) -------------------------------------------------------


def in_thread(target):
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = target()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.django_db(transaction=True)
def test_a_claimer_skips_the_rows_another_is_claiming_instead_of_waiting_or_taking_them(school, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: a claim takes the whole database's write lock, so claims never overlap")
    from django.db import transaction

    monkeypatch.setattr(services, "_due", lambda messages: None)  # no batch tasks: the threads claim
    services.notifications_queue_many(school=school, messages=outgoing(10))
    holding = threading.Event()
    release = threading.Event()

    def first():
        with transaction.atomic():  # keeps the claim's row locks until released
            claimed = services.notifications_claim_batch(size=4)
            holding.set()
            assert release.wait(20)
        return {row.pk for row in claimed}

    def second():
        assert holding.wait(20)
        return {row.pk for row in services.notifications_claim_batch(size=4)}

    thread_a, a = in_thread(first)
    thread_b, b = in_thread(second)
    thread_b.join(timeout=20)
    assert not thread_b.is_alive(), "the second claimer waited for the first one's locks"
    release.set()
    thread_a.join(timeout=20)
    assert "error" not in a and "error" not in b, (a, b)
    assert len(a["value"]) == 4 and len(b["value"]) == 4
    assert not a["value"] & b["value"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_claimers_never_get_the_same_message(school, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks (claims are serialised by BEGIN IMMEDIATE; run one worker there)")
    monkeypatch.setattr(services, "_due", lambda messages: None)  # no batch tasks: the threads claim
    services.notifications_queue_many(school=school, messages=outgoing(120))
    barrier = threading.Barrier(4)

    def claimer():
        barrier.wait(20)
        mine = []
        while batch := services.notifications_claim_batch(size=7):
            mine.extend(row.pk for row in batch)
        return mine

    runs = [in_thread(claimer) for _ in range(4)]
    for thread, _outcome in runs:
        thread.join(timeout=60)
    assert all("error" not in outcome for _t, outcome in runs), runs
    claimed = [pk for _t, outcome in runs for pk in outcome["value"]]
    assert len(claimed) == 120
    assert len(set(claimed)) == 120
    assert set(Notification.objects.values_list("status", "attempts")) == {(S.SENDING, 1)}


# --- Queues and database connections in the worker -------------------------------------------------


def test_beat_and_housekeeping_tasks_run_on_their_own_queue():
    router = app.amqp.router
    beat_tasks = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"huisbezoek.tasks.record_heartbeat", "notifications.tasks.notifications_dispatch"} <= beat_tasks
    for task in beat_tasks:
        assert router.route({}, task)["queue"].name == "periodic", task
    for task in ("notifications.tasks.notifications_send_batch", "notifications.tasks.notification_send"):
        assert router.route({}, task)["queue"].name == "celery", task
    procfile = (Path(django_settings.BASE_DIR) / "Procfile.dev").read_text()
    assert "-Q celery,periodic" in procfile


class FakeTask:
    class request:
        is_eager = False


@pytest.mark.django_db(transaction=True)
def test_a_worker_keeps_its_database_connection_between_tasks_until_it_is_too_old():
    import time

    from huisbezoek.celery import _database_connections_like_a_request as around_task

    assert app.conf.get("CELERY_DB_REUSE_MAX") >= 10**6  # Celery's fix-up does not close it every task
    connection.ensure_connection()
    kept = connection.connection
    connection.close_at = time.monotonic() + 60  # CONN_MAX_AGE = 60
    around_task(sender=FakeTask())
    Notification.objects.count()
    around_task(sender=FakeTask())
    assert connection.connection is kept
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return  # Django never closes the in-memory test database
    connection.close_at = time.monotonic() - 1  # older than CONN_MAX_AGE: closed, a new one next time
    around_task(sender=FakeTask())
    assert connection.connection is None
    Notification.objects.count()
    assert connection.connection is not None and connection.connection is not kept
