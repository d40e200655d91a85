"""The administrator's message log (with "send again")."""

from __future__ import annotations

from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huisbezoek.access import role_required
from huisbezoek.http import SchoolHttpRequest
from huisbezoek.models import Role
from huisbezoek.views_helpers import paginate, run_service

from . import access, selectors, services
from .forms import LogFilterForm

PER_PAGE = 50


def _kind_choices(kinds: list[str]) -> list[tuple[str, str]]:
    return sorted(((k, str(services.KIND_LABELS.get(k, k))) for k in kinds), key=lambda c: c[1])


@role_required(Role.ADMINISTRATOR)
@require_GET
def notification_log(request: SchoolHttpRequest) -> HttpResponse:
    """Every message of the school, newest first, filtered by status, kind and channel; failed and
    unknown ones first in a count at the top. A fixed number of queries, however many messages."""
    visible = access.notifications_visible_to(request.actor)
    kinds = list(visible.order_by().values_list("kind", flat=True).distinct())
    form = LogFilterForm(request.GET or None, kinds=_kind_choices(kinds))
    rows = visible.select_related("recipient")
    if form.is_valid():
        for name in ("status", "kind", "channel"):
            if form.cleaned_data[name]:
                rows = rows.filter(**{name: form.cleaned_data[name]})
    page, query = paginate(request, rows.order_by("-created", "-pk"), PER_PAGE)
    page.object_list = list(page.object_list)
    for row in page.object_list:
        row.kind_label = services.KIND_LABELS.get(row.kind, row.kind)  # type: ignore[attr-defined]
    return render(
        request,
        "notifications/notification_log.html",
        {
            "form": form,
            "page": page,
            "attention": selectors.attention_count(school=request.school),
            "query": query,
        },
    )


@require_POST
@role_required(Role.ADMINISTRATOR)
def notification_retry(request: SchoolHttpRequest, pk: int) -> HttpResponse:
    notification = access.get_notification_for(request.actor, pk)
    run_service(
        request,
        lambda: services.notification_retry(notification=notification, by=request.user),
        success=_("Het bericht aan %(address)s wordt opnieuw verstuurd.") % {"address": notification.address},
    )
    # Back to the same filters: the query string is parsed and rebuilt, never passed on as typed.
    filters = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(reverse("notifications:log") + ("?" + filters if filters else ""))
