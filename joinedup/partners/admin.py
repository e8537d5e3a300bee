from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from joinedup.audit.admin import AuditedAdmin

from .models import (
    DataClass,
    GovernanceGroup,
    Membership,
    Organisation,
    Partnership,
    SharingAgreement,
    Team,
    User,
)

admin.site.site_header = "Joined Up system configuration"
admin.site.site_title = "Joined Up"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("areas",)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind", "memberships__partnership")
    search_fields = ("name", "short_name")
    inlines = [MembershipInline]


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ("name", "organisation")
    list_filter = ("organisation",)


@admin.register(GovernanceGroup)
class GovernanceGroupAdmin(AuditedAdmin):
    list_display = ("name", "kind", "partnership", "parent")
    list_filter = ("partnership", "kind")
    filter_horizontal = ("members",)


@admin.register(DataClass)
class DataClassAdmin(AuditedAdmin):
    list_display = ("name", "code", "special_category")


@admin.register(SharingAgreement)
class SharingAgreementAdmin(AuditedAdmin):
    list_display = ("reference", "title", "partnership", "starts_on", "review_due_on", "ends_on")
    list_filter = ("partnership",)
    filter_horizontal = ("signatories", "data_classes")


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    ordering = ("full_name",)
    list_display = ("full_name", "email", "organisation", "role", "is_active")
    list_filter = ("role", "organisation", "partnerships", "is_active")
    search_fields = ("full_name", "email")
    filter_horizontal = ("partnerships", "groups", "user_permissions")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "phone")}),
        ("Work", {"fields": ("organisation", "team", "role", "partnerships")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "organisation", "role", "password1", "password2"),
            },
        ),
    )
