"""Area pages: the list of wards and patches, and one area with its map."""

from itertools import groupby

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.partners import selectors as partner_selectors
from joinedup.partners.decorators import staff_required

from . import selectors
from .models import AreaKind


def _map_settings() -> dict:
    return {"tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


@staff_required
def area_list(request: HttpRequest) -> HttpResponse:
    partnerships = partner_selectors.partnership_list(user=request.user)
    chosen = partnerships.filter(slug=request.GET.get("partnership", "")).first()
    areas = selectors.area_list(user=request.user, partnership=chosen)
    wards = [a for a in areas if a.kind == AreaKind.WARD]
    by_district = [(district, list(ws)) for district, ws in groupby(wards, key=lambda a: a.parent)]
    return render(
        request,
        "places/area_list.html",
        {
            "partnerships": partnerships,
            "chosen": chosen,
            "by_district": by_district,
            "patches": [a for a in areas if a.kind == AreaKind.PATCH],
            "districts": [a for a in areas if a.kind == AreaKind.DISTRICT],
            "ward_count": len(wards),
            "map_layers": {"areas": selectors.area_features(areas=areas.filter(kind=AreaKind.WARD)).decode()},
            "map_settings": _map_settings(),
        },
    )


@staff_required
def area_detail(request: HttpRequest, area_id: int) -> HttpResponse:
    area = selectors.area_get(user=request.user, area_id=area_id)
    return render(
        request,
        "places/area_detail.html",
        {
            "area": area,
            "children": selectors.area_children(user=request.user, area=area),
            "lsoas": selectors.ward_lsoas(ward=area) if area.kind == AreaKind.WARD else [],
            "map_layers": selectors.area_map_layers(user=request.user, area=area),
            "map_settings": _map_settings(),
        },
    )
