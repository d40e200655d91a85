"""What the outbox's services announce. ``notifications/tasks.py`` listens and sends the message
in the background, so the services never import the task module (which imports them)."""

from django.dispatch import Signal

# A message is waiting and due: queued, sent again by an administrator, or found by the
# dispatcher. Keyword argument: ``notification_id``. Sent inside the service's transaction; the
# send task is enqueued after it commits.
notification_ready = Signal()

# Messages are waiting and due in bulk (a sweep queued them, or the dispatcher found them).
# Keyword argument: ``batches``, how many batch tasks to enqueue (after the transaction commits).
notifications_due = Signal()
