"""Forms of the group pages: linking a teacher to a group."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huisbezoek.forms import ChooseSelect

from ..models import GroupTeacher


class GroupTeacherForm(forms.Form):
    """Add a teacher to a group. ``teachers`` are (user id, name) of the school's teachers, read once per page."""

    teacher = forms.TypedChoiceField(label=_("Leerkracht"), coerce=int, widget=ChooseSelect)
    kind = forms.ChoiceField(label=_("Als"), choices=GroupTeacher.Kind.choices, initial=GroupTeacher.Kind.MENTOR)

    def __init__(self, teachers: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].choices = [("", _("Kies een leerkracht")), *teachers]  # type: ignore[attr-defined]
