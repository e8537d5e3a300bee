from django.urls import path

from . import views

urlpatterns = [
    path("", views.area_list, name="area-list"),
    path("<int:area_id>/", views.area_detail, name="area-detail"),
]
