"""Geocoding in the background: after an import (one task per import), and the nightly clean-up
of kept answers for addresses nobody has any more. Imported by ``VisitsConfig.ready``."""

from typing import Any

from celery import shared_task
from django.dispatch import receiver

from huisbezoek.celery import TransactionAwareTask

from ..signals import family_addresses_changed
from . import services


@shared_task(base=TransactionAwareTask, ignore_result=True)
def geocode_families(family_ids: list[int]) -> dict[str, int]:
    """Find where these families live (an address asked before is not asked again)."""
    return dict(services.families_locate(family_ids=family_ids))


@shared_task(base=TransactionAwareTask, ignore_result=True)
def geocoded_addresses_sweep() -> int:
    """Nightly (beat): forget the location of addresses no family has any more."""
    return services.unused_addresses_delete()


@receiver(family_addresses_changed, dispatch_uid="visits_geocode_changed_addresses")
def geocode_when_changed(*, family_ids: list[int], **kwargs: Any) -> None:
    if family_ids:
        geocode_families.delay(sorted(family_ids))
