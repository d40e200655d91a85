"""Forms of the evening page and the season view: they parse; the planner decides."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..forms import DateInput
from ..models import Visit
from .selectors import MAX_SEASON_EVENINGS, MAX_TICKED

PLANNED = re.compile(r"^(\d{1,10})@([01]\d|2[0-3]):([0-5]\d)$")


class TickForm(forms.Form):
    """Which visits still to plan the proposal should fit into the evening (a GET form)."""

    # The page lists the choices itself (each family's name in <bdi>); this field checks them.
    add = forms.ModelMultipleChoiceField(
        label=_("Bezoeken die nog een tijd nodig hebben"),
        queryset=Visit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, to_plan: QuerySet[Visit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["add"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = to_plan

    def clean_add(self) -> list[Visit]:
        chosen = list(self.cleaned_data["add"])
        if len(chosen) > MAX_TICKED:
            raise forms.ValidationError(_("Kies hooguit %(max)s bezoeken voor één avond.") % {"max": MAX_TICKED})
        return chosen


class AcceptForm(forms.Form):
    """The proposal's times for the visits still to plan: hidden ``plan`` values "<visit>@HH:MM"."""

    def __init__(self, data: Any, *, to_plan: QuerySet[Visit], day: datetime.date) -> None:
        super().__init__(data)
        self.to_plan = to_plan
        self.day = day
        self.values = data.getlist("plan") if hasattr(data, "getlist") else []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.values:
            raise forms.ValidationError(_("Er is geen voorstel om over te nemen."))
        if len(self.values) > MAX_TICKED:
            raise forms.ValidationError(_("Kies hooguit %(max)s bezoeken voor één avond.") % {"max": MAX_TICKED})
        times: dict[int, datetime.time] = {}
        for value in self.values:
            match = PLANNED.match(value)
            if match is None:
                raise forms.ValidationError(_("Het voorstel is niet compleet. Laad de pagina opnieuw."))
            pk = int(match[1])
            if pk in times:
                raise forms.ValidationError(_("Het voorstel noemt een bezoek twee keer. Laad de pagina opnieuw."))
            times[pk] = datetime.time(int(match[2]), int(match[3]))
        visits = {visit.pk: visit for visit in self.to_plan.filter(pk__in=times)}
        if set(visits) != set(times):
            raise forms.ValidationError(
                _("Een van de bezoeken heeft al een tijd of is niet van u. Laad de pagina opnieuw.")
            )
        cleaned["proposals"] = [(visits[pk], at) for pk, at in times.items()]
        return cleaned


class SeasonForm(forms.Form):
    first = forms.DateField(label=_("Eerste avond"), widget=DateInput())
    evenings = forms.IntegerField(label=_("Aantal avonden"), min_value=1, max_value=MAX_SEASON_EVENINGS, initial=8)
