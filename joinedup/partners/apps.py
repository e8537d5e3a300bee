from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "joinedup.partners"
    verbose_name = "Partnerships and partners"
