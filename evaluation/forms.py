"""Forms of the evaluation: editing questions, the questionnaires themselves, findings and actions."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from huisbezoek.access import staff_of_school
from huisbezoek.forms import ChooseSelect

from . import content
from .models import Bottleneck, Evaluation, Question, Theme
from .services import MAX_OPEN_TEXT, Given


class QuestionForm(forms.Form):
    theme = forms.ChoiceField(label=_("Hoort bij vraag"), choices=Theme.choices)
    kind = forms.ChoiceField(label=_("Soort antwoord"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Vraag"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class OpenForm(forms.Form):
    link_days = forms.IntegerField(
        label=_("Dagen dat de link voor ouders werkt"),
        min_value=3,
        max_value=90,
        initial=21,
        error_messages={
            "min_value": _("Kies minstens 3 dagen."),
            "max_value": _("Kies hoogstens 90 dagen."),
            "invalid": _("Vul een aantal dagen in, bijvoorbeeld 21."),
        },
    )
    confirm = forms.BooleanField(
        error_messages={"required": _("Vink aan dat u weet wie een bericht krijgt.")},
    )

    def __init__(self, *args: Any, families: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Opening sends every family a message: say how many, and ask before doing it.
        self.fields["confirm"].label = ngettext(
            "Ik weet dat dit %(n)d gezin een bericht stuurt.",
            "Ik weet dat dit %(n)d gezinnen een bericht stuurt.",
            families,
        ) % {"n": families}


class CloseForm(forms.Form):
    """Closing is for good: ask before, and say how many invited families can no longer answer."""

    confirm = forms.BooleanField(
        error_messages={"required": _("Vink aan dat u de vragenlijsten voorgoed wilt sluiten.")},
    )

    def __init__(self, *args: Any, invited: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = ngettext(
            "Ik weet dat daarna niemand meer kan antwoorden, ook niet de %(n)d uitgenodigde gezin.",
            "Ik weet dat daarna niemand meer kan antwoorden, ook niet de %(n)d uitgenodigde gezinnen.",
            invited,
        ) % {"n": invited}


class StartForm(forms.Form):
    school_year = forms.TypedChoiceField(label=_("Schooljaar"), coerce=int)

    def __init__(self, *args: Any, years: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [
            (y.pk, f"{y.label} ({_('proefjaar') if y.is_trial_year else _('jaarlijks')})") for y in years
        ]


class QuestionnaireForm(forms.Form):
    """One field per question: a 1-5 scale as radio buttons or an open text. Every field may stay
    empty; the service asks for at least one answer."""

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        language: str = content.SOURCE_LANGUAGE,
        dutch_ui: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.language = language
        scale = content.scale_labels(language)
        words = content.ui(language)
        self.rows: list[dict[str, Any]] = []
        for question in questions:
            name = f"q{question.pk}"
            translated = content.question_text(question.key, language) if language != "nl" else question.text
            label = translated or question.text
            if question.kind == Question.Kind.SCALE:
                field: forms.Field = forms.TypedChoiceField(
                    label=label,
                    choices=[(i + 1, f"{i + 1} - {scale[i]}") for i in range(5)],
                    coerce=int,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={
                        "invalid_choice": words["empty"] if not dutch_ui else _("Kies een antwoord van 1 tot 5.")
                    },
                )
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=MAX_OPEN_TEXT,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=words["open_hint"] if not dutch_ui else _("Mag leeg blijven."),
                )
            self.fields[name] = field
            self.rows.append({"question": question, "name": name, "in_dutch": translated is None and language != "nl"})

    def bound_rows(self) -> list[dict[str, Any]]:
        return [{**row, "field": self[row["name"]]} for row in self.rows]

    def given(self) -> dict[int, Given]:
        out = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == Question.Kind.SCALE:
                out[question.pk] = Given(scale=value if isinstance(value, int) else None)
            else:
                out[question.pk] = Given(text=value or "")
        return out


class BottleneckForm(forms.Form):
    description = forms.CharField(label=_("Knelpunt"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    nature = forms.ChoiceField(
        label=_("Waar ligt het?"),
        choices=Bottleneck.Nature.choices,
        widget=forms.RadioSelect,
        help_text=_("In de organisatie: daar aanpakken. Persoonlijk: met coaching of training."),
    )
    solution = forms.CharField(
        label=_("Oplossing"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[c for c in Evaluation.Decision.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een besluit.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bij 'doorgaan met aanpassingen': welke aanpassingen."),
    )


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Verbeterpunt"), max_length=500)
    owner = forms.TypedChoiceField(label=_("Wie pakt het op"), coerce=int, widget=ChooseSelect)
    due = forms.DateField(
        label=_("Klaar op"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 15-01-2027.")},
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
    )

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seen: dict[int, str] = {}
        for membership in staff_of_school(school):
            seen.setdefault(membership.user_id, membership.user.get_full_name())
        self.fields["owner"].choices = [("", _("Kies wie het oppakt")), *seen.items()]

    def clean_due(self) -> datetime.date:
        due: datetime.date = self.cleaned_data["due"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("Kies een datum die nog moet komen."))
        return due
