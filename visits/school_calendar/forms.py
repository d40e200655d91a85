from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huisbezoek.limits import CALENDAR_LABEL_MAX, limit_field

from ..forms import DateInput
from ..models import SchoolCalendarEntry


class CalendarEntryForm(forms.ModelForm):
    class Meta:
        model = SchoolCalendarEntry
        fields = ["kind", "start", "end", "label"]
        widgets = {"start": DateInput(), "end": DateInput()}
        help_texts = {
            "end": _("Leeg laten voor één dag of avond."),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        limit_field(self.fields["label"], CALENDAR_LABEL_MAX)
        self.fields["end"].required = False  # one day: the first day is the last

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and not end and "end" not in self.errors:
            data["end"] = end = start
        if start and end and end < start:
            self.add_error("end", _("De laatste dag mag niet vóór de eerste dag liggen."))
        return data
