from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """The school runs its own staff: the team list, invitations, roles and groups, deactivating
    and handing over, interpreters, the staff import, school years and new schools of the board."""

    name = "staff"
    verbose_name = _("Team")

    def ready(self) -> None:
        from notifications.services import register_kind

        from . import (
            audit_types,  # noqa: F401  (registers the audit trail's object types)
            panels,  # noqa: F401  (registers the menu item and the home-page panel)
        )

        register_kind("staff_invitation", _("Team: uitnodiging voor een account"))
        register_kind("staff_added", _("Team: toegevoegd aan een school"))
