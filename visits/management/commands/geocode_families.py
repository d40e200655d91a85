"""Find where existing families live (visits/geo): for data imported before geocoding existed.

One request per new address, one at a time with GEOCODER_DELAY_SECONDS in between; a pin set by
hand is never overwritten; safe to rerun (an address asked before is not asked again).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from visits.geo import services


class Command(BaseCommand):
    help = "Look up the location of families not looked up yet (--again: also those not found before)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", type=int, help="only this school (its id)")
        parser.add_argument(
            "--again", action="store_true", help="also ask again for addresses that were not found before"
        )

    def handle(self, *args: Any, school: int | None, again: bool, **options: Any) -> None:
        if not settings.GEOCODER_URL:
            raise CommandError("GEOCODER_URL is empty: geocoding is switched off.")
        family_ids = services.families_to_locate(school_id=school, again=again)
        counts = services.families_locate(family_ids=family_ids)
        summary = ", ".join(f"{source}: {number}" for source, number in sorted(counts.items())) or "nothing to do"
        self.stdout.write(self.style.SUCCESS(f"{len(family_ids)} families looked up ({summary})."))
