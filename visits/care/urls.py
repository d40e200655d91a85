"""URLs of the care side: the care coordinator's queue, meldcode cases and consults."""

from django.urls import path

from . import views

urlpatterns = [
    path("zorg/", views.care_queue, name="care_queue"),
    path("zorg/melding/<int:pk>/", views.care_case, name="care_case"),
    path("zorg/melding/<int:pk>/stap/<int:step>/", views.care_entry_add, name="care_entry_add"),
    path("zorg/melding/<int:pk>/afsluiten/", views.care_case_close, name="care_case_close"),
    path("zorg/overleg/<int:pk>/", views.care_consult, name="care_consult"),
]
