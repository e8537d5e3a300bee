"""Staff pages for reports, under /work/."""

from django.urls import include, path

from . import audit_views, config_views, views

urlpatterns = [
    path("", views.report_queue, name="report-queue"),
    path("triage/", views.report_triage, name="report-triage"),
    path("export.<str:file_format>", views.report_queue_export_view, name="report-queue-export"),
    path("log/", views.report_log, name="report-log"),
    path("reports/<str:reference>/", views.report_detail, name="report-detail"),
    path("reports/<str:reference>/photos/<int:photo_id>/", views.report_photo, name="report-photo"),
    path("reports/<str:reference>/<slug:action>/", views.report_action, name="report-action"),
    path("routing/preview/", views.routing_preview, name="routing-preview"),
    path("open311/", include("joinedup.reports.open311.staff_urls")),
    # Street audits
    path("street-audits/", audit_views.street_audit_list, name="street-audit-list"),
    path("street-audits/new/", audit_views.street_audit_new, name="street-audit-new"),
    path("street-audits/<int:audit_id>/", audit_views.street_audit_detail, name="street-audit-detail"),
    path("street-audits/<int:audit_id>/review/", audit_views.street_audit_review, name="street-audit-review"),
    path(
        "street-audits/<int:audit_id>/findings/<int:finding_id>/",
        audit_views.finding_review,
        name="street-audit-finding",
    ),
    # The coordinator's configuration
    path("settings/", config_views.reporting_settings, name="reporting-settings"),
    path("settings/<slug:slug>/categories/", config_views.category_list, name="category-list"),
    path("settings/<slug:slug>/categories/new/", config_views.category_edit, name="category-new"),
    path(
        "settings/<slug:slug>/categories/<int:category_id>/", config_views.category_edit, name="category-edit"
    ),
    path(
        "settings/<slug:slug>/categories/<int:category_id>/active/",
        config_views.category_active,
        name="category-active",
    ),
    path("settings/<slug:slug>/targets/", config_views.service_target_list, name="service-target-list"),
    path("settings/<slug:slug>/targets/new/", config_views.service_target_edit, name="service-target-new"),
    path(
        "settings/<slug:slug>/targets/<int:target_id>/",
        config_views.service_target_edit,
        name="service-target-edit",
    ),
    path(
        "settings/<slug:slug>/targets/<int:target_id>/delete/",
        config_views.service_target_delete,
        name="service-target-delete",
    ),
    path("settings/<slug:slug>/rules/", config_views.routing_rule_list, name="routing-rule-list"),
    path("settings/<slug:slug>/rules/new/", config_views.routing_rule_edit, name="routing-rule-new"),
    path(
        "settings/<slug:slug>/rules/<int:rule_id>/", config_views.routing_rule_edit, name="routing-rule-edit"
    ),
    path(
        "settings/<slug:slug>/rules/<int:rule_id>/active/",
        config_views.routing_rule_active,
        name="routing-rule-active",
    ),
]
