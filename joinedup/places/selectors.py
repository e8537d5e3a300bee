"""Reads for areas. Official geography is shared; a custom patch is seen only by its partnership."""

from __future__ import annotations

from typing import Any

import orjson
from django.db.models import Q, QuerySet

from joinedup.core.errors import NotFound
from joinedup.partners import policy
from joinedup.partners.models import Partnership

from .models import Area, AreaKind, BestFitLookup


def _visible(user: Any) -> QuerySet[Area]:
    return Area.objects.filter(
        Q(partnership__isnull=True) | Q(partnership_id__in=policy.partnership_ids_for(user))
    )


def area_list(
    *, user: Any, partnership: Partnership | None = None, kind: str | None = None
) -> QuerySet[Area]:
    """Areas in the user's partnerships: their districts, what lies within them, and their patches."""
    partnerships = Partnership.objects.filter(id__in=policy.partnership_ids_for(user))
    if partnership is not None:
        partnerships = partnerships.filter(id=partnership.id)
    districts = Area.objects.filter(partnerships__in=partnerships).values("id")
    areas = _visible(user).filter(
        Q(id__in=districts) | Q(parent_id__in=districts) | Q(partnership__in=partnerships)
    )
    if kind:
        areas = areas.filter(kind=kind)
    return areas.select_related("parent", "partnership").defer("boundary").order_by("parent__name", "name")


def area_get(*, user: Any, area_id: int) -> Area:
    area = _visible(user).select_related("parent", "partnership").filter(id=area_id).first()
    if area is None:
        raise NotFound("There is no area at this address.")
    return area


def area_children(*, user: Any, area: Area, kind: str | None = None) -> QuerySet[Area]:
    children = _visible(user).filter(parent=area)
    if kind:
        children = children.filter(kind=kind)
    return children.order_by("name")


def ward_lsoas(*, ward: Area) -> list[dict[str, Any]]:
    """The LSOAs counted in a ward by the ONS best-fit lookup, with their loaded areas where we have them."""
    lookup = BestFitLookup.objects.filter(ward_code=ward.code).order_by("lsoa_name")
    rows: list[dict[str, Any]] = [dict(r) for r in lookup.values("lsoa_code", "lsoa_name", "edition")]
    loaded = dict(
        Area.objects.filter(kind=AreaKind.LSOA, code__in=[r["lsoa_code"] for r in rows]).values_list(
            "code", "id"
        )
    )
    for row in rows:
        row["area_id"] = loaded.get(row["lsoa_code"])
    return rows


def area_features(*, areas: QuerySet[Area]) -> bytes:
    """Areas as GeoJSON FeatureCollection bytes, splicing in the stored geometry text unparsed."""
    parts = []
    for area_id, code, name, kind, boundary in areas.values_list("id", "code", "name", "kind", "boundary"):
        props = orjson.dumps(
            {"id": area_id, "code": code, "name": name, "kind": kind, "url": f"/areas/{area_id}/"}
        )
        parts.append(b'{"type":"Feature","properties":' + props + b',"geometry":' + boundary.encode() + b"}")
    return b'{"type":"FeatureCollection","features":[' + b",".join(parts) + b"]}"


def area_map_layers(*, user: Any, area: Area) -> dict[str, str]:
    """GeoJSON for an area's map: the area itself, and what lies within it (children, or a ward's LSOAs)."""
    layers = {"focus": area_features(areas=Area.objects.filter(id=area.id)).decode()}
    within = area_children(user=user, area=area)
    if not within.exists() and area.kind == AreaKind.WARD:
        codes = BestFitLookup.objects.filter(ward_code=area.code).values("lsoa_code")
        within = _visible(user).filter(kind=AreaKind.LSOA, code__in=codes)
    if within.exists():
        layers["areas"] = area_features(areas=within).decode()
    return layers
