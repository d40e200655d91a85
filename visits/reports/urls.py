"""URLs of the report's way out to the pupil administration: per-pupil files, the list of
reports still to copy with its tick, and the administrator's CSV of a group or the year."""

from django.urls import path

from . import views

urlpatterns = [
    path("leerlingen/<int:pk>/dossier/verslag/<int:report>/pdf/", views.pupil_file_pdf, name="pupil_file_pdf"),
    path("leerlingen/<int:pk>/dossier/verslag/<int:report>/csv/", views.pupil_file_csv, name="pupil_file_csv"),
    path("verslagen/over-te-nemen/", views.reports_to_copy, name="reports_to_copy"),
    path("verslagen/over-te-nemen/huisbezoeken.csv", views.reports_csv, name="reports_csv"),
    path("verslagen/<int:pk>/overgenomen/", views.report_copied, name="report_copied"),
]
