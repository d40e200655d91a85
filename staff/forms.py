"""Forms of the staff pages. Choices that depend on the school (groups, teachers, visits,
interpreter accounts) are passed in by the view, read once per page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from huisbezoek import languages
from huisbezoek.forms import ChooseSelect
from huisbezoek.limits import limited
from huisbezoek.models import Role, School, SchoolYear, User
from huisbezoek.validators import no_hidden_characters

from .imports import MAX_BYTES

GENDER_HELP = _(
    "Niet verplicht. We vragen dit alleen om de wens van gezinnen te respecteren over wie er op bezoek komt, "
    "zoals 'alleen een vrouw' of 'geen man alleen'. Het wordt nergens anders voor gebruikt."
)

Choices = list[tuple[Any, Any]]

# The language picker, grouped so the close-but-different languages stand together: the
# interpreter must speak exactly the family's language (Tarifit is not Darija).
LANGUAGE_GROUPS: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (_("Arabisch en Berbers (Amazigh)"), ("ar", "ary", "rif", "zgh")),
    (_("Turks, Koerdisch, Perzisch en verder"), ("tr", "kmr", "aii", "fa", "prs", "ps", "zh", "ta")),
    (_("Afrika"), ("so", "ti")),
    (_("Europa"), ("nl", "en", "pl", "uk", "ru", "bg", "ro", "es", "pt", "fr")),
    (_("Caribisch"), ("pap", "srn")),
)


def language_choices() -> Choices:
    """Every language of ``huisbezoek.languages`` once, in its group (the rest under "Andere")."""
    placed = {code for _label, codes in LANGUAGE_GROUPS for code in codes}
    groups: Choices = [
        (label, [(code, languages.BY_CODE[code].name) for code in codes if code in languages.BY_CODE])
        for label, codes in LANGUAGE_GROUPS
    ]
    rest = [(lang.code, lang.name) for lang in languages.LANGUAGES if lang.code not in placed]
    if rest:
        groups.append((_("Andere"), rest))
    return groups


def _roles_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Rollen"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies er een of meer. Een leerkracht ziet de leerlingen en gezinnen van zijn groepen."),
        error_messages={"required": _("Kies ten minste één rol.")},
    )


def _groups_field() -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=_("Groepen dit schooljaar (als mentor)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen voor de rol leerkracht."),
    )


def _gender_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Man of vrouw"),
        choices=[("", _("Niet ingevuld")), (User.Gender.FEMALE, _("Vrouw")), (User.Gender.MALE, _("Man"))],
        required=False,
        widget=forms.RadioSelect,
        help_text=GENDER_HELP,
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    first_name = forms.CharField(label=_("Voornaam"), validators=[no_hidden_characters], **limited(100))
    last_name = forms.CharField(label=_("Achternaam"), validators=[no_hidden_characters], **limited(150))

    def __init__(self, groups: Choices, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"] = _roles_field()
        self.fields["groups"] = _groups_field()
        self.fields["groups"].choices = groups  # type: ignore[attr-defined]
        self.fields["gender"] = _gender_field()
        if not groups:
            del self.fields["groups"]


class StaffEditForm(forms.Form):
    def __init__(self, groups: Choices, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"] = _roles_field()
        self.fields["groups"] = _groups_field()
        self.fields["groups"].choices = groups  # type: ignore[attr-defined]
        self.fields["gender"] = _gender_field()
        if not groups:
            del self.fields["groups"]


class DeactivateForm(forms.Form):
    hand_over_to = forms.TypedChoiceField(
        label=_("Open bezoeken en verslagen gaan naar"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Een leerkracht van deze school. Nodig als er nog open bezoeken of verslagen zijn."),
    )
    confirm = forms.BooleanField(
        label=_("Ja, deze medewerker werkt niet meer op deze school"),
        error_messages={"required": _("Vink aan dat u deze medewerker wilt uitschakelen.")},
    )

    def __init__(self, teachers: Choices, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hand_over_to"].choices = [("", _("Niemand (geen open werk)")), *teachers]  # type: ignore[attr-defined]


class HandOverChooseForm(forms.Form):
    """Step 1 of the hand-over: whose visits (a GET form)."""

    van = forms.TypedChoiceField(label=_("Leerkracht die het werk overdraagt"), coerce=int, widget=ChooseSelect)

    def __init__(self, teachers: Choices, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["van"].choices = [("", _("Kies een leerkracht")), *teachers]  # type: ignore[attr-defined]


class HandOverForm(forms.Form):
    """Step 2: to whom, and which of the open visits."""

    to_user = forms.TypedChoiceField(label=_("Collega die het overneemt"), coerce=int, widget=ChooseSelect)
    visits = forms.TypedMultipleChoiceField(
        label=_("Bezoeken"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Haal het vinkje weg bij een bezoek dat bij de leerkracht blijft."),
        error_messages={"required": _("Kies ten minste één bezoek om over te dragen.")},
    )

    def __init__(self, teachers: Choices, visits: Choices, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_user"].choices = [("", _("Kies een collega")), *teachers]  # type: ignore[attr-defined]
        self.fields["visits"].choices = visits  # type: ignore[attr-defined]
        if not visits:
            del self.fields["visits"]


class InterpreterForm(forms.Form):
    name = forms.CharField(label=_("Naam"), validators=[no_hidden_characters], **limited(150))
    codes = forms.MultipleChoiceField(
        label=_("Talen"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Kies de precieze taal: Tarifit is geen Marokkaans-Arabisch, en Darija is geen Standaard-Arabisch."
        ),
        error_messages={"required": _("Kies ten minste één taal.")},
    )
    availability = forms.CharField(
        label=_("Beschikbaar"),
        required=False,
        validators=[no_hidden_characters],
        help_text=_("Bijvoorbeeld: ma en wo na 18 uur."),
        **limited(200),
    )
    phone = forms.CharField(label=_("Telefoonnummer"), required=False, validators=[no_hidden_characters], **limited(32))
    email = forms.EmailField(label=_("E-mailadres"), required=False, max_length=254)
    is_parent_contact = forms.BooleanField(label=_("Oudercontactpersoon van de school"), required=False)
    user = forms.TypedChoiceField(
        label=_("Account"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Alleen als deze persoon zelf inlogt: een account met de rol tolk op deze school."),
    )

    def __init__(self, accounts: Choices, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Geen account")), *accounts]  # type: ignore[attr-defined]


class SchoolYearForm(forms.ModelForm):
    class Meta:
        model = SchoolYear
        fields = ["label", "start", "end", "is_trial_year"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"label": _("Bijvoorbeeld 2027-2028: de jaren van de eerste en de laatste dag.")}

    def validate_unique(self) -> None:
        """The service checks the label and the overlap (the form has no school)."""


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["name", "brin", "school_type", "holiday_region", "city"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "city"):
            self.fields[name].validators.append(no_hidden_characters)


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand met medewerkers"),
        help_text=_("Kolommen: e-mail, voornaam, achternaam, rollen, groepen, geslacht. Hoogstens 200 kB."),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 200 kB. Een lijst van het team is veel kleiner."))
        return b"".join(upload.chunks())


class StaffImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=600_000)


class AcceptForm(SetPasswordForm):  # type: ignore[type-arg]
    """Choose a password (Django's password validators apply)."""
