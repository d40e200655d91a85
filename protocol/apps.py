from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    name = "protocol"
    verbose_name = _("Protocol voor ouders")

    def ready(self) -> None:
        from . import (
            panels,  # noqa: F401  (registers the navigation and home-page panels)
            tasks,  # noqa: F401  (renders the PDFs the services ask for)
        )
