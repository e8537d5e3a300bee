from django.urls import path

from .views import hotspots, imports

app_name = "intelligence"

urlpatterns = [
    path("imports/", imports.import_list, name="import-list"),
    path("imports/upload/", imports.import_upload, name="import-upload"),
    path("imports/<int:file_id>/", imports.import_detail, name="import-detail"),
    path("datasets/new/", imports.dataset_new, name="dataset-new"),
    path("hotspots/", hotspots.hotspot_page, name="hotspots"),
    path("hotspots/grid.geojson", hotspots.hotspot_geojson, name="hotspots-geojson"),
    path("hotspots/map.<str:image_format>", hotspots.hotspot_map, name="hotspots-map"),
]
