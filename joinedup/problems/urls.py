"""Problem-solving pages, under /problems/. Profiles by reference, patrols by number."""

from django.urls import path

from .views import patrols, profiles

app_name = "problems"

urlpatterns = [
    path("", profiles.profile_list, name="list"),
    path("new/", profiles.profile_start, name="start"),
    path("new/<slug:source>/", profiles.profile_new, name="new"),
    path("patrols/", patrols.patrol_list, name="patrols"),
    path("patrols/new/", patrols.patrol_new, name="patrol-new"),
    path("patrols/<int:patrol_id>/", patrols.patrol_detail, name="patrol"),
    path("patrols/<int:patrol_id>/log/", patrols.patrol_log, name="patrol-log"),
    path("patrols/<int:patrol_id>/issue/", patrols.patrol_issue, name="patrol-issue"),
    path("<str:reference>/", profiles.profile_detail, name="detail"),
    path("<str:reference>/change/", profiles.profile_edit, name="edit"),
    path("<str:reference>/responses/<int:action_id>/", profiles.action_update, name="action"),
    path("<str:reference>/<slug:name>/", profiles.profile_work, name="work"),
]
