from django.contrib import admin

from joinedup.audit.admin import AuditedAdmin

from .models import Area, BestFitLookup


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ("name", "kind", "code", "vintage", "parent", "partnership")
    list_filter = ("kind", "vintage", "partnership")
    search_fields = ("name", "code")
    # Boundaries are loaded with `joinedup import-boundaries`, which validates them.
    readonly_fields = ("boundary", "min_lon", "min_lat", "max_lon", "max_lat", "updated_at")


@admin.register(BestFitLookup)
class BestFitLookupAdmin(admin.ModelAdmin):
    list_display = ("lsoa_code", "lsoa_name", "ward_code", "ward_name", "district_name", "edition")
    list_filter = ("edition", "district_name")
    search_fields = ("lsoa_code", "lsoa_name", "ward_code", "ward_name")

    def has_change_permission(self, request, obj=None):
        return False
