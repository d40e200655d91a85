from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op hoofdletters in het wachtwoord. "
            "Na 5 mislukte pogingen wordt inloggen tijdelijk geblokkeerd."
        ),
        "inactive": _("Dit account is uitgeschakeld. Neem contact op met de beheerder van uw school."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("E-mailadres")
        self.fields["username"].widget = forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class ChooseSelect(forms.Select):
    """A required select whose empty first option is a prompt ("Kies …") that cannot be chosen.

    Django offers "---------" as if it were a choice; here the empty option is disabled, so the
    browser shows the prompt until a real choice is made and never lets anyone pick it back."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):  # type: ignore[no-untyped-def]
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if value in ("", None):
            option["attrs"]["disabled"] = True
        return option
