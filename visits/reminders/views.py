"""The school's reminder settings page (directie and administrator)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role

from . import settings
from .forms import ReminderSettingsForm


@role_required(Role.DIRECTIE, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def reminder_settings_edit(request: SchoolHttpRequest) -> HttpResponse:
    """Which reminders the school sends and when; a wrong number is shown next to its field."""
    current = settings.reminder_settings_for(school=request.school)
    form = ReminderSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        settings.reminder_settings_save(reminder_settings=form.instance, by=request.user)
        messages.success(request, _("De instellingen van de herinneringen zijn opgeslagen."))
        return redirect("visits:reminder_settings")
    return render(request, "visits/reminder_settings.html", {"form": form})
