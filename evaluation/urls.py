from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("evaluatie/", views.index, name="index"),
    path("evaluatie/starten/", views.start, name="start"),
    path("evaluatie/<int:pk>/", views.detail, name="detail"),
    path("evaluatie/<int:pk>/openen/", views.open_questionnaires, name="open"),
    path("evaluatie/<int:pk>/sluiten/", views.close_questionnaires, name="close"),
    path("evaluatie/<int:pk>/vragen/<str:audience>/", views.questions, name="questions"),
    path("evaluatie/<int:pk>/vragen/<str:audience>/nieuw/", views.question_add, name="question_add"),
    path("evaluatie/vraag/<int:pk>/", views.question_edit, name="question_edit"),
    path("evaluatie/vraag/<int:pk>/verwijderen/", views.question_delete, name="question_delete"),
    path("evaluatie/vraag/<int:pk>/verplaatsen/", views.question_move, name="question_move"),
    path("evaluatie/<int:pk>/uitkomsten/", views.results, name="results"),
    path("evaluatie/<int:pk>/cijfers/", views.figures, name="figures"),
    path("evaluatie/<int:pk>/verslag.pdf", views.report_pdf, name="report_pdf"),
    path("evaluatie/<int:pk>/knelpunten/", views.bottleneck_add, name="bottleneck_add"),
    path("evaluatie/knelpunt/<int:pk>/verwijderen/", views.bottleneck_delete, name="bottleneck_delete"),
    path("evaluatie/<int:pk>/besluit/", views.decision, name="decision"),
    path("evaluatie/<int:pk>/verbeterpunten/", views.action_add, name="action_add"),
    path("evaluatie/verbeterpunt/<int:pk>/klaar/", views.action_done, name="action_done"),
    path("evaluatie/<int:pk>/vragenlijst/", views.teacher_answer, name="teacher_answer"),
    # No log-in: the class code or the personal link is the key.
    path("klas/", views.pupil_start, name="pupil_start"),
    path("klas/<str:code>/", views.pupil_answer, name="pupil_answer"),
    path("vragenlijst/<str:token>/", views.parent_answer, name="parent_answer"),
    path("vragenlijst/<str:token>/<str:language>/", views.parent_answer, name="parent_answer_language"),
]
