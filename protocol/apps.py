from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    name = "protocol"
    verbose_name = _("Protocol voor ouders")

    def ready(self) -> None:
        from huisbezoek.parent_pages import parent_pages

        from . import (
            panels,  # noqa: F401  (registers the navigation and home-page panels)
            tasks,  # noqa: F401  (renders the PDFs the services ask for)
        )
        from .access import public_url_for, school_for_public_code

        # Other apps' parent pages (privacy) live under the school's public code too.
        parent_pages.set_school_lookup(school_for_public_code)
        # A booked visit's confirmation for parents links to the protocol in their language.
        parent_pages.set_protocol_url(public_url_for)
