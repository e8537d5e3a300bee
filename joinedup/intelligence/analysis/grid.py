"""Regular grids in British National Grid metres: cells, counts per cell, and cells back as GeoJSON.

Hotspot statistics need distances in metres, so points arrive as WGS84 lon/lat (police.uk, the
map) and are projected to British National Grid (EPSG:27700). A grid's origin snaps to whole
multiples of the cell size, so two grids with the same cell size over overlapping areas share
their cells: months, categories and a PAI's chosen cells line up without resampling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

WGS84 = "EPSG:4326"
BRITISH_NATIONAL_GRID = "EPSG:27700"
MIN_CELL_SIZE_M = 25.0
MAX_CELL_SIZE_M = 2_000.0
# A force area at 100 m is about 1.5 million cells; this bound stops a mistyped size or a
# national extent from allocating gigabytes.
MAX_CELLS = 20_000_000


@lru_cache(maxsize=2)
def _transformer(source: str, target: str) -> Transformer:
    # Building a Transformer reads the PROJ database: do it once per direction and process.
    return Transformer.from_crs(source, target, always_xy=True)


def float_column(name: str, values: Any) -> np.ndarray:
    """`values` as a 1-D float64 array, or a ValueError naming `name` if it is not numbers."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numbers") from error
    if array.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional array, not shape {array.shape}")
    return array


def coordinate_columns(x_name: str, x: Any, y_name: str, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Two coordinate columns of equal length, all finite (blank locations must be dropped first)."""
    xs, ys = float_column(x_name, x), float_column(y_name, y)
    if len(xs) != len(ys):
        raise ValueError(f"{x_name} and {y_name} have different lengths ({len(xs)} and {len(ys)})")
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        raise ValueError(f"{x_name} and {y_name} must be finite: drop rows without a location first")
    return xs, ys


def point_weights(weights: Any, count: int) -> np.ndarray:
    """Weights for `count` points: all ones when None, else finite, non-negative, one per point."""
    if weights is None:
        return np.ones(count)
    array = float_column("weights", weights)
    if len(array) != count:
        raise ValueError(f"weights has {len(array)} values for {count} points")
    if not np.isfinite(array).all() or (array < 0).any():
        raise ValueError("weights must be finite and not negative")
    return array


def lonlat_to_bng(longitude: Any, latitude: Any) -> tuple[np.ndarray, np.ndarray]:
    """Project WGS84 longitude/latitude columns to British National Grid easting/northing (metres)."""
    lon, lat = coordinate_columns("longitude", longitude, "latitude", latitude)
    if ((lon < -180) | (lon > 180) | (lat < -90) | (lat > 90)).any():
        raise ValueError("longitude must be within ±180 and latitude within ±90 degrees")
    easting, northing = _transformer(WGS84, BRITISH_NATIONAL_GRID).transform(lon, lat)
    return np.asarray(easting), np.asarray(northing)


def bng_to_lonlat(easting: Any, northing: Any) -> tuple[np.ndarray, np.ndarray]:
    """Project British National Grid easting/northing columns back to WGS84 longitude/latitude."""
    x, y = coordinate_columns("easting", easting, "northing", northing)
    lon, lat = _transformer(BRITISH_NATIONAL_GRID, WGS84).transform(x, y)
    return np.asarray(lon), np.asarray(lat)


def validate_cell_size(cell_size_m: float) -> float:
    size = float(cell_size_m)
    if not (MIN_CELL_SIZE_M <= size <= MAX_CELL_SIZE_M):
        raise ValueError(
            f"cell size must be between {MIN_CELL_SIZE_M:g} and {MAX_CELL_SIZE_M:g} metres, not {cell_size_m}"
        )
    return size


@dataclass(frozen=True)
class Grid:
    """A regular grid of square cells in British National Grid metres.

    Arrays over the grid have shape `(rows, columns)`; row 0 is the southernmost row and column 0
    the westernmost. `mask`, when set, marks the cells that intersect the study area; analyses
    leave the other cells out.
    """

    west: float
    south: float
    cell_size: float
    rows: int
    columns: int
    mask: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return (self.rows, self.columns)

    @property
    def cell_count(self) -> int:
        """Cells in the study area (all of them without a mask)."""
        return self.rows * self.columns if self.mask is None else int(self.mask.sum())

    @property
    def in_area(self) -> np.ndarray:
        """Boolean array over the grid, True for the cells in the study area."""
        return np.ones(self.shape, dtype=bool) if self.mask is None else self.mask

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Easting and northing of every cell centre, each of shape `(rows, columns)`."""
        xs = self.west + (np.arange(self.columns) + 0.5) * self.cell_size
        ys = self.south + (np.arange(self.rows) + 0.5) * self.cell_size
        easting, northing = np.meshgrid(xs, ys)
        return easting, northing

    def cell_of(self, easting: np.ndarray, northing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of the cell holding each point (may lie outside the grid)."""
        rows = np.floor((northing - self.south) / self.cell_size).astype(np.int64)
        columns = np.floor((easting - self.west) / self.cell_size).astype(np.int64)
        return rows, columns

    def counts(self, easting: Any, northing: Any, *, weights: Any = None) -> np.ndarray:
        """Points (or the sum of their weights, e.g. harm) per cell, shape `(rows, columns)`.

        Points outside the grid, or in cells outside the study area, are not counted.
        """
        x, y = coordinate_columns("easting", easting, "northing", northing)
        w = point_weights(weights, len(x))
        rows, columns = self.cell_of(x, y)
        inside = (rows >= 0) & (rows < self.rows) & (columns >= 0) & (columns < self.columns)
        flat = rows[inside] * self.columns + columns[inside]
        totals = np.bincount(flat, weights=w[inside], minlength=self.rows * self.columns)
        totals = totals.reshape(self.shape)
        if self.mask is not None:
            totals[~self.mask] = 0.0
        return totals

    def cell_boxes(self) -> np.ndarray:
        """Every cell as a Shapely box in British National Grid metres, flattened row by row."""
        easting, northing = self.centres()
        half = self.cell_size / 2
        return shapely.box(
            (easting - half).ravel(),
            (northing - half).ravel(),
            (easting + half).ravel(),
            (northing + half).ravel(),
        )


def _checked_grid(west: float, south: float, east: float, north: float, cell_size: float) -> Grid:
    # Snap outward to multiples of the cell size so grids over different areas share cells.
    columns = math.floor(east / cell_size) - math.floor(west / cell_size) + 1
    rows = math.floor(north / cell_size) - math.floor(south / cell_size) + 1
    if rows * columns > MAX_CELLS:
        raise ValueError(
            f"a {cell_size:g} m grid over this extent would have {rows * columns:,} cells "
            f"(at most {MAX_CELLS:,}): choose a larger cell size or a smaller area"
        )
    return Grid(
        west=math.floor(west / cell_size) * cell_size,
        south=math.floor(south / cell_size) * cell_size,
        cell_size=cell_size,
        rows=rows,
        columns=columns,
    )


def grid_for_bounds(*, west: float, south: float, east: float, north: float, cell_size_m: float) -> Grid:
    """The grid of `cell_size_m` cells covering a box given in British National Grid metres."""
    size = validate_cell_size(cell_size_m)
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ValueError("the bounding box must be finite numbers")
    if east < west or north < south:
        raise ValueError(
            "the bounding box is inside out: east must not be less than west, nor north than south"
        )
    return _checked_grid(west, south, east, north, size)


def grid_for_points(easting: Any, northing: Any, *, cell_size_m: float) -> Grid:
    """The grid covering every point's bounding box."""
    x, y = coordinate_columns("easting", easting, "northing", northing)
    if len(x) == 0:
        raise ValueError("no points: a grid over points needs at least one")
    return grid_for_bounds(
        west=float(x.min()),
        south=float(y.min()),
        east=float(x.max()),
        north=float(y.max()),
        cell_size_m=cell_size_m,
    )


def area_to_bng(area_lonlat: BaseGeometry) -> BaseGeometry:
    """An area (polygon or multipolygon in WGS84 lon/lat) in British National Grid metres."""
    transformer = _transformer(WGS84, BRITISH_NATIONAL_GRID)
    return shapely.transform(
        area_lonlat, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )


def grid_for_area(area_lonlat: BaseGeometry, *, cell_size_m: float) -> Grid:
    """The grid over an area's bounding box, masked to the cells that intersect the area.

    `area_lonlat` is a Shapely polygon or multipolygon in WGS84 lon/lat (as boundaries are stored).
    """
    if not isinstance(area_lonlat, BaseGeometry) or area_lonlat.is_empty:
        raise ValueError("the area must be a non-empty Shapely geometry")
    if area_lonlat.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"the area must be a polygon or multipolygon, not a {area_lonlat.geom_type}")
    area = area_to_bng(area_lonlat)
    west, south, east, north = area.bounds
    grid = grid_for_bounds(west=west, south=south, east=east, north=north, cell_size_m=cell_size_m)
    shapely.prepare(area)
    mask = shapely.intersects(area, grid.cell_boxes()).reshape(grid.shape)
    return Grid(
        west=grid.west,
        south=grid.south,
        cell_size=grid.cell_size,
        rows=grid.rows,
        columns=grid.columns,
        mask=mask,
    )


def _json_values(values: np.ndarray) -> list[Any]:
    # JSON has no NaN: cells without a value (outside the study area) get null.
    if values.dtype.kind == "f":
        return [None if math.isnan(v) else v for v in values.tolist()]
    return values.tolist()


def cell_features(
    grid: Grid, properties: dict[str, np.ndarray], *, cells: np.ndarray | None = None, decimals: int = 6
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of grid cells in WGS84 lon/lat, ready for Leaflet.

    `properties` maps a name to an array over the grid (counts, density, z-scores, classes); each
    feature carries its cell's values, plus `row` and `column`. `cells` (boolean over the grid)
    chooses which cells to include; by default the cells in the study area. Each cell's four
    corners are projected, so cells stay edge to edge on the map.
    """
    chosen = grid.in_area if cells is None else np.asarray(cells, dtype=bool)
    if chosen.shape != grid.shape:
        raise ValueError(f"cells has shape {chosen.shape}, the grid {grid.shape}")
    for name, values in properties.items():
        if np.shape(values) != grid.shape:
            raise ValueError(f"property {name!r} has shape {np.shape(values)}, the grid {grid.shape}")
    rows, columns = np.nonzero(chosen)
    west = grid.west + columns * grid.cell_size
    south = grid.south + rows * grid.cell_size
    east, north = west + grid.cell_size, south + grid.cell_size
    lon, lat = bng_to_lonlat(
        np.concatenate([west, east, east, west]), np.concatenate([south, south, north, north])
    )
    corners = np.stack(
        [np.round(lon, decimals).reshape(4, -1).T, np.round(lat, decimals).reshape(4, -1).T], axis=-1
    ).tolist()
    columns_of_values = {
        name: _json_values(np.asarray(values)[rows, columns]) for name, values in properties.items()
    }
    features = []
    for index, ring in enumerate(corners):
        cell_properties: dict[str, Any] = {"row": int(rows[index]), "column": int(columns[index])}
        for name, column in columns_of_values.items():
            cell_properties[name] = column[index]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
                "properties": cell_properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}
