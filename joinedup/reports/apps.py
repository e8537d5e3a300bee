from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "joinedup.reports"
    verbose_name = "Reports"
