"""URL of the start of the new school year (the school's administrator)."""

from django.urls import path

from . import views

urlpatterns = [
    path("beheer/nieuw-schooljaar/", views.year_start_page, name="year_start"),
]
