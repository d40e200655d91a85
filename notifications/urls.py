from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("berichten/", views.notification_log, name="log"),
    path("berichten/<int:pk>/opnieuw/", views.notification_retry, name="retry"),
]
