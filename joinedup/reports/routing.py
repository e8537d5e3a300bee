"""Routing: which partner is best placed to deal with a report of this category, here, now.

Rules match on category, area and time window; blank means any. The most specific matching rule
wins: a category counts most, then an area (a small custom patch over the ward it sits in), then a
time window. No match means the coordinator's triage queue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from joinedup.places.models import Area, AreaKind

from .clock import LONDON
from .models import Category, RoutingRule

# A patch is drawn for a purpose (the night-time economy), so it outranks the ward beneath it.
_AREA_WEIGHT = {AreaKind.PATCH: 3, AreaKind.LSOA: 3, AreaKind.WARD: 2, AreaKind.DISTRICT: 1}


def in_window(rule: RoutingRule, when: dt.datetime) -> bool:
    local = when.astimezone(LONDON)
    if rule.starts_at is None or rule.ends_at is None:
        return not rule.days or local.isoweekday() in rule.days
    start, end, now = rule.starts_at, rule.ends_at, local.time()
    if start <= end:
        inside, day = start <= now < end, local
    else:  # crosses midnight: Friday 22:00 to 04:00 includes Saturday 01:00, counted as Friday night
        inside = now >= start or now < end
        day = local if now >= start else local - dt.timedelta(days=1)
    return inside and (not rule.days or day.isoweekday() in rule.days)


def specificity(rule: RoutingRule) -> tuple[int, int, int]:
    area = _AREA_WEIGHT.get(AreaKind(rule.area.kind), 1) if rule.area is not None else 0
    window = (1 if rule.starts_at is not None else 0) + (1 if rule.days else 0)
    return (1 if rule.category_id else 0, area, window)


@dataclass
class RouteDecision:
    rule: RoutingRule | None

    @property
    def to_triage(self) -> bool:
        return self.rule is None


def route_for(
    *,
    category: Category,
    areas: Iterable[Area],
    when: dt.datetime,
    rules: Iterable[RoutingRule] | None = None,
) -> RouteDecision:
    """The winning rule for a report of `category` in `areas` (those containing the point) at `when`."""
    area_ids = [a.id for a in areas]
    if rules is None:
        rules = (
            RoutingRule.objects.filter(partnership_id=category.partnership_id, active=True)
            .filter(Q(category=category) | Q(category__isnull=True))
            .filter(Q(area__isnull=True) | Q(area_id__in=area_ids))
            .select_related("area", "service_target", "lead_partner")
            .prefetch_related("supporting_partners")
        )
    matching = [r for r in rules if in_window(r, when) and (r.area_id is None or r.area_id in area_ids)]
    if not matching:
        return RouteDecision(None)
    # Ties go to the oldest rule, so adding a rule never silently changes who gets existing work.
    best = max(matching, key=lambda r: (specificity(r), -r.id))
    return RouteDecision(best)
