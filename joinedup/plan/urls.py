"""Plan, funding, register and communications pages, under /plan/."""

from django.urls import path

from .views import communications, dhr, funding, plan, plan_changes, pspo, services_register

app_name = "plan"

urlpatterns: list = [
    # The partnership plan
    path("", plan.plan_home, name="home"),
    path("new/", plan.plan_new, name="plan-new"),
    path("<int:plan_id>/", plan.plan_detail, name="plan"),
    path("<int:plan_id>/refresh/", plan.plan_refresh, name="plan-refresh"),
    path("<int:plan_id>/add/<slug:kind>/", plan.plan_add, name="plan-add"),
    path("actions/<int:action_id>/", plan.action_detail, name="action"),
    path("measures/<int:measure_id>/", plan.measure_detail, name="measure"),
    path("items/<slug:kind>/<int:item_id>/change/", plan_changes.item_change, name="plan-change"),
    path("items/<slug:kind>/<int:item_id>/remove/", plan_changes.item_remove, name="plan-remove"),
    # Funding
    path("funding/", funding.fund_list, name="funds"),
    path("funding/new/", funding.fund_new, name="fund-new"),
    path("funding/<int:fund_id>/", funding.fund_detail, name="fund"),
    path("funding/<int:fund_id>/table.csv", funding.fund_csv, name="fund-csv"),
    path("funding/<int:fund_id>/bid/", funding.project_new, name="project-new"),
    path("funding/projects/<int:project_id>/", funding.project_detail, name="project"),
    path("funding/projects/<int:project_id>/<slug:name>/", funding.project_act, name="project-act"),
    # The services and outputs register
    path("services/", services_register.register, name="services"),
    path("services/register.csv", services_register.register_csv, name="services-csv"),
    path("services/new/", services_register.service_new, name="service-new"),
    path("services/<int:service_id>/", services_register.service_detail, name="service"),
]

# --- PSPO register, DHR tracker and communications ----------------------------------------------------------
urlpatterns += [
    path("pspos/", pspo.pspo_list, name="pspos"),
    path("pspos/new/", pspo.pspo_new, name="pspo-new"),
    path("pspos/<int:pspo_id>/", pspo.pspo_detail, name="pspo"),
    path("pspos/<int:pspo_id>/change/", pspo.pspo_change, name="pspo-change"),
    path("pspos/<int:pspo_id>/<slug:part>/", pspo.pspo_part, name="pspo-part"),
    path("dhrs/", dhr.dhr_list, name="dhrs"),
    path("dhrs/new/", dhr.dhr_new, name="dhr-new"),
    path("dhrs/leads/<slug:partnership>/", dhr.dhr_leads, name="dhr-leads"),
    path("dhrs/leads/<slug:partnership>/<int:lead_id>/remove/", dhr.dhr_lead_remove, name="dhr-lead-remove"),
    path("dhrs/<int:review_id>/", dhr.dhr_detail, name="dhr"),
    path("dhrs/<int:review_id>/change/", dhr.dhr_change, name="dhr-change"),
    path("dhrs/<int:review_id>/decision/", dhr.dhr_decide, name="dhr-decide"),
    path("dhrs/<int:review_id>/stage/", dhr.dhr_move, name="dhr-move"),
    path("dhrs/<int:review_id>/actions/new/", dhr.dhr_action_new, name="dhr-action-new"),
    path("dhrs/<int:review_id>/actions/<int:action_id>/", dhr.dhr_action_update, name="dhr-action"),
    path("communications/", communications.communications, name="communications"),
    path("communications/campaigns/new/", communications.campaign_new, name="campaign-new"),
    path(
        "communications/campaigns/<int:campaign_id>/", communications.campaign_change, name="campaign-change"
    ),
    path(
        "communications/campaigns/<int:campaign_id>/remove/",
        communications.campaign_remove,
        name="campaign-remove",
    ),
    path("communications/releases/new/", communications.release_new, name="release-new"),
    path(
        "communications/releases/<int:release_id>/remove/",
        communications.release_remove,
        name="release-remove",
    ),
    path("communications/releases/<int:release_id>/", communications.release_detail, name="release"),
    path(
        "communications/releases/<int:release_id>/change/",
        communications.release_change,
        name="release-change",
    ),
    path(
        "communications/releases/<int:release_id>/submit/",
        communications.release_submit,
        name="release-submit",
    ),
    path(
        "communications/releases/<int:release_id>/decision/",
        communications.release_decide,
        name="release-decide",
    ),
    path("communications/releases/<int:release_id>/release/", communications.release_out, name="release-out"),
    path("communications/sign-off/<slug:partnership>/", communications.signatory_list, name="signatories"),
    path(
        "communications/sign-off/<slug:partnership>/<int:signatory_id>/remove/",
        communications.signatory_remove,
        name="signatory-remove",
    ),
]
