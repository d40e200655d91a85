from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import home as home_panels
from . import sso
from .access import SESSION_SCHOOL_KEY, get_school_for
from .forms import LoginForm
from .health import run_checks
from .http import AuthenticatedHttpRequest
from .kept_posts import keep_post_after_csrf_failure


class LoginView(auth_views.LoginView):
    """E-mail address and password; beside them, when the installation has single sign-on, a button
    "Inloggen met Microsoft" (huisbezoek/sso.py). Without it the page is the password form alone."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_provider"] = sso.provider_name() if sso.enabled() else None
        return context


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The page after log-in: what matters for the user's roles at their current school."""
    return render(request, "huisbezoek/home.html", {"panels": home_panels.panels_for(request)})


@login_required
@require_POST
def school_switch(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make another of the user's schools the current one (board staff work at several)."""
    school = get_school_for(request.user, request.POST.get("school"))
    request.session[SESSION_SCHOOL_KEY] = school.pk
    messages.success(request, _("U werkt nu in %(school)s.") % {"school": school.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For monitoring: 200 when database, broker and worker are fine, else 503. No details leak."""
    checks = run_checks()
    healthy = all(c.ok for c in checks)
    body = {c.name: "ok" if c.ok else "failing" for c in checks}
    return JsonResponse({"status": "ok" if healthy else "failing", **body}, status=200 if healthy else 503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token: keep what was typed where the form allows it
    (see ``kept_posts``), else explain, don't blame."""
    kept = keep_post_after_csrf_failure(request)
    if kept is not None:
        return kept
    return render(request, "403_csrf.html", status=403)
