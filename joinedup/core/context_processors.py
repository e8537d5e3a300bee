"""What every page needs: the service name and the navigation for the signed-in user's role."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from joinedup.partners import policy


def navigation_for(user) -> list[tuple[str, str]]:
    if not policy.is_staff_member(user):
        return []
    items = [
        ("Partners", reverse("partner-list")),
        ("Governance", reverse("governance")),
        ("Areas", reverse("area-list")),
    ]
    if policy.can_manage_agreements(user):
        items.append(("Sharing agreements", reverse("agreement-list")))
    if policy.can_read_audit(user):
        items.append(("Audit", reverse("audit-recent")))
    return items


def service(request: HttpRequest) -> dict:
    nav = navigation_for(request.user)
    path = request.path
    return {
        "service_name": settings.SERVICE_NAME,
        "can_read_audit": policy.can_read_audit(request.user),
        "navigation": [
            {"text": text, "href": href, "current": path == href or path.startswith(href)}
            for text, href in nav
        ],
    }
