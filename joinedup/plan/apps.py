from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "joinedup.plan"
    verbose_name = "Plan, funding and registers"
