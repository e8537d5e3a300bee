"""The community asset map: a Leaflet map over a table that is the real content, filters, an asset's
page, adding and changing assets, and a CSV export."""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.core.errors import ApplicationError
from joinedup.core.forms import add_service_errors
from joinedup.core.spreadsheets import spreadsheet_safe
from joinedup.reports.public.selectors import partnership_bounds

from .. import engagement_forms as forms
from .. import engagement_policy as policy
from .. import engagement_selectors as selectors
from ..models import CommunityAsset
from ..services import assets as asset_services
from .engagement import engagement_page

CSV_HEADINGS = [
    "Name",
    "Kind",
    "Category",
    "Safe Place",
    "What it can offer",
    "Opening hours",
    "Address",
    "Ward",
    "Latitude",
    "Longitude",
    "Contact name",
    "Contact email",
    "Contact phone",
    "Partnership",
]


def _filters(request: HttpRequest) -> tuple[forms.AssetFilterForm, selectors.AssetFilters]:
    user: Any = request.user
    form = forms.AssetFilterForm(
        request.GET or None,
        categories=selectors.asset_categories(user=user),
        wards=selectors.asset_wards(user=user),
    )
    if not form.is_valid():
        return form, selectors.AssetFilters()
    data = form.cleaned_data
    return form, selectors.AssetFilters(
        kind=data["kind"],
        category=data["category"],
        safe_place=data["safe_place"],
        ward=data["ward"].id if data["ward"] else None,
    )


@engagement_page
def asset_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    assets = selectors.asset_list(user=request.user, filters=filters)
    partnerships = list(selectors.asset_partnerships(user=request.user))
    return render(
        request,
        "problems/asset_list.html",
        {
            "form": form,
            "assets": assets,
            "filtered": bool(filters.as_dict()),
            "query": request.GET.urlencode(),
            "partnerships": partnerships,
            "map_settings": {
                "features": selectors.asset_features(
                    assets=assets, url_for=lambda i: reverse("problems:asset", args=[i])
                ),
                "bounds": partnership_bounds(partnership=partnerships[0]) if len(partnerships) == 1 else None,
                "tiles": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
            },
        },
    )


@engagement_page
def asset_detail(request: HttpRequest, asset_id: int) -> HttpResponse:
    asset = selectors.asset_get(user=request.user, asset_id=asset_id)
    sees_contact = policy.sees_asset_contact(request.user, asset)
    if sees_contact:
        asset_services.asset_contact_viewed(by=request.user, asset=asset)
    return render(
        request,
        "problems/asset_detail.html",
        {
            "asset": asset,
            "sees_contact": sees_contact,
            "contact_withheld": asset.has_contact and not sees_contact,
            "can_change": policy.maps_assets_in(request.user, asset.partnership_id),
        },
    )


def _asset_form(request: HttpRequest, asset: CommunityAsset | None) -> forms.AssetForm:
    partnerships = selectors.asset_partnerships(user=request.user)
    initial: dict[str, Any] = {"partnership": partnerships.first()}
    if asset is not None:
        partnerships = partnerships.filter(id=asset.partnership_id)
        initial = {name: getattr(asset, name) for name in forms.AssetForm.base_fields if hasattr(asset, name)}
        initial |= {
            "partnership": asset.partnership_id,
            "safe_place": "yes" if asset.safe_place else "no",
            "capabilities": ", ".join(asset.capabilities),
        }
        if not policy.sees_asset_contact(request.user, asset):
            # Someone who may not see the contact details may not replace them either.
            for name in (
                "contact_name",
                "contact_email",
                "contact_phone",
                "consent_given_by",
                "consent_on",
                "consent_sharing",
            ):
                initial.pop(name, None)
    return forms.AssetForm(request.POST or None, partnerships=partnerships, initial=initial)


def _save(request: HttpRequest, form: forms.AssetForm, asset: CommunityAsset | None) -> CommunityAsset | None:
    values = form.service_values()
    if asset is not None and not policy.sees_asset_contact(request.user, asset) and asset.has_contact:
        for name in (
            "contact_name",
            "contact_email",
            "contact_phone",
            "consent_given_by",
            "consent_on",
            "consent_sharing",
        ):
            values[name] = getattr(asset, name)
    try:
        return asset_services.asset_save(
            by=request.user,
            partnership=form.cleaned_data["partnership"],
            asset=asset,
            point=form.point(),
            **values,
        )
    except ApplicationError as error:
        if error.status != 400:
            raise
        add_service_errors(form, error)
        return None


def _asset_page(request: HttpRequest, asset: CommunityAsset | None) -> HttpResponse:
    if asset is None and not selectors.asset_partnerships(user=request.user).exists():
        raise PermissionDenied("You are not in a partnership or programme whose assets you can map.")
    form = _asset_form(request, asset)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, asset)
        if saved is not None:
            messages.success(request, "Asset saved")
            return redirect("problems:asset", asset_id=saved.id)
    hides_contact = (
        asset is not None and asset.has_contact and not policy.sees_asset_contact(request.user, asset)
    )
    if asset is not None and asset.has_contact and not hides_contact and request.method == "GET":
        asset_services.asset_contact_viewed(by=request.user, asset=asset)  # the form shows them

    return render(
        request,
        "problems/asset_form.html",
        {
            "form": form,
            "asset": asset,
            "hides_contact": hides_contact,
            "page_has_errors": bool(form.errors),
            "map_settings": {
                "bounds": partnership_bounds(partnership=asset.partnership) if asset else None,
                "tiles": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
            },
        },
    )


@engagement_page
def asset_new(request: HttpRequest) -> HttpResponse:
    return _asset_page(request, None)


@engagement_page
def asset_edit(request: HttpRequest, asset_id: int) -> HttpResponse:
    asset = selectors.asset_get(user=request.user, asset_id=asset_id)
    if not policy.maps_assets_in(request.user, asset.partnership_id):
        raise PermissionDenied("You cannot change this asset.")
    return _asset_page(request, asset)


@engagement_page
@require_POST
def asset_remove(request: HttpRequest, asset_id: int) -> HttpResponse:
    asset = selectors.asset_get(user=request.user, asset_id=asset_id)
    asset_services.asset_remove(by=request.user, asset=asset)
    messages.success(request, f"{asset.name} removed from the asset map")
    return redirect("problems:assets")


@engagement_page
def asset_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV. Contact details only where the contact agreed to shared lists."""
    _, filters = _filters(request)
    assets = list(selectors.asset_list(user=request.user, filters=filters))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="community-assets.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADINGS)
    for asset in assets:
        shared = policy.exports_contact(asset)
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in (
                    asset.name,
                    asset.get_kind_display(),
                    asset.category,
                    "Yes" if asset.safe_place else "No",
                    "; ".join(asset.capabilities),
                    asset.opening_hours,
                    asset.address,
                    asset.ward.name if asset.ward else "",
                    f"{asset.latitude:.6f}",
                    f"{asset.longitude:.6f}",
                    asset.contact_name if shared else "",
                    asset.contact_email if shared else "",
                    asset.contact_phone if shared else "",
                    asset.partnership.name,
                )
            ]
        )
    for partnership in {a.partnership for a in assets} or set(
        selectors.asset_partnerships(user=request.user)[:1]
    ):
        asset_services.assets_exported(
            by=request.user,
            partnership=partnership,
            rows=sum(a.partnership_id == partnership.id for a in assets),
            contacts=sum(policy.exports_contact(a) for a in assets if a.partnership_id == partnership.id),
            filters=filters.as_dict(),
        )
    return response
