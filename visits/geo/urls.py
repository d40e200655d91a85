"""URL of the pin page (the mentor and the school's administrator)."""

from django.urls import path

from . import views

urlpatterns = [
    path("gezinnen/<int:pk>/locatie/", views.family_location, name="family_location"),
]
