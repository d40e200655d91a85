from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The directie's dashboard, the team meeting and the board view. No models: every figure is
    read through ``visits.selectors``."""

    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from . import panels  # noqa: F401  (registers the navigation)
