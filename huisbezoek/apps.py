from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HuisbezoekConfig(AppConfig):
    name = "huisbezoek"
    verbose_name = _("Huisbezoek (kern)")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import (
            middleware,
            otp,
            panels,  # noqa: F401  (registers the core home-page panels)
            services,  # noqa: F401  (registers the core's audit object type)
        )

        user_logged_in.connect(otp.remember_opt_in, dispatch_uid="huisbezoek_otp_opt_in")
        user_logged_in.connect(middleware.stamp_session_start, dispatch_uid="huisbezoek_session_start")
