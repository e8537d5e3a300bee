"""The JSON API (django-ninja); each app adds its router. OpenAPI document at /api/docs."""

from django.urls import path
from ninja import NinjaAPI

from joinedup.core.errors import ApplicationError
from joinedup.places.api import router as places_router

api = NinjaAPI(title="Joined Up API", version="1", urls_namespace="api")
api.add_router("/areas", places_router)


@api.exception_handler(ApplicationError)
def application_error(request, exc: ApplicationError):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=exc.status)


urlpatterns = [path("", api.urls)]
