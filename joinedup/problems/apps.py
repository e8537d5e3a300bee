from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "joinedup.problems"
    verbose_name = "Problem solving"
