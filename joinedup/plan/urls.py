"""Plan, funding, register and communications pages, under /plan/."""

from django.urls import path

from .views import funding, plan, services_register

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
