from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Huisbezoeken")

    def ready(self) -> None:
        from . import panels  # noqa: F401  (registers the visits home-page panels)
