from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "joinedup.core"
    verbose_name = "Joined Up"
