from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Messages to staff and families (e-mail, SMS): the log, the channels, sending exactly once.

    Uses only the core app; visits and evaluation decide *what* to send and call it."""

    name = "notifications"
    verbose_name = _("Berichten")

    def ready(self) -> None:
        from . import (
            panels,  # noqa: F401  (registers the navigation and the home-page panel)
            tasks,  # noqa: F401  (sends a message in the background once it is ready)
        )
        from .personal_data import register as register_personal_data

        register_personal_data()  # what this app stores about a family, for the privacy app
