from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo board of ``manage.py seed_demo`` (and its ``--scale`` for benchmarks). No models."""

    name = "demo"
    verbose_name = _("Demo")
