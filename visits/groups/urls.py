"""URLs for linking teachers to groups (the school's administrator)."""

from django.urls import path

from . import views

urlpatterns = [
    path("beheer/groepen/", views.group_list, name="group_list"),
    path("beheer/groepen/<int:pk>/koppelen/", views.group_teacher_add, name="group_teacher_add"),
    path("beheer/groepen/koppeling/<int:pk>/verwijderen/", views.group_teacher_remove, name="group_teacher_remove"),
]
