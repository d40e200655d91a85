"""What the protocol's services announce. ``protocol/tasks.py`` listens and renders the PDFs in
the background, so the services never import the task module (which imports them)."""

from django.dispatch import Signal

# Some PDFs of a published version are missing or out of date. Keyword arguments:
# ``version_id`` and ``languages`` (language codes, or "booklet"). Sent inside the service's
# transaction; the render tasks are enqueued after it commits.
pdf_renders_wanted = Signal()
