from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "joinedup.intelligence"
    verbose_name = "Intelligence"
