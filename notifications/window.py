"""Sending windows: the local hours in which a message may go out.

The outbox knows no rule about who may be messaged when; the app that queues a message decides
(e.g. parents only between 08:00 and 21:00) and hands the window over with the message. The
outbox then never sends outside it: not when queued, not after a retry, not when a backlog
is sent after an outage. Hours are wall-clock hours in the project's time zone
(``TIME_ZONE``, Europe/Amsterdam), whatever the UTC offset on the day.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

# (opens, closes): a message may go out from ``opens`` up to, not including, ``closes``.
Window = tuple[datetime.time, datetime.time]


def window_from_hours(start: int, end: int) -> Window:
    """The window from ``start``:00 to ``end``:00 (``start`` < ``end``, both 0-24)."""
    if not 0 <= start < end <= 24:
        raise ValueError(f"a sending window runs from an earlier to a later hour of one day, not {start}-{end}")
    return datetime.time(start), datetime.time.max if end == 24 else datetime.time(end)


def is_open(window: Window | None, moment: datetime.datetime) -> bool:
    """Whether a message may go out at ``moment`` (always, without a window)."""
    if window is None:
        return True
    local = moment.astimezone(timezone.get_default_timezone()).time()
    return window[0] <= local < window[1]


def next_open(window: Window | None, moment: datetime.datetime) -> datetime.datetime:
    """``moment`` if the window is open then, else the moment it next opens (today or tomorrow,
    as a local wall-clock time: 08:00 is 07:00 UTC in winter and 06:00 UTC in summer)."""
    if is_open(window, moment):
        return moment
    assert window is not None
    zone = timezone.get_default_timezone()
    local = moment.astimezone(zone)
    day = local.date() if local.time() < window[0] else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, window[0], tzinfo=zone)
