"""Case pages, under /cases/. Cases by reference; people and documents by random ids, never by name."""

from django.urls import path

from .views import casework, referrals, repeats, risk, tactical

urlpatterns = [
    path("", casework.case_list, name="case-list"),
    path("new/", casework.case_new, name="case-new"),
    path("actions/", casework.action_queue, name="case-action-queue"),
    path("search/", casework.person_search, name="case-search"),
    path("retention/", casework.retention_list, name="case-retention"),
    # Referrals to partner services
    path("referrals/", referrals.referral_queue, name="referral-queue"),
    path("referrals/services/", referrals.service_list, name="referral-services"),
    path("referrals/services/new/", referrals.service_new, name="referral-service-new"),
    path("referrals/services/<int:service_id>/change/", referrals.service_edit, name="referral-service-edit"),
    path("referrals/<uuid:public_id>/", referrals.referral_detail, name="referral-detail"),
    path("referrals/<uuid:public_id>/decide/", referrals.referral_decide, name="referral-decide"),
    path("referrals/<uuid:public_id>/outcome/", referrals.referral_outcome, name="referral-outcome"),
    path("referrals/<uuid:public_id>/withdraw/", referrals.referral_withdraw, name="referral-withdraw"),
    path("<str:reference>/referrals/new/", referrals.referral_new, name="referral-new"),
    path("people/<uuid:public_id>/", casework.person_detail, name="person-detail"),
    path("people/<uuid:public_id>/change/", casework.person_edit, name="person-edit"),
    path("people/<uuid:public_id>/export/", casework.person_export, name="person-export"),
    # Repeat and vulnerable victims, and the tactical group list
    path("repeat-victims/", repeats.repeat_victim_list, name="case-repeat-victims"),
    path("repeat-victims/rule/", repeats.repeat_rule, name="case-repeat-rule"),
    path("repeat-victims/dismiss/", repeats.repeat_victim_dismiss, name="case-repeat-dismiss"),
    path("repeat-victims/open/", repeats.repeat_victim_open, name="case-repeat-open"),
    path("repeat-victims/open/<str:key>/", repeats.repeat_victim_case, name="case-repeat-victim-case"),
    path("tactical/", tactical.tactical_list, name="case-tactical-list"),
    path("<str:reference>/tactical/add/", tactical.tactical_add, name="case-tactical-add"),
    path(
        "<str:reference>/tactical/<int:entry_id>/change/",
        tactical.tactical_change,
        name="case-tactical-change",
    ),
    path(
        "<str:reference>/tactical/<int:entry_id>/remove/",
        tactical.tactical_remove,
        name="case-tactical-remove",
    ),
    path("<str:reference>/", casework.case_detail, name="case-detail"),
    path("<str:reference>/change/", casework.case_edit, name="case-edit"),
    path("<str:reference>/access/", casework.case_access, name="case-access"),
    path("<str:reference>/access/<slug:name>/", casework.case_access_change, name="case-access-change"),
    path("<str:reference>/request-access/", casework.case_request_access, name="case-request-access"),
    path("<str:reference>/people/add/", casework.case_person_add, name="case-person-add"),
    path(
        "<str:reference>/people/<int:link_id>/remove/", casework.case_person_remove, name="case-person-remove"
    ),
    path(
        "<str:reference>/actions/<int:action_id>/complete/",
        casework.action_complete,
        name="case-action-complete",
    ),
    path("<str:reference>/documents/<uuid:public_id>/", casework.document_download, name="case-document"),
    path("<str:reference>/delete/", casework.case_delete, name="case-delete"),
    # Risk assessment: the partnership's questionnaire, and assessing victims and vulnerable people.
    path("risk/questionnaire/", risk.questionnaire_choose, name="case-risk-questionnaires"),
    path("risk/questionnaire/<slug:partnership>/", risk.questionnaire_detail, name="case-risk-questionnaire"),
    path(
        "risk/questionnaire/<slug:partnership>/change/",
        risk.questionnaire_change,
        name="case-risk-questionnaire-change",
    ),
    path("<str:reference>/risk/<uuid:public_id>/", risk.risk_assess, name="case-risk-assess"),
    path(
        "<str:reference>/risk/assessments/<int:assessment_id>/",
        risk.risk_assessment_detail,
        name="case-risk-assessment",
    ),
    path("<str:reference>/<slug:name>/", casework.case_work, name="case-work"),
]
