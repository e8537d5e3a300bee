"""The public's survey pages: a round's unguessable link (/survey/<token>/...), and its short code
(/s/<code>/) for posters and QR codes."""

from django.urls import path

from .views import survey_public as views

urlpatterns = [
    path("s/<str:code>/", views.survey_short, name="survey-short"),
    path("survey/<str:token>/", views.survey_start, name="survey-start"),
    path("survey/<str:token>/area/", views.survey_area, name="survey-area"),
    path("survey/<str:token>/anti-social-behaviour/", views.survey_asb, name="survey-asb"),
    path("survey/<str:token>/safe-by-day/", views.survey_day, name="survey-day"),
    path("survey/<str:token>/safe-after-dark/", views.survey_dark, name="survey-dark"),
    path("survey/<str:token>/question-<int:number>/", views.survey_question, name="survey-question"),
    path("survey/<str:token>/check/", views.survey_check, name="survey-check"),
    path("survey/<str:token>/sent/", views.survey_done, name="survey-done"),
]
