"""URLs of the directie's dashboard: progress, the team meeting (page, CSV, PDF) and the board view."""

from django.urls import path

from .views import dashboard

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/teamoverleg/", dashboard.team_meeting, name="team_meeting"),
    path("dashboard/teamoverleg.csv", dashboard.team_meeting_csv, name="team_meeting_csv"),
    path("dashboard/teamoverleg.pdf", dashboard.team_meeting_pdf, name="team_meeting_pdf"),
    path("dashboard/bestuur/", dashboard.board, name="board"),
]
