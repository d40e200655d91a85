"""URLs of the school calendar (directie and administrator)."""

from django.urls import path

from . import views

urlpatterns = [
    path("schoolkalender/", views.calendar_list, name="school_calendar"),
    path("schoolkalender/nieuw/", views.calendar_entry_add, name="school_calendar_add"),
    path("schoolkalender/<int:pk>/", views.calendar_entry_edit, name="school_calendar_edit"),
    path("schoolkalender/<int:pk>/verwijderen/", views.calendar_entry_delete, name="school_calendar_delete"),
]
