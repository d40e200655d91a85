"""The pin form: where the family lives, typed as latitude and longitude."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 20  # "52.090737" with room to spare; a longer value is not a coordinate


class CoordinateField(forms.CharField):
    """A decimal number written with a point or a comma (``52,0907`` as Dutch users write it)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=MAX_LENGTH, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: Any) -> Decimal:  # type: ignore[override]
        text = super().clean(value).strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise forms.ValidationError(_("Schrijf een getal, bijvoorbeeld 52,0907."), code="invalid")
        return number


class FamilyPinForm(forms.Form):
    latitude = CoordinateField(
        label=_("Breedtegraad (noorderbreedte)"), help_text=_("Tussen 50,7 en 53,6, bijvoorbeeld 52,0907.")
    )
    longitude = CoordinateField(
        label=_("Lengtegraad (oosterlengte)"), help_text=_("Tussen 3,3 en 7,3, bijvoorbeeld 5,1214.")
    )
