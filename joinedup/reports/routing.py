"""Routing: which partner is best placed to deal with a report of this category, here, now.

Rules match on category, area and time window; blank means any. The most specific matching rule
wins: a category counts most, then an area (a small custom patch over the ward it sits in), then a
time window. No match means the coordinator's triage queue.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import shapely
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from joinedup.core.freshness import stamp, touch
from joinedup.partners.models import Partnership
from joinedup.places.lookup import AREAS_STAMP, AreaIndex, area_ids_in, official_indexes
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
    matching = [
        r
        for r in rules
        if r.category_id in (None, category.id)
        and (r.area_id is None or r.area_id in area_ids)
        and in_window(r, when)
    ]
    if not matching:
        return RouteDecision(None)
    # Ties go to the oldest rule, so adding a rule never silently changes who gets existing work.
    best = max(matching, key=lambda r: (specificity(r), -r.id))
    return RouteDecision(best)


# --- the routing table: what every report needs, held by each process ---------------------------------

ROUTING_STAMP = "reports.routing"
_OFFICIAL_KINDS = (AreaKind.DISTRICT, AreaKind.WARD, AreaKind.LSOA)
_AREAS_HELD = 4096  # official areas remembered per table (a county's wards and LSOAs)


@dataclass
class RoutingTable:
    """One partnership's categories, rules, districts, patches and area indexes, as one snapshot.

    Submitting a report reads all of these; held in memory they cost no query. The table is
    rebuilt when the routing stamp changes: any saved change to categories, service targets,
    rules, partners, partnerships or areas touches it (see `_changed`).
    """

    stamp: str
    categories: dict[str, Category]
    rules: list[RoutingRule]
    district_ids: frozenset[int]
    indexes: dict[str, list[AreaIndex]]
    patches: list[tuple[Area, Any]]
    areas: dict[int, Area] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def area_ids_at(self, lon: float, lat: float) -> dict[str, int | None]:
        return area_ids_in(self.indexes, lon=lon, lat=lat)

    def patches_at(self, lon: float, lat: float) -> list[Area]:
        return [area for area, shape in self.patches if shapely.intersects_xy(shape, lon, lat)]

    def areas_by_id(self, ids: Iterable[int]) -> dict[int, Area]:
        """Official areas (without boundaries) by id; the first sight of each costs one query."""
        ids = list(ids)
        with self.lock:
            missing = [i for i in ids if i not in self.areas]
        if missing:
            loaded = Area.objects.defer("boundary").in_bulk(missing)
            with self.lock:
                if len(self.areas) + len(loaded) > _AREAS_HELD:
                    self.areas.clear()
                self.areas.update(loaded)
        with self.lock:
            return {i: self.areas[i] for i in ids if i in self.areas}


_tables: dict[int, RoutingTable] = {}
_tables_lock = threading.Lock()


def routing_table(partnership: Partnership) -> RoutingTable:
    """The partnership's routing table, rebuilt only when something it holds has changed."""
    current = stamp(ROUTING_STAMP) + stamp(AREAS_STAMP)
    with _tables_lock:
        table = _tables.get(partnership.id)
    if table is not None and table.stamp == current:
        return table
    rules = list(
        RoutingRule.objects.filter(partnership_id=partnership.id, active=True)
        .select_related("area", "service_target", "lead_partner")
        .prefetch_related("supporting_partners")
    )
    patches = [
        (patch, shapely.from_geojson(patch.boundary))
        for patch in Area.objects.filter(kind=AreaKind.PATCH, partnership_id=partnership.id)
    ]
    for _, shape in patches:
        shapely.prepare(shape)
    table = RoutingTable(
        stamp=current,
        categories={c.code: c for c in Category.objects.filter(partnership_id=partnership.id, active=True)},
        rules=rules,
        district_ids=frozenset(partnership.areas.filter(kind=AreaKind.DISTRICT).values_list("id", flat=True)),
        indexes=official_indexes(kinds=_OFFICIAL_KINDS),
        patches=patches,
    )
    with _tables_lock:
        _tables[partnership.id] = table
    return table


def routing_tables_forget() -> None:
    with _tables_lock:
        _tables.clear()


def _changed(sender: Any, **kwargs: Any) -> None:
    touch(ROUTING_STAMP)


def connect_signals() -> None:
    """Any saved change that a routing table holds makes every process rebuild its tables."""
    from joinedup.partners.models import Organisation

    from .models import ServiceTarget

    for model in (Category, ServiceTarget, RoutingRule, Organisation, Partnership, Area):
        post_save.connect(_changed, sender=model, dispatch_uid=f"routing-{model.__name__}-saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"routing-{model.__name__}-deleted")
    for through in (RoutingRule.supporting_partners.through, Partnership.areas.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"routing-{through.__name__}-changed")
