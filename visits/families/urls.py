"""URLs of the family card's edit page (the mentor and the school's administrator)."""

from django.urls import path

from . import views

urlpatterns = [
    path("gezinnen/<int:pk>/bewerken/", views.family_edit, name="family_edit"),
]
