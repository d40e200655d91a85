from django import forms
from django.utils.translation import gettext_lazy as _

from huisbezoek.limits import CONSULT_QUESTION_MAX, REPORT_TEXT_MAX, limit_field, limited
from huisbezoek.validators import no_hidden_characters

from ..forms import DateInput
from ..models import Consult, Report, Visit
from .services import CONTENT_FIELDS, SHORT_CONTENT_FIELDS, TEXT_FIELDS, Agreement, ReportContent


class ReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Report
        fields = list(CONTENT_FIELDS)  # one list: what the form edits is what the service saves
        widgets = {
            "pupil_present": forms.RadioSelect,
            "topics": forms.Textarea(attrs={"rows": 4}),
            "going_well": forms.Textarea(attrs={"rows": 3}),
            "key_points": forms.Textarea(attrs={"rows": 4}),
            "confidential_notes": forms.Textarea(attrs={"rows": 3, "data-draft-exclude": "1"}),
            "flag_urgency": forms.RadioSelect,
            "flag_reason": forms.Textarea(attrs={"rows": 3, "data-draft-exclude": "1"}),
            "minutes_visit": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "minutes_travel": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "minutes_report": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    short = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A draft may be incomplete; the service says what a submission needs.
        for field in self.fields.values():
            field.required = False
        self.fields["version"].required = True
        if "pupil_present" in self.fields:
            self.fields["pupil_present"].choices = Report.PupilPresent.choices
            self.fields["flag_urgency"].choices = Report.Urgency.choices
        for name in TEXT_FIELDS:
            if name in self.fields:
                limit_field(self.fields[name], REPORT_TEXT_MAX)


class ShortReportForm(ReportForm):
    """The short report of a talk at school: key points and agreements only."""

    short = True

    class Meta(ReportForm.Meta):
        fields = list(SHORT_CONTENT_FIELDS)
        labels = {"key_points": _("Hoofdpunten van het gesprek")}
        help_texts = {
            "key_points": _("Wat is besproken en wat moeten collega's weten? Geen vertrouwelijke informatie.")
        }


def report_form_class(visit: Visit) -> type[ReportForm]:
    """The whole report for a home visit, the short one for a talk at school."""
    return ShortReportForm if visit.kind == Visit.Kind.SCHOOL_TALK else ReportForm


class AgreementForm(forms.Form):
    what = forms.CharField(label=_("Afspraak"), max_length=300, required=False)
    owner = forms.CharField(label=_("Wie"), max_length=100, required=False, validators=[no_hidden_characters])
    due = forms.DateField(label=_("Wanneer klaar"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if (data.get("owner") or data.get("due")) and not data.get("what"):
            self.add_error("what", _("Schrijf de afspraak zelf op, of maak de regel leeg."))
        return data


AgreementFormSet = forms.formset_factory(AgreementForm, extra=2, max_num=20, absolute_max=20)


def report_content(form: ReportForm, agreements) -> ReportContent:
    values = {name: form.cleaned_data.get(name) for name in form._meta.fields or ()}
    for name in TEXT_FIELDS:
        if name in values:
            values[name] = (values[name] or "").strip()
    for name in ("pupil_present", "flag_urgency"):
        if name in values:
            values[name] = values[name] or ""
    rows = [
        Agreement(what=f.cleaned_data["what"].strip(), owner=f.cleaned_data["owner"].strip(), due=f.cleaned_data["due"])
        for f in agreements
        if f.cleaned_data.get("what")
    ]
    return ReportContent(values=values, agreements=rows)


class ConsultForm(forms.Form):
    moment = forms.ChoiceField(label=_("Wanneer"), choices=Consult.Moment.choices)
    question = forms.CharField(
        label=_("Uw vraag aan de zorgcoördinator"),
        widget=forms.Textarea(attrs={"rows": 3}),
        **limited(CONSULT_QUESTION_MAX),
        help_text=_("De zorgcoördinator ziet uw vraag op de eigen overzichtspagina en antwoordt hier."),
    )
