"""Sending windows: a message the sending app gave hours (a parent's) never leaves outside them —
not when queued, not on a retry, not from a backlog after an outage, not when an administrator
sends it again — and a message without hours (staff) leaves at once. Hours are Amsterdam
wall-clock hours, also on the nights the clocks change."""

import datetime
import smtplib
import zoneinfo

import pytest
import time_machine
from django.core import mail

from notifications import services
from notifications.models import Notification
from notifications.window import is_open, next_open, window_from_hours

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC
S = Notification.Status
PARENTS = window_from_hours(8, 21)


def ams(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMS)


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_SECONDS = 120


@pytest.fixture(autouse=True)
def _send_after_commit(monkeypatch):
    """Tests run inside one transaction; run the after-commit sends at once, as a commit would."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, robust=False: fn())


def queue(school, key="parent:1", window=PARENTS, address="ouder@example.org"):
    return services.notification_queue(
        school=school,
        key=key,
        kind="parent_reminder",
        channel="email",
        address=address,
        subject="Huisbezoek",
        body="Morgen om 19:00 komen we op huisbezoek.",
        window=window,
    )


def dispatch_at(moment):
    with time_machine.travel(moment, tick=False):
        return services.notifications_dispatch()


@pytest.mark.parametrize(
    ("moment", "opens_utc"),
    [
        (ams(2026, 11, 2, 23, 52), datetime.datetime(2026, 11, 3, 7, 0, tzinfo=UTC)),  # winter: UTC+1
        (ams(2027, 6, 14, 23, 52), datetime.datetime(2027, 6, 15, 6, 0, tzinfo=UTC)),  # summer: UTC+2
        (ams(2026, 3, 28, 23, 52), datetime.datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),  # clocks go forward
        (ams(2026, 10, 24, 23, 52), datetime.datetime(2026, 10, 25, 7, 0, tzinfo=UTC)),  # clocks go back
        (ams(2026, 10, 25, 2, 30), datetime.datetime(2026, 10, 25, 7, 0, tzinfo=UTC)),  # the repeated hour
        (ams(2026, 11, 3, 7, 59), datetime.datetime(2026, 11, 3, 7, 0, tzinfo=UTC)),
        (ams(2026, 11, 3, 21, 0), datetime.datetime(2026, 11, 4, 7, 0, tzinfo=UTC)),
    ],
)
def test_outside_the_window_the_next_opening_is_8_oclock_amsterdam_time(moment, opens_utc):
    assert not is_open(PARENTS, moment)
    assert next_open(PARENTS, moment) == opens_utc
    assert next_open(PARENTS, moment).astimezone(AMS).time() == datetime.time(8)


@pytest.mark.parametrize("moment", [ams(2026, 11, 3, 8), ams(2026, 11, 3, 20, 59), ams(2026, 3, 29, 12)])
def test_inside_the_window_a_message_goes_at_once(moment):
    assert is_open(PARENTS, moment)
    assert next_open(PARENTS, moment) == moment
    assert next_open(None, ams(2026, 11, 3, 3)) == ams(2026, 11, 3, 3)  # no window: any time


def test_a_window_runs_forward_within_one_day():
    with pytest.raises(ValueError):
        window_from_hours(21, 8)
    assert is_open(window_from_hours(0, 24), ams(2026, 11, 3, 23, 59))


@pytest.mark.parametrize("night", [ams(2026, 11, 2, 23, 52), ams(2026, 3, 28, 23, 52), ams(2026, 10, 24, 23, 52)])
def test_a_parent_message_queued_at_night_waits_for_8_oclock_and_goes_out_once(school, night):
    with time_machine.travel(night, tick=False):
        notification = queue(school)
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.status == S.PENDING
    morning = datetime.datetime.combine(night.date() + datetime.timedelta(days=1), datetime.time(8), tzinfo=AMS)
    assert notification.next_attempt_at == morning
    assert dispatch_at(night + datetime.timedelta(minutes=5)) == 0
    assert dispatch_at(morning - datetime.timedelta(minutes=1)) == 0
    assert mail.outbox == []
    assert dispatch_at(morning) == 1
    assert dispatch_at(morning + datetime.timedelta(minutes=1)) == 0
    notification.refresh_from_db()
    assert notification.status == S.SENT
    assert notification.attempts == 1
    assert len(mail.outbox) == 1


def test_a_staff_message_without_a_window_goes_out_at_night(school):
    with time_machine.travel(ams(2026, 11, 2, 23, 52), tick=False):
        notification = queue(school, key="staff:1", window=None, address="leerkracht@example.org")
    notification.refresh_from_db()
    assert notification.status == S.SENT
    assert [m.to for m in mail.outbox] == [["leerkracht@example.org"]]


def test_a_backlog_found_at_night_is_held_until_the_morning(school):
    """Queued in the evening while the workers were down: the dispatcher finds it at 23:00 and the
    send task leaves it waiting for 08:00."""
    notification = Notification.objects.create(
        school=school,
        key="parent:backlog",
        kind="parent_reminder",
        channel="email",
        address="ouder@example.org",
        body="Tekst",
        next_attempt_at=ams(2026, 11, 2, 20, 30),
        window_opens=PARENTS[0],
        window_closes=PARENTS[1],
    )
    assert dispatch_at(ams(2026, 11, 2, 23, 0)) == 1  # a send task is enqueued, and refuses
    notification.refresh_from_db()
    assert notification.status == S.PENDING and mail.outbox == []
    assert notification.next_attempt_at == ams(2026, 11, 3, 8)
    assert dispatch_at(ams(2026, 11, 2, 23, 1)) == 0
    assert dispatch_at(ams(2026, 11, 3, 8)) == 1
    notification.refresh_from_db()
    assert notification.status == S.SENT and len(mail.outbox) == 1


def test_a_retry_that_would_fall_after_9_pm_waits_for_the_morning(school, monkeypatch):
    def refused(self, fail_silently=False):
        raise smtplib.SMTPSenderRefused(451, b"try again later", "school@example.org")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refused)
    with time_machine.travel(ams(2026, 11, 2, 20, 59), tick=False):
        notification = queue(school)
    notification.refresh_from_db()
    assert notification.status == S.PENDING and notification.attempts == 1
    assert notification.next_attempt_at == ams(2026, 11, 3, 8)  # not 21:01


def test_an_administrator_sending_a_parent_message_again_at_night_waits_for_the_morning(school, administrator):
    notification = Notification.objects.create(
        school=school,
        key="parent:failed",
        kind="parent_reminder",
        channel="email",
        address="ouder@example.org",
        body="Tekst",
        status=S.FAILED,
        window_opens=PARENTS[0],
        window_closes=PARENTS[1],
    )
    with time_machine.travel(ams(2026, 11, 2, 22, 15), tick=False):
        services.notification_retry(notification=notification, by=administrator)
    notification.refresh_from_db()
    assert notification.status == S.PENDING and mail.outbox == []
    assert notification.next_attempt_at == ams(2026, 11, 3, 8)
    assert dispatch_at(ams(2026, 11, 3, 8)) == 1
    assert len(mail.outbox) == 1
