"""The public page of Public Spaces Protection Orders in force, with a map (SI 2014/2591 requires councils
to publish them). Only what the order itself says: no consultation, enforcement or staff detail."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from joinedup.places.models import Area, AreaKind
from joinedup.places.selectors import area_features

from .. import registers_selectors as selectors


def pspo_public(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    pspos = list(selectors.pspos_public(on=today))
    partnerships = sorted({p.partnership for p in pspos}, key=lambda p: p.name)
    wards = Area.objects.filter(kind=AreaKind.WARD, parent__partnerships__in=partnerships).distinct()
    return render(
        request,
        "plan/registers/pspo_public.html",
        {
            "groups": [
                (
                    partnership,
                    [
                        (p, selectors.penalty_on(p, today), p.terms_on(today))
                        for p in pspos
                        if p.partnership_id == partnership.id
                    ],
                )
                for partnership in partnerships
            ],
            "today": today,
            "discharged": selectors.pspos_discharged_recently(on=today),
            "map_layers": {
                "wards": area_features(areas=wards).decode(),
                "orders": selectors.pspo_features(pspos).decode(),
            },
            "map_settings": {"tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
        },
    )
