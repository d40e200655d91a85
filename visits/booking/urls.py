"""URLs of parents choosing their own time: the teacher's invitations and the parents' page."""

from django.urls import path

from . import views

urlpatterns = [
    path("uitnodigen/", views.booking_invite, name="booking_invite"),
    path(
        "bezoeken/<int:pk>/vragen/<int:request_pk>/afgehandeld/",
        views.booking_request_confirm,
        name="booking_request_confirm",
    ),
    path("kies-een-tijd/<str:token>/", views.booking_page, name="booking_page"),
    path("kies-een-tijd/<str:token>/<str:language>/", views.booking_page, name="booking_page_language"),
]
