"""Report whether the database, the broker and the background worker work.

``manage.py health`` reads the worker's last heartbeat; ``--ping 30`` also sends the
heartbeat task through the broker and waits up to 30 seconds for the worker to run it.
Exit status 0 means everything is healthy.
"""

import sys

from celery.exceptions import TimeoutError as CeleryTimeout
from django.core.management.base import BaseCommand

from huisbezoek.health import run_checks
from huisbezoek.tasks import record_heartbeat


class Command(BaseCommand):
    help = "Check database, broker and worker; exit 1 when something fails."

    def add_arguments(self, parser):
        parser.add_argument(
            "--ping", type=float, metavar="SECONDS", help="send a task through the broker and wait for the worker"
        )

    def handle(self, *args, **options):
        if options["ping"]:
            try:
                record_heartbeat.delay().get(timeout=options["ping"])
            except CeleryTimeout:
                self.stderr.write(f"worker: no answer within {options['ping']:g} s")
            except Exception as exc:  # noqa: BLE001 - report any broker/backend failure plainly
                self.stderr.write(f"worker: task could not be sent or read back ({type(exc).__name__}: {exc})")
        checks = run_checks()
        for check in checks:
            style = self.style.SUCCESS if check.ok else self.style.ERROR
            self.stdout.write(style(f"{check.name}: {'ok' if check.ok else 'FAILING'} ({check.detail})"))
        if not all(c.ok for c in checks):
            sys.exit(1)
