"""URLs for the school's administrator: importing from the pupil administration, linking teachers to groups."""

from django.urls import path

from .views import groups, imports

urlpatterns = [
    path("beheer/import/", imports.import_upload, name="import_upload"),
    path("beheer/import/bevestigen/", imports.import_confirm, name="import_confirm"),
    path("beheer/import/voorbeeld.csv", imports.import_example, name="import_example"),
    path("beheer/groepen/", groups.group_list, name="group_list"),
    path("beheer/groepen/<int:pk>/koppelen/", groups.group_teacher_add, name="group_teacher_add"),
    path("beheer/groepen/koppeling/<int:pk>/verwijderen/", groups.group_teacher_remove, name="group_teacher_remove"),
]
