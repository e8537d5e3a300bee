from django.urls import path

from .views import hotspots, imports, insight, packages, scorecards

app_name = "intelligence"

urlpatterns = [
    path("", insight.home, name="home"),
    path("trends/", insight.trends, name="trends"),
    path("trends/counts.csv", insight.trends_csv, name="trends-csv"),
    path("emerging/", insight.emerging, name="emerging"),
    path("emerging/issues.csv", insight.emerging_csv, name="emerging-csv"),
    path("harm-weights/", insight.harm_weight_list, name="harm-weights"),
    path("harm-weights/<slug:code>/", insight.harm_weight_edit, name="harm-weight-edit"),
    path("harm-weights/<slug:code>/reset/", insight.harm_weight_reset, name="harm-weight-reset"),
    path("scorecards/", scorecards.scorecard_list, name="scorecards"),
    path("scorecards/<slug:slug>/measures/new/", scorecards.measure_edit, name="measure-new"),
    path("scorecards/<slug:slug>/measures/<int:measure_id>/", scorecards.measure_edit, name="measure-edit"),
    path("measures/<int:measure_id>/values/", scorecards.measure_value_enter, name="measure-value"),
    path("imports/", imports.import_list, name="import-list"),
    path("imports/upload/", imports.import_upload, name="import-upload"),
    path("imports/<int:file_id>/", imports.import_detail, name="import-detail"),
    path("datasets/new/", imports.dataset_new, name="dataset-new"),
    path("hotspots/", hotspots.hotspot_page, name="hotspots"),
    path("hotspots/grid.geojson", hotspots.hotspot_geojson, name="hotspots-geojson"),
    path("hotspots/map.<str:image_format>", hotspots.hotspot_map, name="hotspots-map"),
    path("packages/", packages.package_page, name="package"),
]
