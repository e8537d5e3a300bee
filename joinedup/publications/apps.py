from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "joinedup.publications"
    verbose_name = "Publications"
