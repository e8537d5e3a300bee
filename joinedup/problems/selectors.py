"""Reads for problem profiles and patrols. Who sees what is decided here (with `policy`), never in templates.

Everyone who works in a partnership sees its profiles and patrols; other partnerships' are not found.
Linked cases are counted, never listed, here: the case pages decide who may open each one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, Q, QuerySet, Value, When
from django.utils import timezone

from joinedup.core.errors import NotFound
from joinedup.intelligence.analysis.grid import area_to_bng
from joinedup.intelligence.models import IncidentCategory
from joinedup.intelligence.trend_selectors import month_range
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership

from . import incidents
from .models import Patrol, PatrolStatus, ProblemProfile, ProfileEvent, ResponseAction, Stage

OPEN_STAGES = [Stage.SCANNING, Stage.ANALYSIS, Stage.RESPONSE, Stage.ASSESSMENT]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def profiles_visible(*, user: Any) -> QuerySet[ProblemProfile]:
    if not partner_policy.is_staff_member(user):
        return ProblemProfile.objects.none()
    return ProblemProfile.objects.visible_to(user)


def profile_list(*, user: Any, stage: str = "open") -> QuerySet[ProblemProfile]:
    profiles = profiles_visible(user=user).select_related("owner_partner", "owner_officer", "partnership")
    if stage == "open":
        profiles = profiles.filter(stage__in=OPEN_STAGES)
    elif stage in Stage.values:
        profiles = profiles.filter(stage=stage)
    return profiles.annotate(
        patrol_count=Count("patrols", filter=Q(patrols__status=PatrolStatus.DONE))
    ).order_by("-updated_at", "-id")


def profile_get(*, user: Any, reference: str) -> ProblemProfile:
    profile = (
        profiles_visible(user=user)
        .select_related("owner_partner", "owner_officer", "partnership", "area")
        .filter(reference=reference)
        .first()
    )
    if profile is None:
        raise NotFound("There is no problem profile with that reference in your partnerships.")
    return profile


def profiles_due_for_review(
    *, partnership: Partnership, since: dt.date, until: dt.date | None = None
) -> QuerySet[ProblemProfile]:
    """Open profiles of the partnership whose review date has come by `until` (default today).

    For the tasking agenda, which decides who reads it. `newly_due` marks those that fell due on or
    after `since` (the last meeting); the others were due before it and are still waiting.
    """
    until = until or timezone.localdate()
    return (
        ProblemProfile.objects.filter(partnership=partnership, stage__in=OPEN_STAGES, review_on__lte=until)
        .select_related("owner_partner", "owner_officer")
        .annotate(
            newly_due=ExpressionWrapper(
                Case(When(review_on__gte=since, then=Value(True)), default=Value(False)),
                output_field=BooleanField(),
            )
        )
        .order_by("review_on", "id")
    )


def profile_timeline(*, profile: ProblemProfile) -> QuerySet[ProfileEvent]:
    return profile.events.order_by("-at", "-id")


def profile_actions(*, profile: ProblemProfile) -> QuerySet[ResponseAction]:
    return profile.actions.select_related("intervention", "owner_partner", "owner_officer").order_by(
        "due_on", "id"
    )


@dataclass(frozen=True)
class Scanning:
    """The linked data summarised: the store's incidents in the target area and period, and links."""

    months: list[dt.date]
    categories: list[IncidentCategory]
    counts: list[list[int]]  # per month, in the order of `categories`
    month_totals: list[int]
    category_totals: list[int]
    total: int
    hours: list[int]  # incidents by hour of day, where the time is known
    weekdays: list[int]  # Monday first
    timed: int  # how many had a time (police.uk gives months only)
    reports: int
    cases: int
    patrols: int
    patrol_hours: float


def scanning_summary(*, profile: ProblemProfile) -> Scanning:
    months = month_range(profile.period_from, profile.period_to)
    target = area_to_bng(shapely.from_geojson(profile.boundary))
    points = incidents.points_in_box(
        partnership=profile.partnership,
        bounds_bng=target.bounds,
        months=months,
        categories=profile.categories,
        with_times=True,
    )
    inside = incidents.within(points, target)
    month_index = (points.month[inside] - np.datetime64(months[0], "M")).astype(np.int64)
    present = Counter(points.category_id[inside].tolist())
    categories = sorted(
        IncidentCategory.objects.filter(id__in=present), key=lambda c: (-present[c.id], c.name)
    )
    column = {c.id: i for i, c in enumerate(categories)}
    grid = np.zeros((len(months), len(categories)), dtype=np.int64)
    for m, c in zip(month_index.tolist(), points.category_id[inside].tolist(), strict=True):
        grid[m, column[c]] += 1
    hours, weekdays = [0] * 24, [0] * 7
    timed = 0
    for keep, at in zip(inside.tolist(), points.occurred_at, strict=True):
        if keep and at is not None:
            local = timezone.localtime(at)
            hours[local.hour] += 1
            weekdays[local.weekday()] += 1
            timed += 1
    done = profile.patrols.filter(status=PatrolStatus.DONE).values_list("starts_at", "ends_at")
    spans = [(end - start).total_seconds() / 3600 for start, end in done]
    return Scanning(
        months=months,
        categories=categories,
        counts=grid.tolist(),
        month_totals=grid.sum(axis=1).tolist(),
        category_totals=grid.sum(axis=0).tolist(),
        total=int(grid.sum()),
        hours=hours,
        weekdays=weekdays,
        timed=timed,
        reports=profile.reports.count(),
        cases=profile.cases.count(),
        patrols=len(spans),
        patrol_hours=sum(spans),
    )


# --- patrols ----------------------------------------------------------------------------------------------


def patrols_visible(*, user: Any) -> QuerySet[Patrol]:
    if not partner_policy.is_staff_member(user):
        return Patrol.objects.none()
    return Patrol.objects.visible_to(user)


def patrol_list(*, user: Any, when: str = "upcoming") -> QuerySet[Patrol]:
    patrols = patrols_visible(user=user).select_related("profile", "area").prefetch_related("organisations")
    now = timezone.now()
    if when == "upcoming":
        return patrols.filter(status=PatrolStatus.PLANNED).order_by("starts_at", "id")
    return patrols.filter(Q(starts_at__lt=now) | ~Q(status=PatrolStatus.PLANNED)).order_by(
        "-starts_at", "-id"
    )


def patrol_get(*, user: Any, patrol_id: int) -> Patrol:
    patrol = (
        patrols_visible(user=user)
        .select_related("profile", "area", "partnership", "logged_by", "created_by")
        .prefetch_related("organisations", "officers", "issues__report__category")
        .filter(id=patrol_id)
        .first()
    )
    if patrol is None:
        raise NotFound("There is no patrol at this address in your partnerships.")
    return patrol
