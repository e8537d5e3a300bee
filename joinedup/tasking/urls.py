"""Tasking pages, under /tasking/. Groups, meetings, items and actions by number; no personal data."""

from django.urls import path

from .views import groups, meetings

app_name = "tasking"

urlpatterns = [
    path("", groups.group_list, name="group-list"),
    path("groups/new/", groups.group_new, name="group-new"),
    path("groups/<int:group_id>/", groups.group_detail, name="group-detail"),
    path("groups/<int:group_id>/change/", groups.group_edit, name="group-edit"),
    path("groups/<int:group_id>/schedule/", groups.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/agenda/", meetings.agenda_edit, name="agenda-edit"),
    path("meetings/<int:meeting_id>/pack/", meetings.agenda_pack, name="agenda-pack"),
    path("meetings/<int:meeting_id>/pack.pdf", meetings.agenda_pack_pdf, name="agenda-pack-pdf"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/update/", meetings.item_update, name="item-update"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/<slug:name>/", meetings.item_do, name="item-do"),
    path(
        "meetings/<int:meeting_id>/actions/<int:action_id>/", meetings.action_progress, name="action-update"
    ),
    path("meetings/<int:meeting_id>/<slug:name>/", meetings.meeting_do, name="meeting-do"),
]
