from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "joinedup.tasks"
    verbose_name = "Background tasks"
