"""Re-encrypt every confidential column with the first key of FIELD_ENCRYPTION_KEYS (key rotation).

Procedure (README, "Key rotation"): put a new key first in FIELD_ENCRYPTION_KEYS and keep the
old ones after it; restart web and worker; run this command (safe to rerun, it skips what is
current); when it reports 0 re-encrypted, remove the old keys and restart again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from huisbezoek.crypto import reencrypt_all


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column with the first key of FIELD_ENCRYPTION_KEYS (batched, idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            counts = reencrypt_all(batch_size=batch_size)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        for count in counts:
            self.stdout.write(
                f"{count.table}.{count.column}: {count.values} values, "
                f"{count.reencrypted} re-encrypted, {count.current} already current"
            )
        total = sum(c.reencrypted for c in counts)
        self.stdout.write(self.style.SUCCESS(f"Done: {total} values re-encrypted with the first key."))
