from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import DateInput, TimeInput

MAX_REPEAT_WEEKS = 12


class WindowForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    start = forms.TimeField(label=_("Van"), widget=TimeInput(), initial=datetime.time(18, 0))
    end = forms.TimeField(label=_("Tot"), widget=TimeInput(), initial=datetime.time(21, 0))
    repeat_weeks = forms.IntegerField(
        label=_("Ook de weken erna op dezelfde dag"),
        min_value=0,
        max_value=MAX_REPEAT_WEEKS,
        initial=0,
        help_text=_("Bijvoorbeeld 3: dezelfde tijd ook de 3 weken daarna."),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("De eindtijd moet na de begintijd liggen."))
        return data

    def dates(self) -> list[datetime.date]:
        first = self.cleaned_data["date"]
        return [first + datetime.timedelta(weeks=n) for n in range(self.cleaned_data["repeat_weeks"] + 1)]
