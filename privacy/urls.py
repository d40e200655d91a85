from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/bewaartermijnen/", views.retention, name="retention"),
    path("privacy/bewaartermijnen/opschonen/", views.retention_activate, name="retention_activate"),
    path("privacy/gezinnen/", views.family_list, name="family_list"),
    path("privacy/gezinnen/<int:pk>/", views.family_access, name="family_access"),
    path("privacy/gezinnen/<int:pk>/export/", views.family_export, name="family_export"),
    path("privacy/gezinnen/<int:pk>/correctie/", views.correction_create, name="correction_create"),
    path("privacy/correcties/<int:pk>/besluit/", views.correction_decide, name="correction_decide"),
    # Parents: public, no log-in, no cookies; under the school's public parent code (see huisbezoek.parent_pages).
    path("ouders/<slug:code>/privacy/<slug:language>/", views.public_notice, name="public_notice"),
]
