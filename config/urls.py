from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # First: Open311 apps post reports by the thousand, and every pattern tried before a match costs.
    path("open311/v2/", include("joinedup.reports.open311.urls")),
    path("", include("joinedup.core.urls")),
    path("", include("joinedup.partners.urls")),
    path("areas/", include("joinedup.places.urls")),
    path("audit/", include("joinedup.audit.urls")),
    path("", include("joinedup.reports.public.urls")),
    path("work/", include("joinedup.reports.staff.urls")),
    path("intelligence/", include("joinedup.intelligence.urls")),
    path("cases/", include("joinedup.cases.urls")),
    path("case-reviews/", include("joinedup.casereviews.urls")),
    path("tasking/", include("joinedup.tasking.urls")),
    path("problems/", include("joinedup.problems.urls")),
    path("", include("joinedup.problems.public_urls")),  # perception surveys: /survey/<token>/, /s/<code>/
    path("plan/", include("joinedup.plan.urls")),
    path("public-spaces-protection-orders/", include("joinedup.plan.public_urls")),
    path("publications/", include("joinedup.publications.urls")),
    path("api/", include("joinedup.core.api_urls")),
    # One sign-in page for everyone, with its rate limits and audit; the system screens use it too.
    path("system/login/", RedirectView.as_view(pattern_name="sign-in", query_string=True)),
    path("system/", admin.site.urls),
]

handler400 = "joinedup.core.views.bad_request"
handler403 = "joinedup.core.views.permission_denied"
handler404 = "joinedup.core.views.page_not_found"
handler500 = "joinedup.core.views.server_error"
