"""Street audits: a multi-agency walkabout that logs many issues on one route, reviewed together.

A coordinator (or any partner) sets up an audit with its team. Team members log findings from their
phones as they walk: a category, where, and a line of description. Afterwards the coordinator or the
audit's creator goes through the findings together, correcting them, dismissing some and accepting the
rest; each accepted finding becomes a report routed like any other (`report_submit`). When no finding
is left to review, the audit is marked reviewed.

Writes (`street_audit_create`, `finding_*`) and reads (`street_audits_visible`, ...) both live here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.partners.models import Partnership, User
from joinedup.places.models import Area, AreaKind

from . import policy
from .models import Category, Finding, Report, Source, StreetAudit
from .services import MAX_DESCRIPTION, locate, report_submit

# --- reads ---------------------------------------------------------------------------------------------


def street_audits_visible(*, user: Any) -> QuerySet[StreetAudit]:
    """Audits of the user's partnerships, with how many findings each has and how many await review."""
    return (
        StreetAudit.objects.visible_to(user)
        .select_related("created_by", "partnership")
        .annotate(
            finding_count=Count("findings", distinct=True),
            waiting_count=Count(
                "findings", filter=Q(findings__report__isnull=True, findings__dismissed=False), distinct=True
            ),
        )
    )


def street_audit_get(*, user: Any, audit_id: int) -> StreetAudit:
    audit = street_audits_visible(user=user).filter(id=audit_id).first()
    if audit is None:
        raise NotFound("There is no street audit at this address.")
    return audit


def street_audit_findings(*, audit: StreetAudit) -> QuerySet[Finding]:
    return audit.findings.select_related("category", "logged_by", "report").order_by("logged_at", "id")


def street_audit_team_choices(*, partnership: Partnership) -> QuerySet[User]:
    """Who can be on an audit's team: active staff working in the partnership."""
    return (
        User.objects.filter(is_active=True, partnerships=partnership)
        .select_related("organisation")
        .order_by("full_name")
    )


def street_audit_can_log(user: Any, audit: StreetAudit) -> bool:
    """Team members log findings while the audit is still being reviewed."""
    return (
        audit.reviewed_at is None
        and policy.works_in(user, audit.partnership_id)
        and audit.team.filter(id=getattr(user, "id", None)).exists()
    )


def street_audit_can_review(user: Any, audit: StreetAudit) -> bool:
    """The partnership's coordinator or whoever set the audit up goes through the findings."""
    if not policy.works_in(user, audit.partnership_id):
        return False
    return policy.coordinates(user) or audit.created_by_id == getattr(user, "id", None)


# --- writes --------------------------------------------------------------------------------------------


@transaction.atomic
def street_audit_create(
    *,
    partnership: Partnership,
    by: Any,
    name: str,
    held_on: dt.date,
    route: str = "",
    team: list[User] | None = None,
) -> StreetAudit:
    """Set up a street audit. Whoever sets it up is on the team."""
    if not policy.works_in(by, partnership.id):
        raise NotPermitted(f"You do not work in {partnership.name}.")
    name = (name or "").strip()
    if not name:
        raise ApplicationError("Enter a name for the audit", field="name")
    if len(name) > 200:
        raise ApplicationError("The name must be 200 characters or fewer", field="name")
    route = (route or "").strip()
    if len(route) > 2000:
        raise ApplicationError("The route must be 2000 characters or fewer", field="route")
    if held_on is None:
        raise ApplicationError("Enter the date of the audit", field="held_on")
    members = {u.id: u for u in team or []}
    members[by.id] = by
    eligible = set(street_audit_team_choices(partnership=partnership).values_list("id", flat=True))
    outsiders = [u.full_name for uid, u in members.items() if uid not in eligible]
    if outsiders:
        raise ApplicationError(f"{', '.join(outsiders)} does not work in {partnership.name}", field="team")
    audit = StreetAudit.objects.create(
        partnership=partnership, name=name, route=route, held_on=held_on, created_by=by
    )
    audit.team.set(members.values())
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=audit,
        changes={"team": sorted(u.full_name for u in members.values())},
        purpose="street audit",
    )
    return audit


def _check_category(audit: StreetAudit, category: Category | None) -> Category:
    if category is None or category.partnership_id != audit.partnership_id or not category.active:
        raise ApplicationError("Choose what the problem is from the list", field="category")
    return category


def _check_description(description: str) -> str:
    description = (description or "").strip()
    if not description:
        raise ApplicationError("Describe the problem", field="description")
    if len(description) > MAX_DESCRIPTION:
        raise ApplicationError(
            f"The description must be {MAX_DESCRIPTION} characters or fewer", field="description"
        )
    return description


@transaction.atomic
def finding_log(
    *,
    audit: StreetAudit,
    by: Any,
    category: Category | None,
    description: str,
    longitude: float | None = None,
    latitude: float | None = None,
    ward: Area | None = None,
    location_text: str = "",
) -> Finding:
    """A team member logs an issue on the route: a point (their location or a street) or a ward."""
    if audit.reviewed_at is not None:
        raise ApplicationError(f"{audit.name} has been reviewed, so no more findings can be added.")
    if not street_audit_can_log(by, audit):
        raise NotPermitted("Only the audit's team can log findings.")
    category = _check_category(audit, category)
    description = _check_description(description)
    # Check the place now, while the officer is standing there, not at the review.
    found_ward, _lsoa, _areas = locate(
        partnership=audit.partnership, longitude=longitude, latitude=latitude, ward=ward
    )
    location_text = (location_text or "").strip()
    if longitude is None and found_ward is not None and not location_text:
        # Findings keep no ward of their own; the review finds it again from this text.
        location_text = f"{found_ward.name} ward"
    return Finding.objects.create(
        audit=audit,
        category=category,
        description=description,
        longitude=longitude,
        latitude=latitude,
        location_text=location_text[:300],
        logged_by=by,
    )


def _require_reviewer(by: Any, finding: Finding) -> None:
    if not street_audit_can_review(by, finding.audit):
        raise NotPermitted("Only a coordinator or the audit's organiser can review its findings.")
    if finding.report is not None:
        raise ApplicationError(f"This finding is already report {finding.report.reference}.")
    if finding.dismissed:
        raise ApplicationError("This finding has been dismissed.")


def finding_ward_guess(*, finding: Finding) -> Area | None:
    """For a finding logged by ward (no point): the ward its location text names."""
    if finding.longitude is not None or not finding.location_text.endswith(" ward"):
        return None
    name = finding.location_text.removesuffix(" ward")
    from .configuration import routing_areas

    return routing_areas(partnership=finding.audit.partnership).filter(kind=AreaKind.WARD, name=name).first()


@transaction.atomic
def finding_update(*, finding: Finding, by: Any, category: Category | None, description: str) -> Finding:
    """Correct a finding at the review, before accepting it."""
    _require_reviewer(by, finding)
    finding.category = _check_category(finding.audit, category)
    finding.description = _check_description(description)
    finding.save(update_fields=["category", "description"])
    return finding


def _finish_if_done(audit: StreetAudit, by: Any) -> None:
    if audit.reviewed_at is None and not audit.findings.filter(report__isnull=True, dismissed=False).exists():
        audit.reviewed_at = timezone.now()
        audit.save(update_fields=["reviewed_at"])
        audit_record(
            by=by,
            action=Action.CHANGED,
            obj=audit,
            changes={"reviewed": [False, True]},
            purpose="street audit reviewed",
        )


@transaction.atomic
def finding_dismiss(*, finding: Finding, by: Any) -> Finding:
    """Not a problem after all (or already dealt with): no report is made."""
    _require_reviewer(by, finding)
    finding.dismissed = True
    finding.save(update_fields=["dismissed"])
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=finding.audit,
        changes={"dismissed": finding.description[:100]},
        purpose="street audit review",
    )
    _finish_if_done(finding.audit, by)
    return finding


@transaction.atomic
def finding_accept(
    *,
    finding: Finding,
    by: Any,
    category: Category | None = None,
    description: str | None = None,
    ward: Area | None = None,
) -> Report:
    """Make the finding a report, routed to the best-placed partner like any other."""
    _require_reviewer(by, finding)
    if category is not None or description is not None:
        finding = finding_update(
            finding=finding,
            by=by,
            category=category or finding.category,
            description=finding.description if description is None else description,
        )
    if finding.longitude is None:
        ward = ward or finding_ward_guess(finding=finding)
        if ward is None:
            raise ApplicationError("Choose the ward the problem is in", field="ward")
    report = report_submit(
        partnership=finding.audit.partnership,
        category=finding.category,
        description=finding.description,
        by=by,
        longitude=finding.longitude,
        latitude=finding.latitude,
        ward=ward if finding.longitude is None else None,
        location_text=finding.location_text,
        source=Source.STREET_AUDIT,
        street_audit=finding.audit,
    )
    finding.report = report
    finding.save(update_fields=["report"])
    _finish_if_done(finding.audit, by)
    return report
