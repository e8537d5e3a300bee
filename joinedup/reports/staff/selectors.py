"""Reads the staff pages need beyond `joinedup.reports.selectors`: choices scoped to the user's partnerships,
which actions a person may take on a report, and what a queue row or map point shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Organisation
from joinedup.places.models import Area, AreaKind
from joinedup.places.selectors import area_features

from .. import policy
from ..clock import TargetState
from ..models import Category, Report, Status
from ..selectors import report_target_states


def staff_categories(*, user: Any) -> QuerySet[Category]:
    """Every active category of the user's partnerships, staff-only ones included."""
    return Category.objects.filter(
        partnership_id__in=partner_policy.partnership_ids_for(user), active=True
    ).select_related("group", "partnership")


def staff_wards(*, user: Any) -> QuerySet[Area]:
    """The wards of the districts the user's partnerships cover."""
    districts = Area.objects.filter(
        kind=AreaKind.DISTRICT, partnerships__in=partner_policy.partnership_ids_for(user)
    ).values("id")
    return Area.objects.filter(kind=AreaKind.WARD, parent_id__in=districts).defer("boundary").order_by("name")


def staff_district_codes(*, user: Any) -> list[str]:
    """District codes for the street gazetteer: only streets the user's partnerships cover."""
    return list(
        Area.objects.filter(kind=AreaKind.DISTRICT, partnerships__in=partner_policy.partnership_ids_for(user))
        .values_list("code", flat=True)
        .distinct()
    )


def queue_partners(*, user: Any) -> QuerySet[Organisation] | None:
    """The partners a coordinator may look at the queue of; None for everyone else (their own only)."""
    if not policy.coordinates(user):
        return None
    return (
        Organisation.objects.filter(memberships__partnership_id__in=partner_policy.partnership_ids_for(user))
        .distinct()
        .order_by("name")
    )


def report_partners(*, report: Report) -> QuerySet[Organisation]:
    """Who a report can be given to: the partnership's members other than its current lead."""
    partners = Organisation.objects.filter(memberships__partnership_id=report.partnership_id)
    if report.lead_partner_id:
        partners = partners.exclude(id=report.lead_partner_id)
    return partners.distinct().order_by("name")


def report_actions(*, user: Any, report: Report) -> list[str]:
    """The actions to offer on a report's page. The services check again when one is taken."""
    if not policy.can_work_on(user, report):
        return []
    org_id = getattr(user, "organisation_id", None)
    is_lead = report.lead_partner_id is not None and report.lead_partner_id == org_id
    actions = []
    if report.is_open:
        if report.lead_partner_id is not None:
            if report.status == Status.NEW:
                actions.append("acknowledge")
            if report.status != Status.IN_PROGRESS:
                actions.append("start")
        actions += ["resolve", "close"]
        if policy.coordinates(user) or is_lead:
            actions.append("reassign")
        if is_lead:
            actions.append("decline")
        actions.append("merge")
    else:
        actions.append("reopen")
    actions.append("note")
    return actions


@dataclass(frozen=True)
class Due:
    """The target a report is working towards now: acknowledge while new, then resolve."""

    name: str
    at: dt.datetime | None
    state: str | None

    @property
    def label(self) -> str:
        return TargetState.LABELS.get(self.state or "", "")


def report_due(report: Report, now: dt.datetime | None = None) -> Due:
    states = report_target_states(report, now)
    if report.status == Status.NEW and report.acknowledge_by:
        return Due("Acknowledge", report.acknowledge_by, states["acknowledge"])
    return Due("Resolve", report.resolve_by, states["resolve"])


def report_map_points(*, reports: QuerySet[Report], limit: int = 1000) -> list[dict[str, Any]]:
    """The located reports of a queue as map points (staff see the exact place)."""
    rows = reports.filter(longitude__isnull=False, latitude__isnull=False).values_list(
        "reference", "category__name", "status", "longitude", "latitude"
    )[:limit]
    return [
        {
            "reference": reference,
            "category": category,
            "status": Status(status).label,
            "longitude": round(lon or 0, 6),  # never None: filtered above
            "latitude": round(lat or 0, 6),
            "url": reverse("report-detail", args=[reference]),
        }
        for reference, category, status, lon, lat in rows
    ]


def report_map_areas(*, reports: QuerySet[Report]) -> str:
    """The wards these reports are in, as GeoJSON text: a map needs no tile server to make sense."""
    ward_ids = reports.filter(ward__isnull=False).order_by().values("ward_id").distinct()
    return area_features(areas=Area.objects.filter(id__in=ward_ids)).decode()
