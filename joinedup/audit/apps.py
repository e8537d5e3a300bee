from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "joinedup.audit"
    verbose_name = "Audit"
