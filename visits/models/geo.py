"""The geocoder's answers, kept so each address is looked up once (visits/geo)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GeocodedAddress(models.Model):
    """Where an address is, or that the geocoder does not know it.

    Keyed by the address alone (``"3552AB|12a"``): households at one address share the row, and
    it holds nothing about who lives there. A failed lookup (service down) is not kept, so it is
    tried again; "not found" is. Rows of addresses no family has any more are deleted (nightly,
    and when a family is purged).
    """

    key = models.CharField(_("adres"), max_length=300, unique=True)
    latitude = models.DecimalField(_("breedtegraad"), max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("lengtegraad"), max_digits=9, decimal_places=6, null=True, blank=True)
    found = models.BooleanField(_("gevonden"), default=False)
    looked_up_at = models.DateTimeField(_("opgezocht op"))

    class Meta:
        verbose_name = _("gevonden adres")
        verbose_name_plural = _("gevonden adressen")

    def __str__(self) -> str:
        return self.key
