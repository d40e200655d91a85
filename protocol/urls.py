from django.urls import path

from . import views

app_name = "protocol"

urlpatterns = [
    # Directie (and administrator): edit, translate, publish.
    path("protocol/", views.manage, name="manage"),
    path("protocol/starten/", views.start, name="start"),
    path("protocol/nieuwe-versie/", views.draft_create, name="draft_create"),
    path("protocol/versie/<int:pk>/", views.version_detail, name="version_detail"),
    path("protocol/versie/<int:pk>/publiceren/", views.version_publish, name="version_publish"),
    path("protocol/onderdeel/<int:pk>/bewerken/", views.section_edit, name="section_edit"),
    path("protocol/versie/<int:pk>/vertaling/<slug:language>/", views.translation_edit, name="translation_edit"),
    path(
        "protocol/versie/<int:pk>/vertaling/<slug:language>/gecontroleerd/",
        views.translation_check,
        name="translation_check",
    ),
    path("protocol/gegevens/", views.settings_edit, name="settings"),
    # Staff: the internal working document and visit tips.
    path("werkdocument/", views.working_document, name="working_document"),
    path("werkdocument/bewerken/", views.working_document_edit, name="working_document_edit"),
    # Parents: public, no log-in, no cookies. The code is the school's shareable public code.
    path("ouders/<slug:code>/", views.public_page, name="public_page"),
    path("ouders/<slug:code>/boekje.pdf", views.public_booklet, name="public_booklet"),
    path("ouders/<slug:code>/logo.png", views.public_logo, name="public_logo"),
    path("ouders/<slug:code>/qr.svg", views.public_qr, name="public_qr"),
    path("ouders/<slug:code>/<slug:language>/", views.public_page, name="public_language"),
    path("ouders/<slug:code>/<slug:language>/pdf/", views.public_pdf, name="public_pdf"),
]
