"""Forms of the care pages. They parse; ``visits.care.services`` decides what is allowed."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek.limits import CARE_TEXT_MAX, limited

from ..forms import DateInput
from ..models import CareCase, CaseEntry
from .meldcode import QUESTIONS

YES_NO = [("yes", _("Ja")), ("no", _("Nee"))]

TEXT_LABELS = {
    CaseEntry.Step.SIGNALS: _("Wat is er gezien of gehoord?"),
    CaseEntry.Step.CONSULT: _("Met wie is overlegd, en wat kwam eruit?"),
    CaseEntry.Step.CONVERSATION: _("Wat is er met ouders en kind besproken?"),
    CaseEntry.Step.WEIGH: _("Toelichting bij de afweging"),
    CaseEntry.Step.DECIDE: _("Wat is besloten: welke hulp, en/of melden bij Veilig Thuis?"),
}


def question_field(key: str) -> str:
    return f"q_{key}"


class EntryForm(forms.Form):
    """One step of the meldcode; the fields depend on the step. ``supersedes`` makes it a correction."""

    happened_on = forms.DateField(label=_("Datum"), widget=DateInput())
    text = forms.CharField(label=_("Wat"), widget=forms.Textarea(attrs={"rows": 3}), **limited(CARE_TEXT_MAX))
    agreed = forms.CharField(
        label=_("Wat is afgesproken (wie doet wat, wanneer)?"),
        required=False,
        **limited(CARE_TEXT_MAX),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    supersedes = forms.ModelChoiceField(queryset=CaseEntry.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, case: CareCase, step: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"stap{step}")
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["happened_on"].initial = timezone.localdate()
        self.fields["text"].label = TEXT_LABELS[CaseEntry.Step(step)]
        self.fields["supersedes"].queryset = CaseEntry.objects.filter(case=case, step=step)  # type: ignore[attr-defined]
        if step == CaseEntry.Step.SIGNALS:
            self.fields["source"] = forms.ChoiceField(
                label=_("Van wie komt dit signaal?"), choices=CaseEntry.Source.choices, widget=forms.RadioSelect
            )
            self.fields["source_detail"] = forms.CharField(
                label=_("Wie vertelde het?"),
                required=False,
                max_length=200,
                help_text=_("Alleen invullen als een ander het vertelde. Bijvoorbeeld: de buurvrouw, een broer."),
            )
        if step == CaseEntry.Step.CONSULT:
            self.fields["anonymous"] = forms.BooleanField(
                label=_("Veilig Thuis anoniem geraadpleegd (zonder namen)"), required=False
            )
        if step == CaseEntry.Step.WEIGH:
            for key, question in QUESTIONS:
                self.fields[question_field(key)] = forms.ChoiceField(
                    label=question, choices=YES_NO, widget=forms.RadioSelect
                )
        self.order_fields(
            ["happened_on", "source", "source_detail"]
            + [question_field(k) for k, _q in QUESTIONS]
            + ["text", "anonymous", "agreed", "supersedes"]
        )

    def correcting(self, entry: CaseEntry) -> None:
        """Start from an earlier entry: its values, marked as the entry this one replaces."""
        self.initial.update(
            {
                "happened_on": entry.happened_on,
                "text": entry.text,
                "agreed": entry.agreed,
                "source": entry.source,
                "source_detail": entry.source_detail,
                "anonymous": entry.anonymous,
                "supersedes": entry.pk,
            }
        )
        if entry.answers:
            for key, value in json.loads(entry.answers).items():
                self.initial[question_field(key)] = "yes" if value else "no"

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs: dict[str, Any] = {
            "step": self.step,
            "happened_on": data["happened_on"],
            "text": data["text"],
            "agreed": data["agreed"],
            "source": data.get("source", ""),
            "source_detail": data.get("source_detail", ""),
            "anonymous": data.get("anonymous", False),
            "supersedes": data["supersedes"],
        }
        if self.step == CaseEntry.Step.WEIGH:
            kwargs["answers"] = {key: data[question_field(key)] == "yes" for key, _q in QUESTIONS}
        return kwargs


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=CareCase.Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        **limited(CARE_TEXT_MAX),
        help_text=_("Kort: waarom deze uitkomst, en wat er nog loopt."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "afsluiten")
        super().__init__(*args, **kwargs)


class ConsultAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Uw antwoord"), widget=forms.Textarea(attrs={"rows": 5}), **limited(CARE_TEXT_MAX))
