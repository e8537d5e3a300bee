"""Making a profile's assessment: before/after counts for the target, its buffer and a comparison area.

The arithmetic is `before_after`; this module chooses the incidents (`incidents`), counts the
profile's patrols in each period and keeps the figures with the assessor's conclusion.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import shapely
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError
from joinedup.intelligence.analysis.grid import area_to_bng
from joinedup.intelligence.trend_selectors import month_add, month_range
from joinedup.places.models import Area, AreaKind

from .. import before_after, incidents
from ..models import Assessment, EventKind, Patrol, PatrolStatus, ProblemProfile
from .profiles import event_add, require_editor

MAX_PERIOD_MONTHS = 36
MIN_BUFFER_M, MAX_BUFFER_M = 50, 2_000


def default_buffer_m() -> int:
    """250 m unless the installation sets JOINEDUP_DISPLACEMENT_BUFFER_M (a local choice, not a rule)."""
    return settings.PROBLEMS_DISPLACEMENT_BUFFER_M


def _months(first: dt.date, last: dt.date, field: str) -> list[dt.date]:
    if first > last:
        raise ApplicationError("A period's first month must not be after its last.", field=field)
    months = month_range(first.replace(day=1), last.replace(day=1))
    if len(months) > MAX_PERIOD_MONTHS:
        raise ApplicationError(f"Each period can be at most {MAX_PERIOD_MONTHS} months.", field=field)
    return months


def _local_start(month: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(month, dt.time()))


def patrol_outputs(profile: ProblemProfile, months: list[dt.date]) -> tuple[int, float]:
    """(patrols done, hours patrolled) for the profile, starting within the months."""
    done = Patrol.objects.filter(
        profile=profile,
        status=PatrolStatus.DONE,
        starts_at__gte=_local_start(months[0]),
        starts_at__lt=_local_start(month_add(months[-1], 1)),
    ).values_list("starts_at", "ends_at")
    spans = [(end - start).total_seconds() / 3600 for start, end in done]
    return len(spans), float(sum(spans))


def assessment_figures(
    *,
    profile: ProblemProfile,
    before: list[dt.date],
    after: list[dt.date],
    buffer_m: float,
    comparison_area: Area,
) -> before_after.AssessmentFigures:
    """Compute (and keep nothing): the counts in each zone and period, their changes, WDQ, patrols.

    The target and buffer are counted point by point. The comparison area is a ward or district, which
    the store already records for every incident, so its count comes from the counting indexes; the
    incidents of it that lie in the target or buffer are then taken off, so the zones never overlap.
    """
    target = area_to_bng(shapely.from_geojson(profile.boundary))
    zones = before_after.zones_for(
        target=target,
        buffer_m=buffer_m,
        comparison=area_to_bng(shapely.from_geojson(comparison_area.boundary)),
    )
    reach = target.buffer(buffer_m)
    points = incidents.points_in_box(
        partnership=profile.partnership,
        bounds_bng=reach.bounds,
        months=before + after,
        categories=profile.categories,
        area_field=incidents.AREA_FIELDS[comparison_area.kind],
    )
    is_after = points.month >= np.datetime64(after[0], "M")
    counts = before_after.zone_counts(
        [("target", zones.target), ("buffer", zones.buffer)], points.easting, points.northing, is_after
    )
    overlap = incidents.within(points, reach) & (points.area_id == comparison_area.id)
    area_before, area_after = incidents.counts_in_area(
        partnership=profile.partnership,
        area=comparison_area,
        before=before,
        after=after,
        categories=profile.categories,
    )
    counts["comparison"] = (
        area_before - int((overlap & ~is_after).sum()),
        area_after - int((overlap & is_after).sum()),
    )
    return before_after.figures(
        counts,
        before_months=len(before),
        after_months=len(after),
        patrols_before=patrol_outputs(profile, before),
        patrols_after=patrol_outputs(profile, after),
    )


@transaction.atomic
def assessment_make(
    *,
    by: Any,
    profile: ProblemProfile,
    before_from: dt.date,
    before_to: dt.date,
    after_from: dt.date,
    after_to: dt.date,
    comparison_area: Area | None,
    buffer_m: int | None = None,
    conclusion: str = "",
) -> Assessment:
    require_editor(by, profile)
    before = _months(before_from, before_to, "before_from")
    after = _months(after_from, after_to, "after_from")
    if before[-1] >= after[0]:
        raise ApplicationError(
            "The period after must start after the period before ends.", field="after_from"
        )
    buffer_m = default_buffer_m() if buffer_m is None else buffer_m
    if not MIN_BUFFER_M <= buffer_m <= MAX_BUFFER_M:
        raise ApplicationError(
            f"The buffer must be between {MIN_BUFFER_M} and {MAX_BUFFER_M:,} metres.", field="buffer_m"
        )
    if comparison_area is None or comparison_area.kind not in (AreaKind.WARD, AreaKind.DISTRICT):
        raise ApplicationError("Choose a ward or district to compare with", field="comparison_area")
    figures = assessment_figures(
        profile=profile, before=before, after=after, buffer_m=buffer_m, comparison_area=comparison_area
    )
    assessment = Assessment.objects.create(
        profile=profile,
        before_from=before[0],
        before_to=before[-1],
        after_from=after[0],
        after_to=after[-1],
        buffer_m=buffer_m,
        comparison_area=comparison_area,
        categories=profile.categories,
        results=figures.as_json(),
        conclusion=conclusion.strip(),
        created_by=by,
    )
    target = figures.zones[0]
    change = "no change measurable" if target.percent_change is None else f"{target.percent_change:+.0f}%"
    event_add(
        profile,
        by=by,
        kind=EventKind.ASSESSED,
        text=f"Target area {target.before} → {target.after} incidents ({change}, p = {target.p_value:.3f}), "
        f"compared with {comparison_area.name}",
    )
    audit_record(by=by, action=Action.CHANGED, obj=profile, changes={"assessment": assessment.id})
    return assessment
