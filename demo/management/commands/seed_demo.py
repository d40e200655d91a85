"""Fill the database with the demo board "Stichting Samen Leren": ``manage.py seed_demo [--scale N]``.

A thin wrapper around :func:`demo.builder.build_demo` (see there for what it creates). Running it
again changes nothing. ``--scale N`` makes N copies of the primary school, for benchmarks.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.builder import BOARD_NAME, DEMO_LOGINS, DEMO_PASSWORD, MAX_SCALE, DemoConflictError, build_demo
from huisbezoek.models import School

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "Command"]


class Command(BaseCommand):
    help = "Maak een vaste demo aan: één bestuur met een basisschool en een middelbare school, met demo-inlogs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            metavar="N",
            help=f"aantal basisscholen (1-{MAX_SCALE}); meer dan 1 is voor benchmarks. Standaard 1.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="niets doen als de database al scholen van een ander bestuur bevat (gebruikt door `make run`)",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="ook uitvoeren als HUISBEZOEK_ENV=production (demo-accounts met een bekend wachtwoord!)",
        )

    def handle(self, *args, scale: int, if_empty: bool, allow_production: bool, **options):
        if not 1 <= scale <= MAX_SCALE:
            raise CommandError(f"--scale moet tussen 1 en {MAX_SCALE} liggen; gekregen: {scale}.")
        if getattr(settings, "PRODUCTION", False) and not allow_production:
            raise CommandError(
                "Dit is een productie-installatie: de demo maakt accounts met een openbaar wachtwoord. "
                "Gebruik --allow-production als u dat echt wilt (bijvoorbeeld op een demoserver)."
            )
        if if_empty and School.objects.exclude(board__name=BOARD_NAME).exists():
            self.stdout.write("De database bevat al eigen scholen; de demo wordt niet toegevoegd.")
            return
        try:
            build_demo(scale=scale, stdout=self.stdout)
        except DemoConflictError as exc:
            raise CommandError(str(exc)) from exc
