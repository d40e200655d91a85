"""URLs of the evening route: the visitor's evening, its PDF, accepting a proposal, the season."""

from django.urls import path

from . import views

urlpatterns = [
    path("avond/", views.evening_mine, name="evening_mine"),
    path("avond/<int:teacher>/<str:day>/", views.evening, name="evening"),
    path("avond/<int:teacher>/<str:day>/pdf/", views.evening_pdf, name="evening_pdf"),
    path("avond/<int:teacher>/<str:day>/voorstel-overnemen/", views.evening_accept, name="evening_accept"),
    path("seizoen/", views.season, name="season"),
]
