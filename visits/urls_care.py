"""URLs of the care side: the care coordinator's queue, meldcode cases and consults."""

from django.urls import path

from .views import care

urlpatterns = [
    path("zorg/", care.care_queue, name="care_queue"),
    path("zorg/melding/<int:pk>/", care.care_case, name="care_case"),
    path("zorg/melding/<int:pk>/stap/<int:step>/", care.care_entry_add, name="care_entry_add"),
    path("zorg/melding/<int:pk>/afsluiten/", care.care_case_close, name="care_case_close"),
    path("zorg/overleg/<int:pk>/", care.care_consult, name="care_consult"),
]
