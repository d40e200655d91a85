"""Helpers of the staff tests: the invitation link as the outbox holds it."""

import re

from django.conf import settings

from notifications.models import Notification

LINK = re.compile(re.escape(settings.SITE_URL) + r"(/uitnodiging/[A-Za-z0-9_-]+/)")


def invitation_path(email: str) -> str:
    """The path of the newest invitation link queued for ``email`` (read from the outbox)."""
    message = Notification.objects.filter(kind="staff_invitation", address=email).order_by("-pk").first()
    assert message is not None, f"no invitation queued for {email}"
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)
