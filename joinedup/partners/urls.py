from django.urls import path

from . import views

urlpatterns = [
    path("partners/", views.partner_list, name="partner-list"),
    path("partners/<int:organisation_id>/", views.partner_detail, name="partner-detail"),
    path("governance/", views.governance, name="governance"),
    path("governance/groups/<int:group_id>/", views.group_detail, name="group-detail"),
    path("sharing-agreements/", views.agreement_list, name="agreement-list"),
    path("sharing-agreements/new/", views.agreement_edit, name="agreement-new"),
    path("sharing-agreements/<int:agreement_id>/", views.agreement_detail, name="agreement-detail"),
    path("sharing-agreements/<int:agreement_id>/change/", views.agreement_edit, name="agreement-edit"),
]
