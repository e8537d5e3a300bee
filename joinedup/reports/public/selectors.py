"""Reads for the public pages: where people can report, the public list and "you said, we did".

Everything here builds on `joinedup.reports.selectors.public_reports`, so never-public categories and
duplicates are left out in one place, and nothing here ever reads who reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import orjson
import shapely
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from joinedup.core.errors import NotFound
from joinedup.partners.models import Partnership
from joinedup.places.models import Area, AreaKind
from joinedup.reports.models import OPEN_STATUSES, Category, Report, Status
from joinedup.reports.selectors import public_reports, you_said_we_did

# The public list and map show what is open, and what was dealt with this recently.
RECENTLY_RESOLVED_DAYS = 30


def partnerships_reporting() -> QuerySet[Partnership]:
    """Partnerships the public can report to: those with at least one public category."""
    public_category = Category.objects.filter(partnership=OuterRef("pk"), active=True, staff_only=False)
    return Partnership.objects.filter(Exists(public_category)).order_by("name")


def partnership_reporting_get(*, partnership_id: int | None) -> Partnership:
    partnership = partnerships_reporting().filter(id=partnership_id).first() if partnership_id else None
    if partnership is None:
        raise NotFound("There is no partnership taking reports at this address.")
    return partnership


def partnership_wards(*, partnership: Partnership) -> QuerySet[Area]:
    """The wards of the districts the partnership covers, by name."""
    return (
        Area.objects.filter(kind=AreaKind.WARD, parent__in=partnership.areas.filter(kind=AreaKind.DISTRICT))
        .defer("boundary")
        .order_by("name")
    )


def partnership_district_codes(*, partnership: Partnership) -> list[str]:
    return list(partnership.areas.filter(kind=AreaKind.DISTRICT).values_list("code", flat=True))


def partnership_bounds(*, partnership: Partnership) -> list[float] | None:
    """[min_lon, min_lat, max_lon, max_lat] around the partnership's districts, for a map's first view."""
    boxes = list(partnership.areas.values_list("min_lon", "min_lat", "max_lon", "max_lat"))
    if not boxes:
        return None
    return [
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    ]


def streets_find(*, partnership: Partnership, query: str, limit: int = 10) -> list[Any]:
    """Streets in the partnership's districts whose names match `query`, from the gazetteer."""
    from joinedup.places.gazetteer import street_search

    codes = partnership_district_codes(partnership=partnership)
    if not codes:
        return []
    return list(street_search(query=query, district_codes=codes, limit=limit))


def ward_names(*, codes: list[str]) -> dict[str, str]:
    return dict(Area.objects.filter(kind=AreaKind.WARD, code__in=set(codes)).values_list("code", "name"))


# --- the public list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicListFilters:
    partnership: Partnership
    category: str = ""  # a category code
    ward: str = ""  # a ward code


def public_report_list(*, filters: PublicListFilters, now: dt.datetime | None = None) -> QuerySet[Report]:
    """Open and recently resolved reports of a partnership, newest first, with only public fields."""
    now = now or timezone.now()
    reports = public_reports().filter(partnership=filters.partnership)
    reports = reports.filter(
        Q(status__in=OPEN_STATUSES)
        | Q(status=Status.RESOLVED, resolved_at__gte=now - dt.timedelta(days=RECENTLY_RESOLVED_DAYS))
    )
    if filters.category:
        reports = reports.filter(category__code=filters.category)
    if filters.ward:
        reports = reports.filter(ward_code=filters.ward)
    # Only what the list shows: never the reporter's fields, not even into memory.
    return (
        reports.select_related("category", "ward")
        .only(
            "reference",
            "status",
            "created_at",
            "resolved_at",
            "category__name",
            "category__sensitive",
            "ward__name",
        )
        .order_by("-created_at", "-id")
    )


def public_categories(*, partnership: Partnership) -> QuerySet[Category]:
    """The categories the public can see reports of (not staff-only, never never-public)."""
    return Category.objects.filter(
        partnership=partnership, active=True, staff_only=False, never_public=False
    ).select_related("group")


# --- "you said, we did" --------------------------------------------------------------------------------


def ward_figures(*, partnership: Partnership, since: dt.date) -> list[dict[str, Any]]:
    """Every ward of the partnership, with reports received, resolved and still open since `since`."""
    counted = {row["ward_code"]: row for row in you_said_we_did(partnership_id=partnership.id, since=since)}
    rows = []
    for code, name in partnership_wards(partnership=partnership).values_list("code", "name"):
        row = counted.get(code, {})
        rows.append(
            {
                "ward": name,
                "ward_code": code,
                "reported": row.get("reported", 0),
                "resolved": row.get("resolved", 0),
                "open": row.get("open", 0),
            }
        )
    return rows


def resolution_notes(*, partnership: Partnership, since: dt.date, limit: int = 5) -> list[dict[str, Any]]:
    """Recent public notes of what was done: from resolved reports in categories that are not sensitive.

    Only the category, ward and the note written for the public: never the reporter's own words.
    """
    rows = (
        public_reports()
        .filter(
            partnership=partnership,
            status=Status.RESOLVED,
            category__sensitive=False,
            resolved_at__date__gte=since,
        )
        .exclude(public_note="")
        .order_by("-resolved_at")
        .values_list("reference", "category__name", "ward__name", "public_note", "resolved_at")[:limit]
    )
    return [
        {
            "reference": reference,
            "category": category,
            "ward": ward or "",
            "note": note,
            "resolved": resolved_at,
        }
        for reference, category, ward, note, resolved_at in rows
    ]


# --- maps ----------------------------------------------------------------------------------------------

# About 50 m: outlines stay recognisable while a whole district fits in a few kilobytes.
OUTLINE_TOLERANCE_DEGREES = 0.0005


def partnership_outline(*, partnership: Partnership) -> str:
    """The partnership's districts as simplified GeoJSON text, small enough for a phone's map.

    Cached by the districts' last change, so a boundary import shows on the next page load.
    """
    stamps = list(
        partnership.areas.filter(kind=AreaKind.DISTRICT).order_by("id").values_list("id", "updated_at")
    )
    key = "reports-public-outline:" + hashlib.sha256(repr(stamps).encode()).hexdigest()[:32]
    cached = cache.get(key)
    if cached is not None:
        return cached
    features = []
    for name, boundary in partnership.areas.filter(kind=AreaKind.DISTRICT).values_list("name", "boundary"):
        geometry = shapely.simplify(
            shapely.from_geojson(boundary), OUTLINE_TOLERANCE_DEGREES, preserve_topology=True
        )
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name},
                "geometry": orjson.loads(shapely.to_geojson(geometry, indent=None)),
            }
        )
    outline = orjson.dumps({"type": "FeatureCollection", "features": features}).decode()
    cache.set(key, outline, timeout=24 * 60 * 60)
    return outline
