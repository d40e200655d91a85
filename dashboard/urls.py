"""URLs of the directie's dashboard: progress, the team meeting (page, CSV, PDF) and the board view."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("teamoverleg/", views.team_meeting, name="team_meeting"),
    path("teamoverleg.csv", views.team_meeting_csv, name="team_meeting_csv"),
    path("teamoverleg.pdf", views.team_meeting_pdf, name="team_meeting_pdf"),
    path("bestuur/", views.board, name="board"),
]
