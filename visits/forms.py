"""Forms of the planning pages. They parse and offer only this school's people; the rules
themselves are checked in ``visits.services``."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek.forms import ChooseSelect
from huisbezoek.limits import AGENDA_MAX, REASON_OTHER_MAX, limit_field, limited
from huisbezoek.models import Role, User
from huisbezoek.validators import no_hidden_characters

from .models import ContactAttempt, Family, Interpreter, Programme, Pupil, Visit
from .services import MANUAL, MAX_VISIT_MINUTES, Reason, VisitPlan, next_statuses, plannable_kind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # type: ignore[arg-type]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%H:%M", **kwargs)  # type: ignore[arg-type]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.get_full_name()


class InterpreterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Interpreter) -> str:  # type: ignore[override]
        return f"{obj.name} ({', '.join(obj.language_names())})"


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id. An id outside the database's integer range is an unknown
    choice, not a 500 (SQLite's driver raises OverflowError on ``pk__in``; found by fuzzing)."""

    def _check_values(self, value: object) -> object:
        for pk in value or []:  # type: ignore[attr-defined]
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django's own check names it
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]


def school_visitors(school) -> forms.models.QuerySet:
    """Staff who may visit families: teachers, directie and care coordinators of this school."""
    roles = [Role.TEACHER, Role.DIRECTIE, Role.CARE_COORDINATOR]
    return User.objects.filter(is_active=True, memberships__school=school, memberships__role__in=roles).distinct()


def reason_field(
    choices: type[models.TextChoices], label: StrOrPromise, help_text: StrOrPromise = ""
) -> forms.ChoiceField:
    """A choice from one of the fixed lists of reasons on Visit; the service says when it is needed."""
    return forms.ChoiceField(
        label=label,
        choices=[("", _("Kies een reden")), *choices.choices],
        required=False,
        help_text=help_text,
    )


def reason_other_field() -> forms.CharField:
    return forms.CharField(
        label=_("Anders, namelijk"),
        required=False,
        help_text=_("Alleen bij 'Anders': de reden in een paar woorden. Geen vertrouwelijke informatie."),
        **limited(REASON_OTHER_MAX),
    )


class ContactForm(forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DateInput())
    time = forms.TimeField(label=_("Tijd"), widget=TimeInput())
    channel = forms.ChoiceField(label=_("Hoe"), choices=Family.Channel.choices)
    outcome = forms.ChoiceField(label=_("Resultaat"), choices=ContactAttempt.Outcome.choices)
    decline_reason = reason_field(
        Visit.DeclineReason,
        _("Waarom willen de ouders geen huisbezoek?"),
        _("Alleen invullen bij 'Ouders willen geen bezoek'. Vraag het vriendelijk; ouders mogen kiezen."),
    )
    decline_reason_other = reason_other_field()
    note = forms.CharField(
        label=_("Korte notitie"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: 'na 19.00 uur terugbellen'. Geen vertrouwelijke informatie."),
    )

    def __init__(self, *args: object, family: Family, **kwargs: object) -> None:
        now = timezone.localtime()
        kwargs.setdefault(
            "initial",
            {
                "day": now.date(),
                "time": now.time().replace(second=0, microsecond=0),
                "channel": family.preferred_channel,
            },
        )
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def moment(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))

    def reason(self) -> Reason:
        """The parents' reason, when they want no home visit."""
        return Reason(self.cleaned_data["decline_reason"], self.cleaned_data["decline_reason_other"])


class PlanForm(forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DateInput())
    time = forms.TimeField(label=_("Begintijd"), widget=TimeInput())
    duration_minutes = forms.IntegerField(label=_("Duur (minuten)"), min_value=15, max_value=MAX_VISIT_MINUTES)
    lead_visitor = StaffChoiceField(
        label=_("Bezoeker"), queryset=User.objects.none(), empty_label=_("Kies een bezoeker"), widget=ChooseSelect
    )
    colleague = StaffChoiceField(
        label=_("Collega die meegaat (duobezoek)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Voelt u zich niet veilig, of vraagt het gezin erom? Ga met z'n tweeën."),
    )
    interpreter = InterpreterChoiceField(
        label=_("Tolk van school"), queryset=Interpreter.objects.none(), required=False
    )
    family_interpreter = forms.CharField(
        label=_("Of: tolk die de familie zelf regelt"),
        max_length=150,
        required=False,
        validators=[no_hidden_characters],
        help_text=_("Naam van een volwassene. Een kind tolkt nooit."),
    )
    meeting_point = forms.CharField(
        label=_("Ontmoetingsplek met de tolk"),
        max_length=200,
        required=False,
        help_text=_("Buiten, vóór het bezoek. Bijvoorbeeld: bij de bushalte op de hoek."),
    )
    pupils = IdsChoiceField(
        label=_("Kinderen die dit bezoek betreft"),
        queryset=Pupil.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    agenda = forms.CharField(
        label=_("Gespreksonderwerpen"), widget=forms.Textarea(attrs={"rows": 5}), required=False, **limited(AGENDA_MAX)
    )
    requested_topics = forms.CharField(
        label=_("Onderwerpen die ouders of kind vroegen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, visit: Visit, programme: Programme | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        school = visit.school
        # A talk at school: the same form without the meeting point outside (nobody goes to the house).
        self.talk = plannable_kind(visit) == Visit.Kind.SCHOOL_TALK
        if self.talk:
            del self.fields["meeting_point"]
            self.fields["lead_visitor"].label = _("Leerkracht die het gesprek voert")
            self.fields["colleague"].label = _("Collega die aanschuift (mag leeg)")
            self.fields["colleague"].help_text = ""
        visitors = school_visitors(school).order_by("last_name", "first_name")
        self.fields["lead_visitor"].queryset = visitors
        self.fields["colleague"].queryset = visitors
        # An interpreter who stopped is no longer offered, but stays on a visit that has them.
        self.fields["interpreter"].queryset = Interpreter.objects.filter(school=school).filter(
            Q(is_active=True) | Q(pk=visit.interpreter_id or 0)
        )
        self.visit_pupils = list(visit.pupils.all())
        self.fields["pupils"].queryset = Pupil.objects.filter(family=visit.family, school=school).select_related(
            "group"
        )
        self.fields["pupils"].label_from_instance = lambda p: f"{p.first_name} {p.last_name} ({p.group or '-'})"
        if not self.is_bound:
            local = timezone.localtime(visit.starts_at) if visit.starts_at else None
            default_minutes = programme.visit_minutes if programme else 60
            self.initial.update(
                {
                    "day": local.date() if local else None,
                    "time": local.time() if local else (programme.evening_start if programme else None),
                    "duration_minutes": visit.duration_minutes or default_minutes,
                    "lead_visitor": visit.lead_visitor_id,
                    "colleague": visit.colleague_id,
                    "interpreter": visit.interpreter_id,
                    "family_interpreter": visit.family_interpreter,
                    "meeting_point": visit.meeting_point,
                    "pupils": [p.pk for p in self.visit_pupils],
                    "agenda": visit.agenda or (programme.agenda_template if programme else ""),
                    "requested_topics": visit.requested_topics,
                    "version": visit.version,
                }
            )

    def clean_pupils(self):
        chosen = set(self.cleaned_data["pupils"])
        missing = [p for p in self.visit_pupils if p not in chosen]
        if missing:
            names = ", ".join(p.first_name for p in missing)
            raise forms.ValidationError(
                _("%(names)s hoort al bij dit bezoek en blijft erbij.") % {"names": names}, code="keep"
            )
        return self.cleaned_data["pupils"]

    def plan(self) -> VisitPlan:
        data = self.cleaned_data
        return VisitPlan(
            starts_at=timezone.make_aware(datetime.datetime.combine(data["day"], data["time"])),
            duration_minutes=data["duration_minutes"],
            lead_visitor=data["lead_visitor"],
            colleague=data["colleague"],
            interpreter=data["interpreter"],
            family_interpreter=data["family_interpreter"].strip(),
            meeting_point=data.get("meeting_point", "").strip(),
            agenda=data["agenda"].strip(),
            requested_topics=data["requested_topics"].strip(),
            pupils=list(data["pupils"]),
        )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Nieuwe status"), choices=Visit.Status.choices)
    decline_reason = reason_field(Visit.DeclineReason, _("Reden (bij 'Ouders willen geen bezoek')"))
    decline_reason_other = reason_other_field()
    failure_reason = reason_field(Visit.FailureReason, _("Reden (bij 'Niet bereikbaar' of 'Geannuleerd')"))
    failure_reason_other = reason_other_field()
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "status-%s")  # the contact form on the same page has fields of the same name
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def reason(self) -> Reason:
        """The reason that goes with the chosen status: the parents' reason, or why it did not go ahead."""
        data = self.cleaned_data
        if data["to_status"] == Visit.Status.DECLINED:
            return Reason(data["decline_reason"], data["decline_reason_other"])
        return Reason(data["failure_reason"], data["failure_reason_other"])


# How the status buttons read for a talk at school.
TALK_LABELS = {
    Visit.Status.VISITED: _("Gesprek gehouden, kort verslag nog maken"),
    Visit.Status.INVITED_AT_SCHOOL: _("Gesprek ging niet door: opnieuw uitnodigen"),
}


def manual_next_statuses(visit: Visit) -> list[tuple[str, str]]:
    """The status buttons a teacher sees on a visit ("visited" only once it has begun)."""
    allowed = set(next_statuses(visit) & MANUAL)
    if visit.starts_at is None or visit.starts_at > timezone.now():
        allowed.discard(Visit.Status.VISITED)
    labels: dict[str, StrOrPromise] = dict(TALK_LABELS) if visit.kind == Visit.Kind.SCHOOL_TALK else {}
    return [(value, labels.get(value, label)) for value, label in Visit.Status.choices if value in allowed]


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "period_start",
            "period_end",
            "cohort",
            "cohort_groups",
            "frequency",
            "visit_minutes",
            "hours_per_visit",
            "travel_mode",
            "travel_minutes",
            "evening_start",
            "evening_end",
            "booking_change_hours",
            "agenda_template",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "evening_start": TimeInput(),
            "evening_end": TimeInput(),
            "cohort_groups": forms.CheckboxSelectMultiple,
            "agenda_template": forms.Textarea(attrs={"rows": 6}),
        }
        field_classes = {"cohort_groups": IdsChoiceField}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["cohort_groups"].queryset = self.instance.school_year.groups.order_by("grade", "name")
        self.fields["cohort_groups"].required = False
        # Left out (an older form, a script): the programme keeps how its visitors travel.
        self.fields["travel_mode"].required = False
        limit_field(self.fields["agenda_template"], AGENDA_MAX)  # a visit's agenda starts from it
        self.fields["booking_change_hours"].required = False  # empty: the programme's default

    def clean_travel_mode(self) -> str:
        return self.cleaned_data.get("travel_mode") or self.instance.travel_mode

    def clean_booking_change_hours(self) -> int:
        hours = self.cleaned_data.get("booking_change_hours")
        return self.instance.booking_change_hours if hours is None else hours

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("cohort") == Programme.Cohort.GROUPS and not data.get("cohort_groups"):
            self.add_error("cohort_groups", _("Kies minstens één groep."))
        start, end = data.get("evening_start"), data.get("evening_end")
        if start and end and end <= start:
            self.add_error("evening_end", _("Het laatste bezoek moet na het eerste beginnen."))
        first, last = data.get("period_start"), data.get("period_end")
        if first and last and last < first:
            self.add_error("period_end", _("De laatste bezoekdag ligt vóór de eerste."))
        return data
