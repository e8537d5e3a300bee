from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "joinedup.places"
    verbose_name = "Places"
