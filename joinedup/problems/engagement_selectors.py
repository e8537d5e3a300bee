"""Reads for engagement programmes and the community asset map, filtered by `engagement_policy`.

Programmes and assets another user may not see are simply not found, so their addresses give nothing away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import orjson
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from joinedup.core.errors import NotFound
from joinedup.partners.models import Partnership
from joinedup.places.models import Area

from . import engagement_policy as policy
from .models import (
    CommunityAsset,
    Deliverable,
    EngagementProgramme,
    EngagementStep,
    GroupMember,
    StepStatus,
    TrainingSession,
)
from .models.engagement import TIMELINE_WEEKS

# --- programmes -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeRow:
    programme: EngagementProgramme
    current: EngagementStep | None  # the first step not done; None when all are
    late: list[EngagementStep]


def programmes_visible(*, user: Any) -> QuerySet[EngagementProgramme]:
    if not policy.may_use_engagement(user):
        return EngagementProgramme.objects.none()
    return EngagementProgramme.objects.filter(id__in=policy.programme_ids_for(user))


def _with_steps(programmes: QuerySet[EngagementProgramme]) -> QuerySet[EngagementProgramme]:
    return programmes.select_related("partnership", "area", "lead").prefetch_related(
        Prefetch("steps", queryset=EngagementStep.objects.order_by("position"))
    )


def current_step(steps: list[EngagementStep]) -> EngagementStep | None:
    return next((s for s in steps if s.status != StepStatus.DONE), None)


def programme_list(
    *, user: Any, partnership: Partnership | None = None, today: dt.date | None = None
) -> list[ProgrammeRow]:
    today = today or timezone.localdate()
    programmes = programmes_visible(user=user)
    if partnership is not None:
        programmes = programmes.filter(partnership=partnership)
    rows = []
    for programme in _with_steps(programmes).order_by("partnership__name", "name", "id"):
        steps = list(programme.steps.all())
        rows.append(ProgrammeRow(programme, current_step(steps), [s for s in steps if s.is_late(today)]))
    return rows


def programme_partnerships(*, user: Any) -> QuerySet[Partnership]:
    return Partnership.objects.filter(id__in=programmes_visible(user=user).values("partnership_id")).order_by(
        "name"
    )


def programme_get(*, user: Any, programme_id: int) -> EngagementProgramme:
    programme = (
        _with_steps(programmes_visible(user=user))
        .prefetch_related(
            Prefetch("steps__deliverables", queryset=Deliverable.objects.order_by("id")),
            Prefetch(
                "members", queryset=GroupMember.objects.select_related("user").order_by("left_on", "name")
            ),
            Prefetch("training", queryset=TrainingSession.objects.prefetch_related("attendees")),
        )
        .filter(id=programme_id)
        .first()
    )
    if programme is None:
        raise NotFound("There is no engagement programme at this address that you can see.")
    return programme


def step_get(*, programme: EngagementProgramme, step: str) -> EngagementStep:
    found = next((s for s in programme.steps.all() if s.step == step), None)
    if found is None:
        raise NotFound("There is no such step in this programme.")
    return found


# --- the 40-week timeline ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    number: int
    starts_on: dt.date
    current: bool


@dataclass(frozen=True)
class TimelineCell:
    planned: bool
    late: bool  # planned this week, the week has passed, and the step is not done
    done: bool  # planned this week and the step is done


@dataclass(frozen=True)
class TimelineRow:
    step: EngagementStep
    cells: list[TimelineCell]
    late: bool
    outside: bool  # some of the planned dates fall outside the 40 weeks


@dataclass(frozen=True)
class Timeline:
    weeks: list[Week]
    rows: list[TimelineRow]
    current_week: int | None


def timeline(*, programme: EngagementProgramme, today: dt.date | None = None) -> Timeline:
    """Weeks 1 to 40 from the start date, and in which weeks each step is planned."""
    today = today or timezone.localdate()
    start = programme.starts_on
    weeks = []
    for n in range(1, TIMELINE_WEEKS + 1):
        begins = start + dt.timedelta(weeks=n - 1)
        weeks.append(Week(n, begins, begins <= today < begins + dt.timedelta(days=7)))
    rows = []
    for step in programme.steps.all():
        late = step.is_late(today)
        cells = []
        for week in weeks:
            ends = week.starts_on + dt.timedelta(days=6)
            planned = (
                step.planned_start is not None
                and step.planned_end is not None
                and step.planned_start <= ends
                and step.planned_end >= week.starts_on
            )
            done = planned and step.status == StepStatus.DONE
            cells.append(TimelineCell(planned, planned and not done and ends < today, done))
        outside = bool(
            (step.planned_start and step.planned_start < start)
            or (step.planned_end and step.planned_end > programme.ends_on)
        )
        rows.append(TimelineRow(step, cells, late, outside))
    current = next((w.number for w in weeks if w.current), None)
    return Timeline(weeks, rows, current)


# --- community assets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssetFilters:
    kind: str = ""
    category: str = ""
    safe_place: bool = False
    ward: int | None = None
    partnership: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v}


def assets_visible(*, user: Any) -> QuerySet[CommunityAsset]:
    if not policy.may_use_engagement(user):
        return CommunityAsset.objects.none()
    return CommunityAsset.objects.filter(partnership_id__in=policy.asset_partnership_ids_for(user))


def asset_list(*, user: Any, filters: AssetFilters) -> QuerySet[CommunityAsset]:
    assets = assets_visible(user=user).select_related("ward", "partnership")
    if filters.kind:
        assets = assets.filter(kind=filters.kind)
    if filters.category:
        assets = assets.filter(category=filters.category)
    if filters.safe_place:
        assets = assets.filter(safe_place=True)
    if filters.ward:
        assets = assets.filter(ward_id=filters.ward)
    if filters.partnership:
        assets = assets.filter(partnership_id=filters.partnership)
    return assets.order_by("name", "id")


def asset_get(*, user: Any, asset_id: int) -> CommunityAsset:
    asset = (
        assets_visible(user=user)
        .select_related("ward", "partnership", "consent_recorded_by")
        .filter(id=asset_id)
        .first()
    )
    if asset is None:
        raise NotFound("There is no community asset at this address that you can see.")
    return asset


def asset_partnerships(*, user: Any) -> QuerySet[Partnership]:
    return Partnership.objects.filter(id__in=policy.asset_partnership_ids_for(user)).order_by("name")


def asset_categories(*, user: Any) -> list[str]:
    return list(assets_visible(user=user).order_by("category").values_list("category", flat=True).distinct())


def asset_wards(*, user: Any) -> QuerySet[Area]:
    return (
        Area.objects.filter(id__in=assets_visible(user=user).values("ward_id"))
        .defer("boundary")
        .order_by("name")
    )


def asset_features(*, assets: QuerySet[CommunityAsset], url_for: Any) -> str:
    """The assets as a GeoJSON FeatureCollection for the map: names and kinds, never contact details."""
    rows = assets.values_list("id", "name", "kind", "category", "safe_place", "longitude", "latitude")
    return orjson.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {
                        "name": name,
                        "kind": kind,
                        "category": category,
                        "safe_place": safe,
                        "url": url_for(asset_id),
                    },
                }
                for asset_id, name, kind, category, safe, lon, lat in rows
            ],
        }
    ).decode()
