"""Open311 GeoReport v2 under /open311/v2/. Each resource takes a format extension: .xml or .json.

`request/{id}` and `service/{code}` are aliases some clients use for `requests/{id}` and
`services/{code}`.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.root, name="open311-root"),
    path("discovery.<str:fmt>", views.discovery, name="open311-discovery"),
    path("services.<str:fmt>", views.service_list, name="open311-services"),
    path("services/<str:code>.<str:fmt>", views.service_definition, name="open311-service"),
    path("service/<str:code>.<str:fmt>", views.service_definition),
    path("requests.<str:fmt>", views.requests, name="open311-requests"),
    path("requests/<str:reference>.<str:fmt>", views.request_detail, name="open311-request"),
    path("request/<str:reference>.<str:fmt>", views.request_detail),
    path("tokens/<str:token>.<str:fmt>", views.token_detail, name="open311-token"),
]
