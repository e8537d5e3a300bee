from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "joinedup.core"
    verbose_name = "Joined Up"

    def ready(self) -> None:
        from . import lookups  # noqa: F401 - registers `__any_of`
