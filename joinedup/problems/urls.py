"""Problem-solving pages, under /problems/. Profiles by reference, patrols and surveys by number."""

from django.urls import path

from .views import assets, engagement, patrols, profiles, surveys

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
    # Engagement programmes and the community asset map (before the profile catch-all).
    path("programmes/", engagement.programme_list, name="programmes"),
    path("programmes/new/", engagement.programme_new, name="programme-new"),
    path("programmes/<int:programme_id>/", engagement.programme_detail, name="programme"),
    path("programmes/<int:programme_id>/change/", engagement.programme_edit, name="programme-edit"),
    path("programmes/<int:programme_id>/steps/<slug:step>/", engagement.step_edit, name="step"),
    path("programmes/<int:programme_id>/group/", engagement.programme_members, name="members"),
    path(
        "programmes/<int:programme_id>/group/<int:member_id>/leave/",
        engagement.member_leave,
        name="member-leave",
    ),
    path("programmes/<int:programme_id>/training/new/", engagement.training_new, name="training-new"),
    path("assets/", assets.asset_list, name="assets"),
    path("assets/new/", assets.asset_new, name="asset-new"),
    path("assets/export.csv", assets.asset_export, name="asset-export"),
    path("assets/<int:asset_id>/", assets.asset_detail, name="asset"),
    path("assets/<int:asset_id>/change/", assets.asset_edit, name="asset-edit"),
    path("assets/<int:asset_id>/remove/", assets.asset_remove, name="asset-remove"),
    # Perception surveys (the public's pages are in public_urls).
    path("surveys/", surveys.survey_list, name="surveys"),
    path("surveys/new/", surveys.survey_new, name="survey-new"),
    path("surveys/<int:survey_id>/", surveys.survey_detail, name="survey"),
    path("surveys/<int:survey_id>/change/", surveys.survey_edit, name="survey-edit"),
    path("surveys/<int:survey_id>/results.csv", surveys.results_csv, name="survey-results-csv"),
    path("surveys/<int:survey_id>/questions/new/", surveys.question_edit, name="survey-question-new"),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/", surveys.question_edit, name="survey-question"
    ),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/remove/",
        surveys.question_remove,
        name="survey-question-remove",
    ),
    path("surveys/<int:survey_id>/rounds/new/", surveys.round_new, name="survey-round-new"),
    path("surveys/<int:survey_id>/rounds/<int:round_id>/", surveys.round_results, name="survey-round"),
    path(
        "surveys/<int:survey_id>/rounds/<int:round_id>/publish/", surveys.round_publish, name="survey-publish"
    ),
    path("surveys/<int:survey_id>/rounds/<int:round_id>/close/", surveys.round_close, name="survey-close"),
    path(
        "surveys/<int:survey_id>/rounds/<int:round_id>/responses.csv",
        surveys.responses_csv,
        name="survey-responses-csv",
    ),
    path("<str:reference>/", profiles.profile_detail, name="detail"),
    path("<str:reference>/change/", profiles.profile_edit, name="edit"),
    path("<str:reference>/responses/<int:action_id>/", profiles.action_update, name="action"),
    path("<str:reference>/<slug:name>/", profiles.profile_work, name="work"),
]
