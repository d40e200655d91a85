"""URLs of the school's staff management (the school's administrator), and the invited person's
personal link."""

from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("beheer/team/", views.staff_list, name="staff_list"),
    path("beheer/team/uitnodigen/", views.staff_invite, name="staff_invite"),
    path("beheer/team/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("beheer/team/<int:pk>/uitschakelen/", views.staff_deactivate, name="staff_deactivate"),
    path("beheer/team/<int:pk>/tweede-stap/", views.second_factor_reset, name="second_factor_reset"),
    path("beheer/team/overdragen/", views.hand_over, name="hand_over"),
    path("beheer/team/import/", views.staff_import, name="staff_import"),
    path("beheer/team/import/bevestigen/", views.staff_import_confirm, name="staff_import_confirm"),
    path("beheer/team/uitnodiging/<int:pk>/opnieuw/", views.invitation_resend, name="invitation_resend"),
    path("beheer/team/uitnodiging/<int:pk>/intrekken/", views.invitation_revoke, name="invitation_revoke"),
    path("beheer/tolken/", views.interpreter_list, name="interpreter_list"),
    path("beheer/tolken/nieuw/", views.interpreter_edit, name="interpreter_add"),
    path("beheer/tolken/<int:pk>/", views.interpreter_edit, name="interpreter_edit"),
    path("beheer/tolken/<int:pk>/actief/", views.interpreter_active, name="interpreter_active"),
    path("beheer/schooljaren/", views.school_year_list, name="school_year_list"),
    path("beheer/schooljaren/nieuw/", views.school_year_edit, name="school_year_add"),
    path("beheer/schooljaren/<int:pk>/", views.school_year_edit, name="school_year_edit"),
    path("beheer/scholen/nieuw/", views.school_add, name="school_add"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
