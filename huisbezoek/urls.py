from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import sso, views, views_audit, views_otp

urlpatterns = [
    path("", views.home, name="home"),
    path("school/wisselen/", views.school_switch, name="school_switch"),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/inloggen/", views.LoginView.as_view(), name="login"),
    # Single sign-on (huisbezoek/sso.py): always routed, 404 while the installation has not configured it.
    # mozilla-django-oidc's names; its own logout URL is left out (the log-out above ends every session).
    path("oidc/authenticate/", sso.StartView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", sso.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("account/uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/wachtwoord-wijzigen/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("account/wachtwoord-gewijzigd/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "account/wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "account/wachtwoord-vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "account/nieuw-wachtwoord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/nieuw-wachtwoord/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/tweestaps/", views_otp.overview, name="otp_overview"),
    path("account/tweestaps/instellen/", views_otp.enrol, name="otp_enrol"),
    path("account/tweestaps/code/", views_otp.verify, name="otp_verify"),
    path("account/tweestaps/herstelcodes/", views_otp.recovery_codes, name="otp_recovery_codes"),
    path("beheer/audittrail/", views_audit.audit_trail, name="audit_trail"),
    path("beheer/beveiliging/", views_audit.security_settings, name="security_settings"),
    path("", include("visits.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("", include("protocol.urls")),
    path("", include("evaluation.urls")),
    path("", include("notifications.urls")),
    path("", include("privacy.urls")),
    path("", include("staff.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
