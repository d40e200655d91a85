"""What the visits services announce; the background tasks that follow listen here, so the
services never import a task module (which imports them). See docs/architecture.md."""

from django.dispatch import Signal

# Families were created or their address changed (the import): find where they live.
# Keyword argument: ``family_ids`` (a list). Sent inside the service's transaction; the geocoding
# task (visits/geo/tasks.py) is enqueued after it commits.
family_addresses_changed = Signal()
