"""Reads for reports, for staff queues and for the public. Access is decided here, never in templates."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from joinedup.core.errors import NotFound
from joinedup.partners import policy as partner_policy

from . import policy
from .clock import TargetState, target_state
from .models import OPEN_STATUSES, Category, Report, ReportEvent, Status, Visibility

# --- staff ---------------------------------------------------------------------------------------------


def reports_visible(*, user: Any) -> QuerySet[Report]:
    """Reports of the user's partnerships. Never-public categories (hate incidents) only for those dealing
    with them and coordinators."""
    reports = Report.objects.visible_to(user)
    if not policy.coordinates(user):
        org_id = getattr(user, "organisation_id", None)
        if org_id is None:
            return reports.filter(category__never_public=False)
        reports = reports.filter(
            Q(category__never_public=False) | Q(lead_partner_id=org_id) | Q(supporting_partners__id=org_id)
        ).distinct()
    return reports


def report_get(*, user: Any, reference: str) -> Report:
    report = (
        reports_visible(user=user)
        .select_related("category", "lead_partner", "ward", "service_target", "partnership", "duplicate_of")
        .filter(reference=reference)
        .first()
    )
    if report is None:
        raise NotFound("There is no report with that reference in your partnerships.")
    return report


def report_timeline(*, user: Any, report: Report) -> QuerySet[ReportEvent]:
    """Every entry the user may see: internal notes only of their own organisation."""
    events = report.events.select_related("organisation")
    org_id = getattr(user, "organisation_id", None)
    if org_id is None:
        return events.exclude(visibility=Visibility.ORGANISATION)
    return events.filter(~Q(visibility=Visibility.ORGANISATION) | Q(organisation_id=org_id))


@dataclass
class QueueFilters:
    status: str = "open"
    category: str = ""
    ward: str = ""
    target: str = ""
    partner: int | None = None
    triage: bool = False


TARGET_FILTERS = {
    "": "Any",
    TargetState.ON_TIME: "On time",
    TargetState.AT_RISK: "At risk",
    TargetState.BREACHED: "Overdue",
}


def report_queue(*, user: Any, filters: QueueFilters, now: dt.datetime | None = None) -> QuerySet[Report]:
    """A partner's work queue (or the coordinator's triage queue), filtered as asked."""
    now = now or timezone.now()
    reports = reports_visible(user=user).select_related("category", "lead_partner", "ward", "service_target")
    if filters.triage:
        reports = reports.filter(lead_partner__isnull=True)
    elif filters.partner:
        reports = reports.filter(
            Q(lead_partner_id=filters.partner) | Q(supporting_partners__id=filters.partner)
        )
    if filters.status == "open":
        reports = reports.filter(status__in=OPEN_STATUSES)
    elif filters.status in Status.values:
        reports = reports.filter(status=filters.status)
    if filters.category:
        reports = reports.filter(category__code=filters.category)
    if filters.ward:
        reports = reports.filter(ward_code=filters.ward)
    if filters.target:
        reports = _filter_target(reports, filters.target, now)
    return reports.distinct().order_by("resolve_by", "-created_at")


def _filter_target(reports: QuerySet[Report], state: str, now: dt.datetime) -> QuerySet[Report]:
    """Target state of the target a report works towards now (acknowledge while new, then resolve), as
    escalation counts it: overdue is past due; at risk is past the at-risk point of its window."""
    reports = reports.filter(status__in=OPEN_STATUSES, resolve_by__isnull=False)
    late_acknowledging = Q(status=Status.NEW, acknowledge_by__lt=now)
    if state == TargetState.BREACHED:
        return reports.filter(Q(resolve_by__lt=now) | late_acknowledging)
    # The at-risk point depends on each report's window, so compare in Python over the (small) open set.
    candidates = (
        reports.filter(resolve_by__gte=now)
        .exclude(late_acknowledging)
        # Drop the queue's select_related, which .only() cannot combine with deferring those relations.
        .select_related(None)
        .select_related("service_target")
        .only("id", "status", "created_at", "acknowledge_by", "resolve_by", "service_target__at_risk_after")
    )
    ids = [
        r.id
        for r in candidates
        if target_state(
            started=r.created_at,
            due=r.acknowledge_by if r.status == Status.NEW and r.acknowledge_by else r.resolve_by,
            done=None,
            now=now,
            at_risk_after=r.service_target.at_risk_after if r.service_target else 0.75,
        )
        == state
    ]
    return reports.filter(id__in=ids)


def report_target_states(report: Report, now: dt.datetime | None = None) -> dict[str, str | None]:
    at_risk_after = report.service_target.at_risk_after if report.service_target else 0.75
    return {
        "acknowledge": target_state(
            started=report.created_at,
            due=report.acknowledge_by,
            done=report.acknowledged_at,
            now=now,
            at_risk_after=at_risk_after,
        ),
        "resolve": target_state(
            started=report.created_at,
            due=report.resolve_by,
            done=report.resolved_at or report.closed_at,
            now=now,
            at_risk_after=at_risk_after,
        ),
    }


def categories_for(*, partnership_id: int, user: Any = None) -> QuerySet[Category]:
    categories = Category.objects.filter(partnership_id=partnership_id, active=True).select_related("group")
    if not partner_policy.is_staff_member(user):
        categories = categories.filter(staff_only=False)
    return categories


# --- the public ----------------------------------------------------------------------------------------

# About 50 m expressed in degrees at British latitudes (longitude degrees are shorter by cos(lat)).
_METRES_PER_DEGREE = 111_320


def reports_nearby(
    *,
    category: Category,
    longitude: float,
    latitude: float,
    radius_m: float = 50,
    days: int = 30,
    now: dt.datetime | None = None,
) -> list[Report]:
    """Open reports of the same category close by and recent: "is it one of these?"."""
    if category.never_public:
        return []
    now = now or timezone.now()
    dlat = radius_m / _METRES_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(latitude)), 0.01)
    candidates = Report.objects.filter(
        category=category,
        status__in=OPEN_STATUSES,
        created_at__gte=now - dt.timedelta(days=days),
        latitude__range=(latitude - dlat, latitude + dlat),
        longitude__range=(longitude - dlon, longitude + dlon),
    ).order_by("-created_at")[:20]
    close = []
    for report in candidates:
        dy = (report.latitude - latitude) * _METRES_PER_DEGREE
        dx = (report.longitude - longitude) * _METRES_PER_DEGREE * math.cos(math.radians(latitude))
        if math.hypot(dx, dy) <= radius_m:
            close.append(report)
    return close[:5]


def public_reports() -> QuerySet[Report]:
    """What the public may ever see: no never-public categories, nothing closed as a duplicate."""
    return Report.objects.filter(category__never_public=False, category__staff_only=False).exclude(
        closed_reason="duplicate"
    )


def report_public_get(*, reference: str) -> Report:
    report = (
        public_reports()
        .select_related("category", "lead_partner", "ward", "partnership")
        .filter(reference__iexact=reference.strip())
        .first()
    )
    if report is None:
        raise NotFound("There is no report with that reference. Check it and try again.")
    return report


def report_public_timeline(*, report: Report) -> QuerySet[ReportEvent]:
    return report.events.filter(visibility=Visibility.PUBLIC)


# Sensitive categories (begging, drug use) are shown on a coarse grid, never at the reported spot.
GENERALISE_DEGREES = 0.005


def public_location(report: Report) -> tuple[float, float] | None:
    if report.latitude is None or report.longitude is None:
        return None
    if report.category.sensitive:
        snap = GENERALISE_DEGREES
        return (
            round(math.floor(report.longitude / snap) * snap + snap / 2, 6),
            round(math.floor(report.latitude / snap) * snap + snap / 2, 6),
        )
    return (round(report.longitude, 5), round(report.latitude, 5))


def reports_public_in_box(
    *,
    min_lon: float,
    min_lat: float,
    max_lon: float,
    max_lat: float,
    resolved_days: int = 30,
    limit: int = 500,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """Open and recently resolved reports in a map box: never who reported, generalised where sensitive."""
    now = now or timezone.now()
    rows = (
        public_reports()
        .filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
        .filter(
            Q(status__in=OPEN_STATUSES)
            | Q(status=Status.RESOLVED, resolved_at__gte=now - dt.timedelta(days=resolved_days))
        )
        .order_by("-created_at")
        .values_list(
            "reference",
            "status",
            "category__name",
            "category__sensitive",
            "longitude",
            "latitude",
            "created_at",
            "ward__name",
        )[:limit]
    )
    features = []
    for reference, status, category, sensitive, lon, lat, created_at, ward in rows:
        assert lon is not None and lat is not None  # the box filter only matches located reports
        if sensitive:
            snap = GENERALISE_DEGREES
            lon = math.floor(lon / snap) * snap + snap / 2
            lat = math.floor(lat / snap) * snap + snap / 2
        features.append(
            {
                "reference": reference,
                "status": status,
                "category": category,
                "ward": ward or "",
                "longitude": round(lon, 5),
                "latitude": round(lat, 5),
                "reported": timezone.localtime(created_at).date().isoformat(),
                "generalised": sensitive,
            }
        )
    return features


def you_said_we_did(
    *, partnership_id: int, since: dt.date, ward_code: str | None = None
) -> list[dict[str, Any]]:
    """Per ward: how many reports came in and how many were resolved, since a date."""
    reports = public_reports().filter(partnership_id=partnership_id, created_at__date__gte=since)
    if ward_code:
        reports = reports.filter(ward_code=ward_code)
    rows = (
        reports.exclude(ward__isnull=True)
        .values("ward__name", "ward_code")
        .annotate(
            reported=Count("id"),
            resolved=Count("id", filter=Q(status=Status.RESOLVED)),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        )
        .order_by("ward__name")
    )
    return list(rows)
