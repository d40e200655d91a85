from django.urls import path

from . import views

urlpatterns = [
    path("tolk/<str:token>/", views.interpreter_booking, name="interpreter_booking"),
]
