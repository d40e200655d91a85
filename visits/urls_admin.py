"""URLs for the school's administrator: importing from the pupil administration, linking teachers to groups."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
