from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.choose, name="choose"),
    path("<slug:slug>/document/", views.document, name="document"),
]
