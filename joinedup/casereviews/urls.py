"""ASB Case Review pages, under /case-reviews/. Applications by reference, never by anyone's name."""

from django.urls import path

from .views import applications, assessment, figures, procedure

urlpatterns = [
    path("", applications.application_list, name="case-review-list"),
    path("new/", applications.application_new, name="case-review-new"),
    path("figures/", figures.figures, name="case-review-figures"),
    path("figures.csv", figures.figures_csv, name="case-review-figures-csv"),
    path("published/<slug:slug>/", figures.figures_public, name="case-review-figures-public"),
    path("procedure/", procedure.procedure, name="case-review-procedure"),
    path("<str:reference>/", applications.application_detail, name="case-review-detail"),
    path("<str:reference>/assessment/", assessment.assessment, name="case-review-assessment"),
    path(
        "<str:reference>/assessment/<slug:name>/",
        assessment.assessment_change,
        name="case-review-assessment-change",
    ),
    path(
        "<str:reference>/recommendations/<int:recommendation_id>/",
        applications.recommendation_update,
        name="case-review-recommendation",
    ),
    path("<str:reference>/<slug:name>/", applications.application_step, name="case-review-step"),
]
