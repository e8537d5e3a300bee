from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "joinedup.reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from . import routing
        from .open311 import selectors

        routing.connect_signals()
        selectors.connect_signals()
