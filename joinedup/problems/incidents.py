"""The incidents a problem profile is measured by: the partnership's view of the store, inside a place.

That view is open police.uk data plus the partnership's own partner data and reports, leaving out
restricted rows (e.g. hate incidents): an assessment is kept and read by everyone in the
partnership, so it must not depend on who pressed the button.

Reads go by ward and month, which the store's counting indexes are built on (`Incident.Meta`): the
wards whose boxes touch the place, each month asked for by value, so PostgreSQL descends the index
once per ward and month rather than scanning the months between. Points are then tested against
the exact shapes with Shapely, as columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import shapely
from django.db.models import Count, Q
from shapely.geometry.base import BaseGeometry

from joinedup.intelligence.analysis.grid import bng_to_lonlat
from joinedup.intelligence.hotspots import category_ids
from joinedup.intelligence.models import Incident
from joinedup.partners.models import Partnership
from joinedup.places.models import Area, AreaKind


@dataclass(frozen=True)
class Points:
    easting: np.ndarray
    northing: np.ndarray
    month: np.ndarray  # datetime64[M]
    category_id: np.ndarray
    occurred_at: list[dt.datetime | None]
    area_id: np.ndarray | None = None  # the ward or district the store placed each in, when asked for


def wards_touching(bounds_bng: tuple[float, float, float, float]) -> list[int]:
    """Ids of wards (any vintage) whose bounding box meets a box in British National Grid metres."""
    west, south, east, north = bounds_bng
    lon, lat = bng_to_lonlat([west, east, west, east], [south, south, north, north])
    return list(
        Area.objects.filter(
            kind=AreaKind.WARD,
            min_lon__lte=float(lon.max()),
            max_lon__gte=float(lon.min()),
            min_lat__lte=float(lat.max()),
            max_lat__gte=float(lat.min()),
        ).values_list("id", flat=True)
    )


def points_in_box(
    *,
    partnership: Partnership,
    bounds_bng: tuple[float, float, float, float],
    months: list[dt.date],
    categories: list[str] | tuple[str, ...] = (),
    with_times: bool = False,
    area_field: str = "",
) -> Points:
    """Located incidents in the months, inside the box (test shapes after, with `within`)."""
    west, south, east, north = bounds_bng
    wanted = Q(
        month__in=months,
        ward_id__in=wards_touching(bounds_bng),
        easting__gte=west,
        easting__lte=east,
        northing__gte=south,
        northing__lte=north,
    )
    ids = category_ids(tuple(categories))
    if ids is not None:
        wanted &= Q(category_id__in=ids)
    fields = ["easting", "northing", "month", "category_id"] + (["occurred_at"] if with_times else [])
    if area_field:
        fields.append(area_field)
    rows: list[tuple] = []
    for part in (
        Incident.objects.filter(wanted, partnership__isnull=True),
        Incident.objects.filter(wanted, partnership=partnership, restricted=False),
    ):
        rows.extend(part.order_by().values_list(*fields))
    if not rows:
        return Points(
            easting=np.zeros(0),
            northing=np.zeros(0),
            month=np.zeros(0, dtype="datetime64[M]"),
            category_id=np.zeros(0, dtype=np.int64),
            occurred_at=[],
            area_id=np.zeros(0, dtype=np.int64) if area_field else None,
        )
    columns = list(zip(*rows, strict=True))
    # Few distinct months: convert each once (NumPy converting thousands of dates one by one is slow).
    month_of = {m: np.datetime64(m, "M") for m in set(columns[2])}
    return Points(
        easting=np.array(columns[0], dtype=np.float64),
        northing=np.array(columns[1], dtype=np.float64),
        month=np.array([month_of[m] for m in columns[2]], dtype="datetime64[M]"),
        category_id=np.array(columns[3], dtype=np.int64),
        occurred_at=list(columns[4]) if with_times else [],
        area_id=np.array([a or 0 for a in columns[-1]], dtype=np.int64) if area_field else None,
    )


AREA_FIELDS: dict[str, str] = {AreaKind.WARD: "ward_id", AreaKind.DISTRICT: "district_id"}


def counts_in_area(
    *,
    partnership: Partnership,
    area: Area,
    before: list[dt.date],
    after: list[dt.date],
    categories: list[str] | tuple[str, ...] = (),
) -> tuple[int, int]:
    """Incidents the store placed in a ward or district, (before, after), counted in the database.

    Straight from the counting indexes (month, area, category): no row is read, however large the area.
    """
    wanted = Q(month__in=before + after, **{AREA_FIELDS[area.kind]: area.id})
    ids = category_ids(tuple(categories))
    if ids is not None:
        wanted &= Q(category_id__in=ids)
    totals = [0, 0]
    for part in (
        Incident.objects.filter(wanted, partnership__isnull=True),
        Incident.objects.filter(wanted, partnership=partnership, restricted=False),
    ):
        counted = part.aggregate(all=Count("month"), after=Count("month", filter=Q(month__gte=after[0])))
        totals[0] += counted["all"] - counted["after"]
        totals[1] += counted["after"]
    return totals[0], totals[1]


def within(points: Points, geometry: BaseGeometry) -> np.ndarray:
    """Which points lie inside the geometry (British National Grid)."""
    if not len(points.easting):
        return np.zeros(0, dtype=bool)
    return shapely.contains_xy(geometry, points.easting, points.northing)
