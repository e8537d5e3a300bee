"""System configuration screens record who changed what, like every other change."""

from django.contrib import admin

from .models import Action
from .services import audit_record


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions are written to the audit trail in the same transaction."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changes = {field: str(form.cleaned_data.get(field)) for field in form.changed_data} if change else {}
        audit_record(
            by=request.user,
            action=Action.CHANGED if change else Action.CREATED,
            obj=obj,
            changes=changes,
            purpose="system configuration",
        )

    def delete_model(self, request, obj):
        audit_record(by=request.user, action=Action.DELETED, obj=obj, purpose="system configuration")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(by=request.user, action=Action.DELETED, obj=obj, purpose="system configuration")
        super().delete_queryset(request, queryset)
