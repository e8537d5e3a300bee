"""The area data package page: choose an area (or a problem location) and period, get one zip."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from joinedup.core.errors import ApplicationError
from joinedup.core.forms import add_service_errors
from joinedup.partners.decorators import staff_required

from .. import packages
from ..models import IncidentCategory
from .hotspots import MonthField, area_choices, initial_values, study_area


class PackageForm(forms.Form):
    area = forms.TypedChoiceField(
        label="Ward, patch or district",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Or leave this and give a problem location below.",
    )
    latitude = forms.FloatField(label="Latitude", required=False, help_text="For example, 52.19213")
    longitude = forms.FloatField(label="Longitude", required=False, help_text="For example, -2.22107")
    radius = forms.IntegerField(
        label="Radius in metres",
        required=False,
        initial=300,
        help_text=f"Between {packages.MIN_RADIUS_M} and {packages.MAX_RADIUS_M:,}",
    )
    location_name = forms.CharField(
        label="Name of the location (optional)",
        required=False,
        max_length=120,
        help_text="For example, Lowesmoor shops",
    )
    month_from = MonthField(label="From month", help_text="For example, 2025-01")
    month_to = MonthField(label="To month", help_text="For example, 2025-12")
    categories = forms.MultipleChoiceField(
        label="Categories",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every category.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = cast(forms.ChoiceField, self.fields["area"])
        area.choices = [("", "Choose an area"), *area_choices(user)]
        cast(forms.ChoiceField, self.fields["categories"]).choices = list(
            IncidentCategory.objects.values_list("code", "name")
        )
        for name in ("latitude", "longitude", "radius"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        point = [data.get(name) for name in ("latitude", "longitude")]
        if data.get("area") is None and None in point:
            raise forms.ValidationError("Choose an area, or give a latitude and longitude.")
        if data.get("area") is not None and any(v is not None for v in point):
            raise forms.ValidationError("Choose an area or give a location, not both.")
        if data.get("area") is None and data.get("radius") is None:
            self.add_error("radius", "Enter a radius in metres")
        return data


@require_http_methods(["GET", "POST"])
@staff_required
def package_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        initial = initial_values(request.user) | {"area": None, "radius": 300}
        return render(
            request, "intelligence/package.html", {"form": PackageForm(user=request.user, initial=initial)}
        )
    form = PackageForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["area"] is not None:
                area_record, area = study_area(user=request.user, area_id=data["area"])
            else:
                area_record = None
                area = packages.point_area(
                    longitude=data["longitude"],
                    latitude=data["latitude"],
                    radius_m=data["radius"],
                    name=data["location_name"],
                )
            package = packages.package_build(
                by=request.user,
                area=area,
                month_from=data["month_from"],
                month_to=data["month_to"],
                categories=tuple(data["categories"]),
                area_record=area_record,
            )
        except ApplicationError as error:
            if error.status != 400:
                raise
            add_service_errors(form, error)
        else:
            response = HttpResponse(package.content, content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="{package.file_name}"'
            return response
    return render(request, "intelligence/package.html", {"form": form})
