"""Forms of the import pages: the upload and the confirm."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .columns import MAX_BYTES, size_error


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
