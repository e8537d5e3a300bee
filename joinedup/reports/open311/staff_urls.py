"""Open311 key management pages. Included under /work/open311/ by the staff URLs."""

from django.urls import path

from . import client_views

urlpatterns = [
    path("", client_views.client_list, name="open311-clients"),
    path("new/", client_views.client_new, name="open311-client-new"),
    path("<int:client_id>/revoke/", client_views.client_revoke, name="open311-client-revoke"),
]
