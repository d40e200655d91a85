"""The family card's edit form: what the mentor writes down after the first phone call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huisbezoek import languages
from huisbezoek.limits import FAMILY_NOTE_MAX, limited

from ..models import Family, Guardian
from ..selectors.families import phone_number
from .services import CARD_FIELDS, FamilyCard, GuardianContact

NO_CHOICE = ("", "—")
PHONE_MAX = Family._meta.get_field("phone").max_length or 32
EMAIL_MAX = 254


def _checked_phone(value: str) -> str:
    value = value.strip()
    if value and phone_number(value) is None:
        raise forms.ValidationError(
            _("'%(value)s' is geen geldig telefoonnummer. Schrijf bijvoorbeeld 06 12345678 of +31 6 12345678."),
            params={"value": value},
            code="phone",
        )
    return value


class PhoneField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=PHONE_MAX, required=False, **kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def clean(self, value: Any) -> str:
        return _checked_phone(super().clean(value))


def _language_choices() -> list[tuple[str, Any]]:
    """Every language by its exact name (never a vague "Arabisch" or "Berbers")."""
    return [(lang.code, lang.name) for lang in languages.LANGUAGES]


class FamilyCardForm(forms.Form):
    main_language = forms.ChoiceField(
        label=_("Hoofdtaal thuis"),
        required=False,
        help_text=_("De taal waarin het gezin het best praat; daarvoor wordt de tolk gezocht."),
    )
    other_languages = forms.MultipleChoiceField(
        label=_("Andere talen thuis"), required=False, widget=forms.CheckboxSelectMultiple
    )
    dutch_proficiency = forms.ChoiceField(label=_("Nederlands van de ouders"), choices=Family.DutchProficiency.choices)
    preferred_channel = forms.ChoiceField(label=_("Liefst bereikbaar via"), choices=Family.Channel.choices)
    phone = PhoneField(label=_("Telefoonnummer van het gezin"))
    email = forms.EmailField(label=_("E-mailadres van het gezin"), required=False, max_length=EMAIL_MAX)
    interpreter_needed = forms.BooleanField(label=_("Er is een tolk nodig"), required=False)
    interpreter_language = forms.ChoiceField(label=_("Taal van de tolk"), required=False)
    interpreter_arranged_by = forms.ChoiceField(
        label=_("Wie regelt de tolk"), required=False, choices=[NO_CHOICE, *Family.InterpreterArrangedBy.choices]
    )
    interpreter_consent = forms.ChoiceField(
        label=_("Toestemming van de ouders voor een tolk"), choices=Family.InterpreterConsent.choices
    )
    visitor_preference = forms.ChoiceField(
        label=_("Wie mag komen"), choices=Family.VisitorPreference.choices, widget=forms.RadioSelect
    )
    visitor_preference_note = forms.CharField(
        label=_("Toelichting bij wie mag komen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen voor wie het gezin bezoekt. Wordt versleuteld opgeslagen."),
        **limited(FAMILY_NOTE_MAX),
    )
    sensitivities = forms.CharField(
        label=_("Aandachtspunten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat een bezoeker vooraf moet weten. Alleen voor de bezoekers; wordt versleuteld opgeslagen."),
        **limited(FAMILY_NOTE_MAX),
    )
    keeps_ramadan = forms.BooleanField(label=_("Het gezin houdt de ramadan"), required=False)
    main_carer = forms.TypedChoiceField(
        label=_("Wie zorgt vooral voor de kinderen"),
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Spreek deze ouder als eerste aan."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, family: Family, guardians: list[Guardian], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _language_choices()
        self.fields["main_language"].choices = [NO_CHOICE, *choices]  # type: ignore[attr-defined]
        self.fields["other_languages"].choices = choices  # type: ignore[attr-defined]
        self.fields["interpreter_language"].choices = [NO_CHOICE, *choices]  # type: ignore[attr-defined]
        self.guardians = guardians
        self.fields["main_carer"].choices = [  # type: ignore[attr-defined]
            (g.pk, f"{g.first_name} {g.last_name} ({g.get_relation_display().lower()})") for g in guardians
        ]
        if not guardians:
            del self.fields["main_carer"]
        for guardian in guardians:
            name = f"{guardian.first_name} {guardian.last_name}"
            self.fields[f"guardian_{guardian.pk}_phone"] = PhoneField(
                label=_("Telefoonnummer van %(name)s") % {"name": name}
            )
            self.fields[f"guardian_{guardian.pk}_email"] = forms.EmailField(
                label=_("E-mailadres van %(name)s") % {"name": name}, required=False, max_length=EMAIL_MAX
            )
        if not self.is_bound:
            home = list(family.home_languages.all())
            main = next((fl.language for fl in home if fl.is_main), "")
            self.initial.update(
                {
                    "main_language": main,
                    "other_languages": [fl.language for fl in home if fl.language != main],
                    **{name: getattr(family, name) for name in CARD_FIELDS},
                    "main_carer": next((g.pk for g in guardians if g.is_main_carer), None),
                    "version": family.version,
                }
            )
            for guardian in guardians:
                self.initial[f"guardian_{guardian.pk}_phone"] = guardian.phone
                self.initial[f"guardian_{guardian.pk}_email"] = guardian.email

    def guardian_rows(self) -> list[tuple[Guardian, forms.BoundField, forms.BoundField]]:
        """Each guardian with the bound fields of their phone number and e-mail address."""
        return [(g, self[f"guardian_{g.pk}_phone"], self[f"guardian_{g.pk}_email"]) for g in self.guardians]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        main, others = data.get("main_language", ""), data.get("other_languages") or []
        if others and not main:
            self.add_error("main_language", _("Kies ook de hoofdtaal: de taal waarin het gezin het best praat."))
        if data.get("interpreter_needed") and not data.get("interpreter_language"):
            self.add_error(
                "interpreter_language", _("Kies de taal van de tolk: die moet precies de taal van het gezin spreken.")
            )
        return data

    def card(self) -> FamilyCard:
        data = self.cleaned_data
        main = data["main_language"]
        others = [code for code in data["other_languages"] if code != main]
        return FamilyCard(
            languages=([main] if main else []) + others,
            **{name: data[name] for name in CARD_FIELDS},
            main_carer_id=data.get("main_carer") or None,
            guardians=[
                GuardianContact(
                    guardian_id=g.pk,
                    phone=data[f"guardian_{g.pk}_phone"],
                    email=data[f"guardian_{g.pk}_email"],
                )
                for g in self.guardians
            ],
        )
