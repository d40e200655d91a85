from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Huisbezoeken")

    def ready(self) -> None:
        from . import (
            audit_types,  # noqa: F401  (registers the audit trail's object types)
            panels,  # noqa: F401  (registers the visits home-page panels)
        )
        from .booking import services as booking_services  # noqa: F401  (registers its message kinds)
        from .booking.personal_data import register as register_booking
        from .care import panels as care_panels  # noqa: F401  (the care coordinator's home panel)
        from .enrolments import tasks as enrolment_tasks  # noqa: F401  (the new school year's nightly task)
        from .geo import tasks as geo_tasks  # noqa: F401  (geocoding after an import, the nightly clean-up)
        from .personal_data import register
        from .reminders import tasks  # noqa: F401  (the worker's autodiscovery looks only at visits/tasks.py)

        register()  # what visits stores about a family, for the privacy app
        register_booking()
