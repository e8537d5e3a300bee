from django.urls import path

from . import views

urlpatterns = [
    path("", views.audit_recent, name="audit-recent"),
    path("<str:model>/<str:object_id>/", views.audit_trail, name="audit-trail"),
]
