from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The AVG duties: retention and purge, a family's right of access, correction requests."""

    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from . import panels  # noqa: F401  (registers the privacy menu)
        from .personal_data import register as register_personal_data

        register_personal_data()  # the correction requests, beside every other app's family data

        from huisbezoek.parent_pages import parent_pages

        from .selectors import notice_link

        # The parents' privacy notice, linked from the protocol's parent page of the same school.
        parent_pages.register_link("privacy", notice_link)
