"""What the evaluation's services announce. ``evaluation/tasks.py`` listens and invites the
parents in the background, so the services never import the task module (which imports them)."""

from django.dispatch import Signal

# The questionnaires of an evaluation opened. Keyword argument: ``evaluation_id``. Sent inside
# the service's transaction; the invitations are enqueued after it commits.
evaluation_opened = Signal()
