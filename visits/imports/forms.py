"""Forms of the import pages: the upload and the confirm."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huisbezoek.models import SchoolYear

from .columns import MAX_BYTES, size_error
from .plan import Conflict


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand uit de leerlingadministratie"),
        help_text=_("Puntkomma, komma of tab als scheidingsteken; UTF-8 of Windows-1252; hoogstens 2 MB."),
        allow_empty_file=True,  # our own message for an empty file (see clean_file)
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    complete = forms.BooleanField(
        label=_("Dit bestand bevat alle leerlingen die nu op school zitten"),
        help_text=_(
            "Dan krijgen leerlingen die niet in het bestand staan vandaag als datum van uitschrijving. "
            "Vink dit niet aan bij een export van één groep of een deel van de school."
        ),
        required=False,
    )

    # The school year to import into: the current one (default) or the next (see ``__init__``).
    school_year = forms.TypedChoiceField(
        label=_("Schooljaar"),
        coerce=int,
        required=False,  # left out: the current school year
        empty_value=None,
        help_text=_(
            "Kies het volgende schooljaar om de groepen van volgend jaar klaar te zetten: "
            "de groepen van dit jaar blijven dan zoals ze zijn."
        ),
    )

    def __init__(self, *args: Any, years: list[SchoolYear] | None = None, **kwargs: Any) -> None:
        """``years``: the current school year (if any) first, then the next one (``years_to_prepare``)."""
        super().__init__(*args, **kwargs)
        self.years = {year.pk: year for year in years or []}
        field = self.fields["school_year"]
        today = timezone.localdate()
        field.choices = [  # type: ignore[attr-defined]
            (
                year.pk,
                _("%(label)s (dit jaar)") % {"label": year.label}
                if year.start <= today
                else _("%(label)s (volgend jaar)") % {"label": year.label},
            )
            for year in years or []
        ]
        if years:
            field.initial = years[0].pk
        if len(self.years) < 2:
            field.widget = forms.HiddenInput()

    def clean_school_year(self) -> SchoolYear | None:
        chosen = self.cleaned_data.get("school_year")
        return self.years[chosen] if chosen is not None else next(iter(self.years.values()), None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year = data.get("school_year")
        if data.get("complete") and year is not None and year.start > timezone.localdate():
            self.add_error("complete", _("Een volledige lijst kan alleen voor het huidige schooljaar."))
        return data

    def clean_file(self) -> bytes:
        """The bytes of the file. The size is checked before anything is read."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(size_error(upload.size))
        data = b"".join(upload.chunks())
        if not data.strip():
            raise ValidationError(_("Het bestand is leeg."))
        return data


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=2000)


APP, IMPORT = "app", "import"


class ConflictChoicesForm(forms.Form):
    """Per field the school edited in the app that the file would change: keep the app's value
    (the default) or take the file's."""

    def __init__(self, *args: Any, conflicts: Sequence[Conflict], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflicts = list(conflicts)
        for conflict in self.conflicts:
            self.fields[self.field_name(conflict)] = forms.ChoiceField(
                label=f"{conflict.subject}: {conflict.field}",
                choices=[(APP, _("Waarde uit de app houden")), (IMPORT, _("Waarde uit het bestand nemen"))],
                initial=APP,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    @staticmethod
    def field_name(conflict: Conflict) -> str:
        return f"conflict-{conflict.key}"

    def rows(self) -> list[tuple[Conflict, forms.BoundField]]:
        return [(c, self[self.field_name(c)]) for c in self.conflicts]

    def take_import(self) -> frozenset[str]:
        """The keys of the conflicts where the file's value was chosen; anything else keeps the app's."""
        data = self.cleaned_data if self.is_valid() else {}
        return frozenset(c.key for c in self.conflicts if data.get(self.field_name(c)) == IMPORT)
