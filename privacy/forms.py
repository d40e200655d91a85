"""Forms of the privacy pages: retention periods, the export review, correction requests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek.limits import NOTE_MAX, limit_field, limited
from huisbezoek.validators import no_hidden_characters

from .models import AccessExport, CorrectionRequest, RetentionPolicy


class RetentionPolicyForm(forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["family_years", "care_years"]


class ExportForm(forms.Form):
    """The review step: which third-party texts to leave out, and the format."""

    format = forms.ChoiceField(
        label=_("Formaat"),
        choices=[
            (AccessExport.Format.PDF, _("PDF (om te lezen of af te drukken)")),
            (AccessExport.Format.JSON, _("JSON (voor een computer)")),
        ],
        widget=forms.RadioSelect,
        initial=AccessExport.Format.PDF,
    )
    redact = forms.TypedMultipleChoiceField(
        label=_("Weglaten uit de export"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vink aan wat een ander (geen ouder) vertelde en wat de ouders niet mogen lezen."),
    )
    reviewed = forms.BooleanField(
        label=_("Ik heb de teksten van derden hierboven nagelezen."),
        error_messages={"required": _("Lees eerst de teksten van derden na en vink dit aan.")},
    )

    def __init__(self, entries: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["redact"].choices = entries  # type: ignore[attr-defined]
        if not entries:
            self.fields["reviewed"].required = False
            self.fields["reviewed"].widget = forms.HiddenInput()


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = CorrectionRequest
        fields = ["received_on", "requested_by", "request"]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "request": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_field(self.fields["request"], NOTE_MAX)
        self.fields["requested_by"].validators.append(no_hidden_characters)

    def clean_received_on(self) -> Any:
        day = self.cleaned_data["received_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return day


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[c for c in CorrectionRequest.Decision.choices if c[0] != CorrectionRequest.Decision.PENDING],
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}), **limited(NOTE_MAX)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refused = data.get("decision") in (CorrectionRequest.Decision.REFUSED, CorrectionRequest.Decision.PARTLY)
        if refused and not (data.get("note") or "").strip():
            self.add_error("note", _("Schrijf op waarom (een deel van) het verzoek is afgewezen."))
        return data
