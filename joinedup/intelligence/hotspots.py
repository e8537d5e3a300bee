"""Hotspots for a chosen area, period and set of categories: the incidents, then the analysis.

The statistics are the analysis library's (grid counts, kernel density, Gi*, emerging hot spots,
PAI); this module decides which incidents go in, checks the request is one the library can answer
in a page's time, and turns the library's grids into what the page, the exports and area data
packages show. Incidents come through `Incident.objects.visible_to`, so a partner's rows reach only
those who may see them; only the columns the analysis needs are read.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from django.db.models import QuerySet
from shapely.geometry.base import BaseGeometry

from joinedup.core.errors import ApplicationError, NotPermitted

from . import policy
from .analysis import emerging, gistar
from .analysis.density import kernel_density
from .analysis.grid import Grid, area_to_bng, cell_features, grid_for_area
from .analysis.pai import AccuracyIndex, predictive_accuracy_index
from .models import Incident, IncidentCategory

MIN_CELL_SIZE_M = 100
MAX_CELL_SIZE_M = 250
MIN_BANDWIDTH_M = 100
MAX_BANDWIDTH_M = 2_000
MAX_DISTANCE_BAND_M = 2_000
# A page's answer must come in seconds: three years of months, a district's extent at 100 m.
MAX_MONTHS = 36
MAX_CELLS = 250_000
MAX_INCIDENTS = 1_000_000
TOP_CELLS = 20

PAI_CHOICES = {
    "top-10": "The 10 cells with most incidents",
    "top-25": "The 25 cells with most incidents",
    "hot-95": "Hot spots at 95% confidence or more",
    "hot-99": "Hot spots at 99% confidence",
}


@dataclass(frozen=True)
class StudyArea:
    """Where to look: a name for titles, and the boundary in WGS84 lon/lat (as areas are stored)."""

    name: str
    boundary: BaseGeometry


@dataclass(frozen=True)
class HotspotQuery:
    area: StudyArea
    month_from: dt.date
    month_to: dt.date
    categories: tuple[str, ...] = ()  # category codes; empty means every category
    cell_size_m: int = 150
    bandwidth_m: int = 400
    distance_band_m: int = 300
    harm_weights: dict[str, float] | None = None  # category code → weight; None counts incidents
    pai_cells: str = ""
    pai_from: dt.date | None = None
    pai_to: dt.date | None = None

    @property
    def months(self) -> list[dt.date]:
        return month_range(self.month_from, self.month_to)


@dataclass(frozen=True)
class IncidentPoints:
    """The selected incidents as columns (British National Grid metres), never ORM objects."""

    easting: np.ndarray
    northing: np.ndarray
    month: np.ndarray  # index into the query's months
    category: np.ndarray  # category codes
    location: list[str]
    ward: list[str]


@dataclass(frozen=True)
class TopCell:
    rank: int
    row: int
    column: int
    value: float
    incidents: int
    z: float
    confidence: int
    confidence_label: str
    pattern: str
    street: str
    ward: str


@dataclass(frozen=True)
class Accuracy:
    cells_label: str
    month_from: dt.date
    month_to: dt.date
    index: AccuracyIndex | None
    message: str = ""


@dataclass
class HotspotResult:
    query: HotspotQuery
    grid: Grid
    area_bng: BaseGeometry
    incidents: int
    counts: np.ndarray
    values: np.ndarray  # counts, or harm when weighted
    density: np.ndarray
    hot: gistar.HotSpots | None
    pattern: np.ndarray | None
    message: str = ""
    notes: list[str] = field(default_factory=list)
    top: list[TopCell] = field(default_factory=list)
    accuracy: Accuracy | None = None

    @property
    def weighted(self) -> bool:
        return self.query.harm_weights is not None

    @property
    def class_counts(self) -> list[tuple[str, int]]:
        if self.hot is None:
            return []
        found = Counter(self.hot.confidence[self.grid.in_area].tolist())
        return [(gistar.CONFIDENCE_LABELS[c], found[c]) for c in (3, 2, 1, -1, -2, -3) if found[c]]

    def features(self, *, occupied_only: bool = False) -> dict[str, Any]:
        """The grid as GeoJSON with every computed field; `occupied_only` for the page's map."""
        properties: dict[str, np.ndarray] = {
            "incidents": self.counts.astype(np.int64),
            "density_per_km2": np.round(self.density, 3),
        }
        if self.weighted:
            properties["harm"] = np.round(self.values, 3)
        cells = None
        if self.hot is not None:
            properties |= {
                "gi_z": np.round(self.hot.z, 4),
                "gi_p": self.hot.p,
                "gi_q": self.hot.q,
                "gi_class": self.hot.confidence.astype(np.int64),
            }
        if self.pattern is not None:
            properties["pattern"] = self.pattern.astype(np.int64)
        if occupied_only:
            cells = self.grid.in_area & (
                (self.counts > 0) | (self.hot.confidence != 0 if self.hot is not None else False)
            )
        collection = cell_features(self.grid, properties, cells=cells)
        for feature in collection["features"]:
            props = feature["properties"]
            if "gi_class" in props:
                props["gi_label"] = gistar.CONFIDENCE_LABELS[props["gi_class"]]
            if "pattern" in props:
                props["pattern_label"] = emerging.pattern_label(props["pattern"])
        return collection


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def period_check(month_from: dt.date, month_to: dt.date, *, field_name: str = "month_from") -> None:
    if month_from > month_to:
        raise ApplicationError("The first month must not be after the last month.", field=field_name)
    if len(month_range(month_from, month_to)) > MAX_MONTHS:
        raise ApplicationError(
            f"Choose a period of at most {MAX_MONTHS} months: longer periods take too long to map.",
            field=field_name,
        )


def category_ids(codes: tuple[str, ...]) -> list[int] | None:
    """Ids of the category codes (None: every category), or an error naming unknown codes."""
    if not codes:
        return None
    found = dict(IncidentCategory.objects.filter(code__in=codes).values_list("code", "id"))
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise ApplicationError(f"There is no category {', '.join(unknown)}.", field="categories")
    return list(found.values())


def visible_incidents(
    *,
    user: Any,
    area_bng: BaseGeometry,
    months: list[dt.date],
    categories: tuple[str, ...],
) -> QuerySet[Incident]:
    """Incidents the user may see in the months, within the area's box (test the polygon after). Read
    them with `capped`."""
    if not policy.can_read(user):
        raise NotPermitted("You cannot read incident data.")
    west, south, east, north = area_bng.bounds
    wanted = Incident.objects.visible_to(user).filter(
        month__gte=months[0],
        month__lte=months[-1],
        easting__gte=west,
        easting__lte=east,
        northing__gte=south,
        northing__lte=north,
    )
    ids = category_ids(categories)
    if ids is not None:
        wanted = wanted.filter(category_id__in=ids)
    return wanted.order_by()


def capped(rows: QuerySet) -> list:
    """The rows, refusing more than MAX_INCIDENTS: one more is read to know, rather than counting them
    all first (a count is a second pass over the same rows)."""
    found = list(rows[: MAX_INCIDENTS + 1])
    if len(found) > MAX_INCIDENTS:
        raise ApplicationError(
            f"More than {MAX_INCIDENTS:,} incidents match: choose a shorter period, a smaller area "
            "or fewer categories."
        )
    return found


def incidents_in(
    *,
    user: Any,
    area_bng: BaseGeometry,
    months: list[dt.date],
    categories: tuple[str, ...],
) -> IncidentPoints:
    """Located incidents the user may see inside the area (British National Grid) in the months."""
    wanted = visible_incidents(user=user, area_bng=area_bng, months=months, categories=categories)
    codes = dict(IncidentCategory.objects.values_list("id", "code"))
    rows = capped(wanted.values_list("easting", "northing", "month", "category_id", "location", "ward__name"))
    easting = np.fromiter((r[0] for r in rows), dtype=np.float64, count=len(rows))
    northing = np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))
    inside = shapely.contains_xy(area_bng, easting, northing) if rows else np.zeros(0, dtype=bool)
    month_index = {month: i for i, month in enumerate(months)}
    kept = [r for r, keep in zip(rows, inside.tolist(), strict=True) if keep]
    return IncidentPoints(
        easting=easting[inside],
        northing=northing[inside],
        month=np.array([month_index[r[2]] for r in kept], dtype=np.int64),
        category=np.array([codes[r[3]] for r in kept], dtype=object),
        location=[r[4] for r in kept],
        ward=[r[5] or "" for r in kept],
    )


def _grid(query: HotspotQuery) -> Grid:
    if not MIN_CELL_SIZE_M <= query.cell_size_m <= MAX_CELL_SIZE_M:
        raise ApplicationError(
            f"The cell size must be between {MIN_CELL_SIZE_M} and {MAX_CELL_SIZE_M} metres.",
            field="cell_size",
        )
    if not MIN_BANDWIDTH_M <= query.bandwidth_m <= MAX_BANDWIDTH_M:
        raise ApplicationError(
            f"The bandwidth must be between {MIN_BANDWIDTH_M} and {MAX_BANDWIDTH_M:,} metres.",
            field="bandwidth",
        )
    if not query.cell_size_m <= query.distance_band_m <= MAX_DISTANCE_BAND_M:
        raise ApplicationError(
            f"The distance band must be at least the cell size ({query.cell_size_m} m) "
            f"and at most {MAX_DISTANCE_BAND_M:,} m.",
            field="distance_band",
        )
    west, south, east, north = area_to_bng(query.area.boundary).bounds
    cells = math.ceil((east - west) / query.cell_size_m + 1) * math.ceil(
        (north - south) / query.cell_size_m + 1
    )
    if cells > MAX_CELLS:
        raise ApplicationError(
            f"This area at {query.cell_size_m} m would need {cells:,} cells (at most {MAX_CELLS:,}): "
            "choose a larger cell size or a smaller area.",
            field="cell_size",
        )
    return grid_for_area(query.area.boundary, cell_size_m=query.cell_size_m)


def hotspot_analysis(*, user: Any, query: HotspotQuery) -> HotspotResult:
    """Counts, density, Gi* classes, emerging patterns, the top cells and (if asked) the PAI.

    An area or period without incidents is an answer, not an error: the result carries a message.
    """
    period_check(query.month_from, query.month_to)
    grid = _grid(query)
    area_bng = area_to_bng(query.area.boundary)
    points = incidents_in(user=user, area_bng=area_bng, months=query.months, categories=query.categories)
    weights = _weights(points, query)
    counts = grid.counts(points.easting, points.northing)
    values = counts if weights is None else grid.counts(points.easting, points.northing, weights=weights)
    density = kernel_density(
        grid, points.easting, points.northing, bandwidth_m=query.bandwidth_m, weights=weights
    )
    result = HotspotResult(
        query=query,
        grid=grid,
        area_bng=area_bng,
        incidents=len(points.easting),
        counts=counts,
        values=values,
        density=density,
        hot=None,
        pattern=None,
    )
    if result.incidents == 0:
        result.message = "There are no incidents in this area and period for the categories chosen."
        return result
    try:
        result.hot = gistar.getis_ord_gi_star(
            values, cell_size_m=query.cell_size_m, distance_band_m=query.distance_band_m, mask=grid.mask
        )
    except ValueError as error:
        result.notes.append(f"No hot or cold spots could be found: {error}.")
    result.pattern = _patterns(grid, points, query, weights, result.notes)
    result.top = _top_cells(result, points)
    if query.pai_cells:
        result.accuracy = _accuracy(user, result)
    return result


def _weights(points: IncidentPoints, query: HotspotQuery) -> np.ndarray | None:
    if query.harm_weights is None:
        return None
    from .analysis.harm import incident_weights

    # Categories without a weight (partners' own) add no harm, as the harm pages count them.
    return incident_weights(points.category, query.harm_weights, unknown=0.0)


def _patterns(
    grid: Grid, points: IncidentPoints, query: HotspotQuery, weights: np.ndarray | None, notes: list[str]
) -> np.ndarray | None:
    months = len(query.months)
    if months < emerging.MIN_STEPS:
        notes.append(
            f"Emerging hot spots need at least {emerging.MIN_STEPS} months; this period has {months}."
        )
        return None
    cube = np.stack(
        [
            grid.counts(
                points.easting[points.month == step],
                points.northing[points.month == step],
                weights=None if weights is None else weights[points.month == step],
            )
            for step in range(months)
        ]
    )
    try:
        found = emerging.emerging_hot_spots(
            cube, cell_size_m=query.cell_size_m, distance_band_m=query.distance_band_m, mask=grid.mask
        )
    except ValueError as error:
        notes.append(f"No emerging hot spot patterns could be found: {error}.")
        return None
    return found.pattern


def _top_cells(result: HotspotResult, points: IncidentPoints) -> list[TopCell]:
    """The cells with the highest values, with the street and ward most of their incidents name."""
    grid = result.grid
    in_area = np.flatnonzero(grid.in_area.ravel() & (result.values.ravel() > 0))
    z = result.hot.z.ravel() if result.hot is not None else np.zeros(grid.rows * grid.columns)
    # Highest value first; equal values by the stronger clustering.
    order = in_area[np.lexsort((-np.nan_to_num(z[in_area]), -result.values.ravel()[in_area]))][:TOP_CELLS]
    rows, columns = grid.cell_of(points.easting, points.northing)
    flat = rows * grid.columns + columns
    top = []
    for rank, cell in enumerate(order.tolist(), start=1):
        members = np.flatnonzero(flat == cell)
        streets = Counter(points.location[i] for i in members if points.location[i])
        wards = Counter(points.ward[i] for i in members if points.ward[i])
        confidence = int(result.hot.confidence.ravel()[cell]) if result.hot is not None else 0
        pattern = int(result.pattern.ravel()[cell]) if result.pattern is not None else 0
        top.append(
            TopCell(
                rank=rank,
                row=cell // grid.columns,
                column=cell % grid.columns,
                value=float(result.values.ravel()[cell]),
                incidents=int(result.counts.ravel()[cell]),
                z=float(z[cell]),
                confidence=confidence,
                confidence_label=gistar.CONFIDENCE_LABELS[confidence],
                pattern=emerging.pattern_label(pattern) if pattern else "",
                street=streets.most_common(1)[0][0] if streets else "",
                ward=wards.most_common(1)[0][0] if wards else "",
            )
        )
    return top


def chosen_cells(result: HotspotResult, choice: str) -> np.ndarray:
    """The cells a PAI is measured on: the top N by value, or the hot spots at a confidence."""
    if choice.startswith("top-"):
        wanted = int(choice.removeprefix("top-"))
        values = np.where(result.grid.in_area & (result.values > 0), result.values, -1.0).ravel()
        picked = np.zeros(values.size, dtype=bool)
        picked[np.argsort(-values, kind="stable")[:wanted]] = True
        picked &= values > 0
        return picked.reshape(result.grid.shape)
    if choice in ("hot-95", "hot-99"):
        level = 2 if choice == "hot-95" else 3
        if result.hot is None:
            return np.zeros(result.grid.shape, dtype=bool)
        return result.hot.confidence >= level
    raise ApplicationError("Choose which cells to measure.", field="pai_cells")


def _accuracy(user: Any, result: HotspotResult) -> Accuracy:
    query = result.query
    if query.pai_from is None or query.pai_to is None:
        raise ApplicationError("Give the months to test the cells against.", field="pai_from")
    period_check(query.pai_from, query.pai_to, field_name="pai_from")
    label = PAI_CHOICES[query.pai_cells]
    later = incidents_in(
        user=user,
        area_bng=result.area_bng,
        months=month_range(query.pai_from, query.pai_to),
        categories=query.categories,
    )
    counts = result.grid.counts(later.easting, later.northing)
    picked = chosen_cells(result, query.pai_cells)
    try:
        index = predictive_accuracy_index(counts, picked, mask=result.grid.mask)
    except ValueError as error:
        return Accuracy(label, query.pai_from, query.pai_to, None, f"The PAI cannot be measured: {error}.")
    return Accuracy(label, query.pai_from, query.pai_to, index)
