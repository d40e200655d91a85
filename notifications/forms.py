from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Notification


class LogFilterForm(forms.Form):
    """The administrator's filters on the message log; an unknown value is simply not applied."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Soort"), required=False)
    channel = forms.ChoiceField(label=_("Kanaal"), required=False)

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["status"].choices = everything + list(Notification.Status.choices)
        self.fields["kind"].choices = everything + kinds
        self.fields["channel"].choices = everything + list(Notification.Channel.choices)
