"""Areas over the JSON API: the list, map layers as GeoJSON, and which areas contain a point."""

import orjson
from django.http import HttpResponse
from ninja import Router
from ninja.security import django_auth

from joinedup.core.errors import ApplicationError
from joinedup.partners import selectors as partner_selectors

from . import selectors
from .lookup import area_at_point
from .models import Area, AreaKind

router = Router(tags=["areas"], auth=django_auth)

GEOJSON = "application/geo+json"


def _json(payload) -> HttpResponse:
    return HttpResponse(orjson.dumps(payload), content_type="application/json")


def _areas(request, kind: str | None, partnership: str | None):
    if kind and kind not in AreaKind.values:
        raise ApplicationError(
            f"Unknown kind {kind!r}; use one of {', '.join(AreaKind.values)}.", field="kind"
        )
    chosen = None
    if partnership:
        chosen = partner_selectors.partnership_get(user=request.user, slug=partnership)
    return selectors.area_list(user=request.user, partnership=chosen, kind=kind)


@router.get("/", summary="Areas in your partnerships")
def area_list(request, kind: str | None = None, partnership: str | None = None):
    rows = _areas(request, kind, partnership).values(
        "id", "kind", "code", "name", "vintage", "parent__code", "min_lon", "min_lat", "max_lon", "max_lat"
    )
    return _json(
        [
            {
                "id": r["id"],
                "kind": r["kind"],
                "code": r["code"],
                "name": r["name"],
                "vintage": r["vintage"],
                "parent_code": r["parent__code"],
                "bbox": [r["min_lon"], r["min_lat"], r["max_lon"], r["max_lat"]],
            }
            for r in rows
        ]
    )


@router.get("/boundaries.geojson", summary="Area boundaries as a GeoJSON FeatureCollection")
def area_boundaries(request, kind: str | None = None, partnership: str | None = None):
    body = selectors.area_features(areas=_areas(request, kind, partnership))
    return HttpResponse(body, content_type=GEOJSON)


@router.get("/at", summary="The areas of each kind that contain a point (WGS84)")
def areas_at(request, lon: float, lat: float):
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ApplicationError("lon must be between -180 and 180 and lat between -90 and 90.", field="lon")
    found: dict[str, dict | None] = {}
    for kind in (AreaKind.DISTRICT, AreaKind.WARD, AreaKind.LSOA):
        area: Area | None = area_at_point(lon=lon, lat=lat, kind=kind)
        found[str(kind.value)] = (
            None if area is None else {"id": area.id, "code": area.code, "name": area.name}
        )
    return _json(found)


@router.get("/{area_id}/boundary.geojson", summary="One area's boundary as GeoJSON")
def area_boundary(request, area_id: int):
    area = selectors.area_get(user=request.user, area_id=area_id)
    return HttpResponse(selectors.area_features(areas=Area.objects.filter(id=area.id)), content_type=GEOJSON)
