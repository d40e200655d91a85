from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Huisbezoeken")

    def ready(self) -> None:
        from . import panels  # noqa: F401  (registers the visits home-page panels)
        from .reminders import tasks  # noqa: F401  (the worker's autodiscovery looks only at visits/tasks.py)
