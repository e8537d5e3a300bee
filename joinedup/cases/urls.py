"""Case pages, under /cases/. Cases by reference; people and documents by random ids, never by name."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("new/", views.case_new, name="case-new"),
    path("actions/", views.action_queue, name="case-action-queue"),
    path("search/", views.person_search, name="case-search"),
    path("retention/", views.retention_list, name="case-retention"),
    path("people/<uuid:public_id>/", views.person_detail, name="person-detail"),
    path("people/<uuid:public_id>/change/", views.person_edit, name="person-edit"),
    path("people/<uuid:public_id>/export/", views.person_export, name="person-export"),
    path("<str:reference>/", views.case_detail, name="case-detail"),
    path("<str:reference>/change/", views.case_edit, name="case-edit"),
    path("<str:reference>/access/", views.case_access, name="case-access"),
    path("<str:reference>/access/<slug:name>/", views.case_access_change, name="case-access-change"),
    path("<str:reference>/request-access/", views.case_request_access, name="case-request-access"),
    path("<str:reference>/people/add/", views.case_person_add, name="case-person-add"),
    path("<str:reference>/people/<int:link_id>/remove/", views.case_person_remove, name="case-person-remove"),
    path(
        "<str:reference>/actions/<int:action_id>/complete/",
        views.action_complete,
        name="case-action-complete",
    ),
    path("<str:reference>/documents/<uuid:public_id>/", views.document_download, name="case-document"),
    path("<str:reference>/delete/", views.case_delete, name="case-delete"),
    path("<str:reference>/<slug:name>/", views.case_work, name="case-work"),
]
