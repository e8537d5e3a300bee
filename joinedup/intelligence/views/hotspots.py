"""The hotspot page, its GeoJSON and its map images: one GET form, so every answer is bookmarkable."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import orjson
import shapely
from django import forms
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from joinedup.core.errors import ApplicationError, NotFound
from joinedup.core.forms import add_service_errors
from joinedup.partners.decorators import staff_required
from joinedup.places import selectors as place_selectors
from joinedup.places.models import Area, AreaKind

from .. import hotspots, maps
from ..harm_weights import harm_weights
from ..models import Incident, IncidentCategory


class MonthField(forms.Field):
    """A month written YYYY-MM (e.g. 2025-06), as the first day of that month."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> dt.date | None:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            year, month = text.split("-")
            if len(year) != 4:
                raise ValueError(text)
            return dt.date(int(year), int(month), 1)
        except ValueError:
            raise forms.ValidationError(
                f"{self.label} must be a month written as year and month, like 2025-06"
            ) from None


def area_choices(user: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    areas = place_selectors.area_list(user=user).filter(
        kind__in=(AreaKind.DISTRICT, AreaKind.WARD, AreaKind.PATCH)
    )
    groups: dict[str, list[tuple[int, str]]] = {"District": [], "Ward": [], "Patch": []}
    for area in areas:
        label = (
            f"{area.name} ({area.parent.name})" if area.kind == AreaKind.WARD and area.parent else area.name
        )
        groups[area.kind.capitalize()].append((area.id, label))
    names = {"District": "Districts", "Ward": "Wards", "Patch": "Patches"}
    return [(names[kind], sorted(options, key=lambda o: o[1])) for kind, options in groups.items() if options]


class HotspotForm(forms.Form):
    area = forms.TypedChoiceField(label="Area", coerce=int)
    month_from = MonthField(label="From month", help_text="For example, 2025-01")
    month_to = MonthField(label="To month", help_text="For example, 2025-12")
    categories = forms.MultipleChoiceField(
        label="Categories",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every category.",
    )
    weighting = forms.ChoiceField(
        label="Measure",
        choices=[
            ("count", "Count of incidents"),
            ("harm", "Harm-weighted (each incident weighted by its category)"),
        ],
        initial="count",
        widget=forms.RadioSelect,
    )
    cell_size = forms.IntegerField(
        label="Cell size in metres",
        initial=150,
        help_text=f"Between {hotspots.MIN_CELL_SIZE_M} and {hotspots.MAX_CELL_SIZE_M}",
    )
    bandwidth = forms.IntegerField(
        label="Density bandwidth in metres",
        initial=400,
        help_text="How far each incident spreads in the kernel density (quartic kernel)",
    )
    distance_band = forms.IntegerField(
        label="Hot spot distance band in metres",
        initial=300,
        help_text="Cells whose centres lie this close are neighbours in the Gi* statistic",
    )
    pai_cells = forms.ChoiceField(
        label="Test these cells against a later period (PAI)",
        required=False,
        choices=[("", "Do not test"), *hotspots.PAI_CHOICES.items()],
    )
    pai_from = MonthField(label="Later period from month", required=False)
    pai_to = MonthField(label="Later period to month", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = area_choices(user)
        cast(forms.ChoiceField, self.fields["categories"]).choices = list(
            IncidentCategory.objects.values_list("code", "name")
        )
        for name in ("cell_size", "bandwidth", "distance_band"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})

    def clean_categories(self) -> tuple[str, ...]:
        return tuple(self.cleaned_data["categories"])


def latest_month() -> dt.date:
    found = Incident.objects.filter(partnership__isnull=True).aggregate(latest=Max("month"))["latest"]
    return found or timezone.localdate().replace(day=1)


def initial_values(user: Any) -> dict[str, Any]:
    last = latest_month()
    first = (last.replace(year=last.year - 1) + dt.timedelta(days=32)).replace(day=1)
    choices = area_choices(user)
    return {
        "month_from": f"{first:%Y-%m}",
        "month_to": f"{last:%Y-%m}",
        "area": choices[0][1][0][0] if choices else None,
    }


def study_area(*, user: Any, area_id: int) -> tuple[Area, hotspots.StudyArea]:
    area = place_selectors.area_get(user=user, area_id=area_id)
    return area, hotspots.StudyArea(name=area.name, boundary=shapely.from_geojson(area.boundary))


def analyse(request: HttpRequest) -> tuple[HotspotForm, Area | None, hotspots.HotspotResult | None]:
    """The form bound to the query string, and the analysis when the query is complete and valid."""
    if "area" not in request.GET:
        return (
            HotspotForm(user=request.user, initial=initial_values(request.user)),
            None,
            None,
        )
    form = HotspotForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    area, study = study_area(user=request.user, area_id=data["area"])
    query = hotspots.HotspotQuery(
        area=study,
        month_from=data["month_from"],
        month_to=data["month_to"],
        categories=data["categories"],
        cell_size_m=data["cell_size"],
        bandwidth_m=data["bandwidth"],
        distance_band_m=data["distance_band"],
        harm_weights=harm_weights() if data["weighting"] == "harm" else None,
        pai_cells=data["pai_cells"],
        pai_from=data["pai_from"],
        pai_to=data["pai_to"],
    )
    try:
        return form, area, hotspots.hotspot_analysis(user=request.user, query=query)
    except NotFound:
        raise
    except ApplicationError as error:
        add_service_errors(form, error)
        return form, area, None


@require_GET
@staff_required
def hotspot_page(request: HttpRequest) -> HttpResponse:
    form, area, result = analyse(request)
    context: dict[str, Any] = {
        "form": form,
        "area": area,
        "result": result,
    }
    if result is not None:
        context |= {
            "query_string": request.GET.urlencode(),
            "map_layers": {
                "cells": orjson.dumps(result.features(occupied_only=True)).decode(),
                "focus": place_selectors.area_features(areas=Area.objects.filter(id=area.id)).decode()
                if area
                else "",
            },
            "map_settings": {"tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
            "legend": sorted(hotspots.gistar.CONFIDENCE_LABELS.items(), reverse=True),
        }
    return render(request, "intelligence/hotspots.html", context)


def _result_or_error(request: HttpRequest) -> hotspots.HotspotResult:
    form, _, result = analyse(request)
    if result is None:
        errors = [str(e) for errors in form.errors.values() for e in errors] or ["Choose an area and period."]
        raise ApplicationError(" ".join(errors))
    return result


def _file_name(result: hotspots.HotspotResult, extension: str) -> str:
    query = result.query
    slug = "".join(c if c.isalnum() else "-" for c in query.area.name.lower()).strip("-")
    return f"hotspots-{slug}-{query.month_from:%Y-%m}-to-{query.month_to:%Y-%m}.{extension}"


@require_GET
@staff_required
def hotspot_geojson(request: HttpRequest) -> HttpResponse:
    result = _result_or_error(request)
    response = HttpResponse(orjson.dumps(result.features()), content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(result, "geojson")}"'
    return response


@require_GET
@staff_required
def hotspot_map(request: HttpRequest, image_format: str) -> HttpResponse:
    if image_format not in maps.FORMATS:
        raise NotFound("There is no map in that format: choose PNG or SVG.")
    style = request.GET.get("style", "class")
    if style not in maps.STYLES:
        raise ApplicationError("Draw the map by class or by density.")
    result = _result_or_error(request)
    response = HttpResponse(
        maps.map_image(result, image_format=image_format, style=style),
        content_type=maps.FORMATS[image_format],
    )
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{_file_name(result, image_format)}"'
    return response
