"""Public addresses: reporting a problem, tracking a report, the public map and list, "you said, we did"."""

from django.urls import path

from . import views

urlpatterns = [
    path("report/", views.report_start, name="report-start"),
    path("report/partnership/", views.report_partnership, name="report-partnership"),
    path("report/category/", views.report_category, name="report-category"),
    path("report/location/", views.report_location, name="report-location"),
    path("report/location/street/", views.report_location_street, name="report-location-street"),
    path("report/location/ward/", views.report_location_ward, name="report-location-ward"),
    path("report/already-reported/", views.report_nearby, name="report-nearby"),
    path("report/description/", views.report_description, name="report-description"),
    path("report/photos/", views.report_photos, name="report-photos"),
    path("report/photos/<str:photo_id>.jpg", views.report_photo_preview, name="report-photo-preview"),
    path("report/contact/", views.report_contact, name="report-contact"),
    path("report/check/", views.report_check, name="report-check"),
    path("report/sent/", views.report_done, name="report-done"),
    path("track/", views.report_track_find, name="report-track-find"),
    path("track/<str:reference>/", views.report_track, name="report-track"),
    path("track/<str:reference>/reopen/<str:token>/", views.report_reopen_view, name="report-reopen"),
    path("reports/", views.reports_public, name="reports-public"),
    path("reports/map.geojson", views.reports_public_geojson, name="reports-public-geojson"),
    path("you-said-we-did/", views.you_said_we_did, name="you-said-we-did"),
]
