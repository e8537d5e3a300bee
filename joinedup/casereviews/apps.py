from django.apps import AppConfig


class CaseReviewsConfig(AppConfig):
    name = "joinedup.casereviews"
    verbose_name = "ASB Case Reviews"
