"""What every page needs: the service name and the navigation for the signed-in user's role."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from joinedup.cases import policy as case_policy
from joinedup.intelligence import policy as intelligence_policy
from joinedup.partners import policy
from joinedup.publications import policy as publication_policy
from joinedup.reports import policy as report_policy


def navigation_for(user) -> list[tuple[str, str]]:
    if policy.is_community_member(user):  # a local delivery group member: their programmes and assets only
        return [
            ("Engagement programmes", reverse("problems:programmes")),
            ("Asset map", reverse("problems:assets")),
        ]
    if not policy.is_staff_member(user):
        return []
    items = [
        ("Reports", reverse("report-queue")),
        *([("Cases", reverse("case-list"))] if case_policy.does_casework(user) else []),
        *([("Case reviews", reverse("case-review-list"))] if case_policy.does_casework(user) else []),
        ("Problem solving", reverse("problems:list")),
        ("Partners", reverse("partner-list")),
        ("Governance", reverse("governance")),
        ("Tasking", reverse("tasking:group-list")),
        ("Plan", reverse("plan:home")),
        ("Areas", reverse("area-list")),
        ("Registers", reverse("plan:pspos")),
    ]
    if intelligence_policy.can_read(user):  # police.uk data is open data: every member of staff
        items.append(("Intelligence", reverse("intelligence:home")))
    if publication_policy.can_publish(user):  # councillors too: they read ward briefings
        items.append(("Publications", reverse("publications:index")))
    if policy.can_manage_agreements(user):
        items.append(("Sharing agreements", reverse("agreement-list")))
    if report_policy.coordinates(user):
        items.append(("Settings", reverse("reporting-settings")))
    if policy.can_read_audit(user):
        items.append(("Audit", reverse("audit-recent")))
    return items


def service(request: HttpRequest) -> dict:
    # Early failures (a bad Host header) render before the authentication middleware has run.
    user = getattr(request, "user", None)
    nav = navigation_for(user)
    # The section is the longest link the page's address starts with (/work/settings/ over /work/).
    matching = [href for _, href in nav if request.path.startswith(href)]
    current = max(matching, key=len, default=None)
    return {
        "service_name": settings.SERVICE_NAME,
        "can_read_audit": policy.can_read_audit(user),
        "navigation": [{"text": text, "href": href, "current": href == current} for text, href in nav],
    }
