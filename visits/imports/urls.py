"""URLs of the import from the pupil administration (the school's administrator)."""

from django.urls import path

from . import views

urlpatterns = [
    path("beheer/import/", views.import_upload, name="import_upload"),
    path("beheer/import/bevestigen/", views.import_confirm, name="import_confirm"),
    path("beheer/import/voorbeeld.csv", views.import_example, name="import_example"),
]
