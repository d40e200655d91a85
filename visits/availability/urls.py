"""URLs of the availability page (teachers, interpreters, the administrator for interpreters)."""

from django.urls import path

from . import views

urlpatterns = [
    path("beschikbaarheid/", views.availability, name="availability"),
    path("beschikbaarheid/tolken/<int:pk>/", views.interpreter_availability, name="interpreter_availability"),
    path("beschikbaarheid/<int:pk>/verwijderen/", views.availability_delete, name="availability_delete"),
]
