from django.apps import AppConfig


class TaskingConfig(AppConfig):
    name = "joinedup.tasking"
    verbose_name = "Tasking"
