"""System configuration only: the kinds of case. Case files themselves are never edited here."""

from django.contrib import admin

from .models import CaseKind


@admin.register(CaseKind)
class CaseKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "restricted_by_default", "active", "order"]
    list_editable = ["active", "order"]
    prepopulated_fields = {"code": ["name"]}
