"""Where a problem profile starts from: a hotspot or area, a repeat location, a set of reports or a case.

Each turns its source into the profile's target area (WGS84 lon/lat) and what to link, then starts
the profile through `profiles.profile_create`. Sources are read through their own apps' selectors,
so a user links only reports they can see and cases they can open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import shapely
from django.template.defaultfilters import pluralize
from shapely.geometry.base import BaseGeometry

from joinedup.cases import selectors as case_selectors
from joinedup.core.errors import ApplicationError, NotFound
from joinedup.intelligence import hotspots
from joinedup.intelligence.analysis.grid import area_to_bng, bng_to_lonlat, lonlat_to_bng
from joinedup.intelligence.packages import point_area
from joinedup.partners.models import Partnership
from joinedup.places.models import Area
from joinedup.reports.selectors import report_get

from ..models import ProblemProfile, ProfileSource
from .profiles import profile_create

DEFAULT_RADIUS_M = 150
HOTSPOT_CELLS = {"whole": "The whole area", **hotspots.PAI_CHOICES}


def to_lonlat(geometry_bng: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry_bng, lambda xy: np.column_stack(bng_to_lonlat(xy[:, 0], xy[:, 1])))


def _points_area(longitude: list[float], latitude: list[float], radius_m: float) -> BaseGeometry:
    easting, northing = lonlat_to_bng(longitude, latitude)
    circles = [
        shapely.Point(x, y).buffer(radius_m, quad_segs=16) for x, y in zip(easting, northing, strict=True)
    ]
    return to_lonlat(shapely.union_all(circles))


def hotspot_target(
    *,
    by: Any,
    area: Area,
    month_from: dt.date,
    month_to: dt.date,
    categories: tuple[str, ...],
    cells: str,
    cell_size_m: int = 150,
) -> tuple[BaseGeometry, str]:
    """The chosen hotspot cells of an area (union of their squares), or the whole area."""
    boundary = shapely.from_geojson(area.boundary)
    period = f"{month_from:%b %Y} to {month_to:%b %Y}"
    if cells == "whole":
        return boundary, f"{area.name}, {period}"
    if cells not in hotspots.PAI_CHOICES:
        raise ApplicationError("Choose which hotspot cells make the problem's place", field="cells")
    query = hotspots.HotspotQuery(
        area=hotspots.StudyArea(name=area.name, boundary=boundary),
        month_from=month_from,
        month_to=month_to,
        categories=categories,
        cell_size_m=cell_size_m,
    )
    result = hotspots.hotspot_analysis(user=by, query=query)
    chosen = hotspots.chosen_cells(result, cells).ravel()
    if not chosen.any():
        raise ApplicationError(
            f"No cells of {area.name} are {HOTSPOT_CELLS[cells].lower()} in {period}: choose other cells, "
            "a longer period or the whole area.",
            field="cells",
        )
    squares = result.grid.cell_boxes()[chosen]
    target = to_lonlat(shapely.union_all(squares).intersection(area_to_bng(boundary)))
    return target, f"{HOTSPOT_CELLS[cells]} of {area.name} ({cell_size_m} m cells), {period}"


def create_from_hotspot(
    *, by: Any, partnership: Partnership, area: Area, cells: str, cell_size_m: int = 150, **common: Any
) -> ProblemProfile:
    target, note = hotspot_target(
        by=by,
        area=area,
        month_from=common["period_from"],
        month_to=common["period_to"],
        categories=tuple(common.get("categories", ())),
        cells=cells,
        cell_size_m=cell_size_m,
    )
    return profile_create(
        by=by,
        partnership=partnership,
        source=ProfileSource.HOTSPOT,
        target=target,
        source_note=note,
        area=area,
        **common,
    )


def create_from_location(
    *,
    by: Any,
    partnership: Partnership,
    longitude: float,
    latitude: float,
    radius_m: float = DEFAULT_RADIUS_M,
    location_name: str = "",
    **common: Any,
) -> ProblemProfile:
    study = point_area(longitude=longitude, latitude=latitude, radius_m=radius_m, name=location_name)
    return profile_create(
        by=by,
        partnership=partnership,
        source=ProfileSource.LOCATION,
        target=study.boundary,
        source_note=f"{radius_m:g} m around {location_name or 'the location'}",
        longitude=longitude,
        latitude=latitude,
        location_name=location_name,
        **common,
    )


def _references(text: str) -> list[str]:
    return list(dict.fromkeys(r.strip().upper() for r in text.replace(",", " ").split() if r.strip()))


def create_from_reports(
    *, by: Any, partnership: Partnership, references: str, radius_m: float = DEFAULT_RADIUS_M, **common: Any
) -> ProblemProfile:
    """Reports the actor can see, of the partnership; the place is round their points (else their wards)."""
    wanted = _references(references)
    if not wanted:
        raise ApplicationError("Enter the references of the reports", field="references")
    reports = []
    for reference in wanted:
        try:
            report = report_get(user=by, reference=reference)
        except NotFound:
            raise ApplicationError(
                f"There is no report {reference} in your partnerships", field="references"
            ) from None
        if report.partnership_id != partnership.id:
            raise ApplicationError(f"{reference} belongs to another partnership.", field="references")
        reports.append(report)
    located = [
        (r.longitude, r.latitude) for r in reports if r.longitude is not None and r.latitude is not None
    ]
    if located:
        target = _points_area([p[0] for p in located], [p[1] for p in located], radius_m)
    else:
        wards = [shapely.from_geojson(r.ward.boundary) for r in reports if r.ward is not None]
        if not wards:
            raise ApplicationError("None of these reports has a location or a ward.", field="references")
        target = shapely.union_all(wards)
    linked = [r.reference for r in reports]
    return profile_create(
        by=by,
        partnership=partnership,
        source=ProfileSource.REPORTS,
        target=target,
        source_note=f"{len(reports)} report{pluralize(len(reports))}: {', '.join(linked)}",
        reports=reports,
        **common,
    )


def create_from_case(
    *,
    by: Any,
    partnership: Partnership,
    case_reference: str,
    radius_m: float = DEFAULT_RADIUS_M,
    **common: Any,
) -> ProblemProfile:
    """A case the actor may open in full (a locked or restricted one cannot be linked)."""
    reference = case_reference.strip().upper()
    case = (
        case_selectors.cases_open_to(by).filter(reference=reference).select_related("area").first()
        if by
        else None
    )
    if case is None:
        raise ApplicationError(
            f"You cannot open a case {reference}, so it cannot be linked: check the reference, or ask its "
            "lead partner for access.",
            field="case_reference",
        )
    if case.partnership_id != partnership.id:
        raise ApplicationError(f"{reference} belongs to another partnership.", field="case_reference")
    if case.longitude is not None and case.latitude is not None:
        target = _points_area([case.longitude], [case.latitude], radius_m)
    elif case.area is not None:
        target = shapely.from_geojson(case.area.boundary)
    else:
        raise ApplicationError(f"{reference} has no location or area recorded.", field="case_reference")
    return profile_create(
        by=by,
        partnership=partnership,
        source=ProfileSource.CASE,
        target=target,
        source_note=f"Case {case.reference}",
        cases=[case],
        **common,
    )
