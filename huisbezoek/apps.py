from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HuisbezoekConfig(AppConfig):
    name = "huisbezoek"
    verbose_name = _("Huisbezoek (kern)")

    def ready(self) -> None:
        from . import panels  # noqa: F401  (registers the core home-page panels)
