from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluatie")

    def ready(self) -> None:
        from notifications.services import register_kind

        from . import (
            panels,  # noqa: F401  (registers the navigation and home-page panels)
            tasks,  # noqa: F401  (invites the parents once the questionnaires open)
        )
        from .personal_data import register as register_personal_data

        register_personal_data()  # what this app stores about a family, for the privacy app

        register_kind("evaluation_invite", _("Evaluatie: vragenlijst voor ouders"))
