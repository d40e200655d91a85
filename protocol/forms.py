"""Forms of the protocol app. They parse and show errors; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huisbezoek.limits import PROTOCOL_SECTION_MAX, limit_field, limited
from huisbezoek.validators import no_hidden_characters

from . import content
from .models import SchoolProtocolSettings, Section, WorkingDocument
from .services import LOGO_MAX_BYTES, SETTINGS_FIELDS, WORKING_DOCUMENT_FIELDS

PLACEHOLDER_HELP = _(
    "Elke regel wordt een alinea. Begin een regel met '- ' voor een opsomming. "
    "Deze invulvelden vult Huisbezoek zelf in: %(placeholders)s"
)


def placeholder_help() -> str:
    return str(PLACEHOLDER_HELP) % {"placeholders": ", ".join(f"{{{p}}}" for p in content.PLACEHOLDERS)}


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    body = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 10}), **limited(PROTOCOL_SECTION_MAX))
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = placeholder_help()

    @classmethod
    def for_section(cls, section: Section) -> SectionForm:
        return cls(initial={"title": section.title, "body": section.body, "revision": section.revision})


class TranslationForm(forms.Form):
    """One title and text field per section, next to the Dutch text."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, section_translations=(), language: str = "", **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.rows = []
        direction = "rtl" if language == "ar" else "ltr"
        for st in section_translations:
            attrs = {"lang": language, "dir": direction}
            title = forms.CharField(
                label=_("Titel"), max_length=200, initial=st.title, widget=forms.TextInput(attrs=attrs)
            )
            body = forms.CharField(
                label=_("Tekst"),
                initial=st.body,
                widget=forms.Textarea(attrs={**attrs, "rows": 7}),
                **limited(PROTOCOL_SECTION_MAX),
            )
            self.fields[f"title_{st.section_id}"] = title
            self.fields[f"body_{st.section_id}"] = body
            self.rows.append((st, f"title_{st.section_id}", f"body_{st.section_id}"))

    def bound_rows(self):  # type: ignore[no-untyped-def]
        return [(st, self[title], self[body]) for st, title, body in self.rows]


class CheckForm(forms.Form):
    checked_by_name = forms.CharField(
        label=_("Gecontroleerd door"),
        max_length=150,
        validators=[no_hidden_characters],
        help_text=_("De naam van wie de vertaling heeft nagelezen, bijvoorbeeld een tolk of een ouder."),
    )


class SettingsForm(forms.ModelForm):
    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG of JPEG, hooguit 1 MB. Het logo staat bovenaan de PDF's en de ouderpagina."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Logo weghalen"), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SchoolProtocolSettings
        fields = SETTINGS_FIELDS

    def clean_logo_upload(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data.get("logo_upload")
        if upload is not None and upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("Het logo mag hooguit 1 MB groot zijn."))
        return upload


class WorkingDocumentForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = WorkingDocument
        fields = WORKING_DOCUMENT_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in WORKING_DOCUMENT_FIELDS}

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name in WORKING_DOCUMENT_FIELDS:
            limit_field(self.fields[name], PROTOCOL_SECTION_MAX)
