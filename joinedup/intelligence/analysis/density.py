"""Kernel density of incidents at grid cell centres, as desktop GIS draws a heat map.

The density at a cell centre is the sum over incidents of weight x K(distance), where K is a
kernel of radius `bandwidth_m` that integrates to one over the plane; the result is incidents
(or harm) per square kilometre. Kernels, with u = distance / bandwidth and h = bandwidth:

- quartic (biweight), the default of ArcGIS and QGIS heat maps: K = 3 / (π h²) · (1 - u²)²
- Epanechnikov: K = 2 / (π h²) · (1 - u²)

both zero beyond the bandwidth. The values are exact, evaluated from the points themselves rather
than from binned counts. Dividing by the total weight (and by 10⁶ for square metres) gives
scikit-learn's `KernelDensity(kernel="epanechnikov").score_samples` exponentiated.

Speed comes from two facts: police.uk snaps every incident to one of a limited set of map points,
so duplicates collapse to one weighted point; and the kernels have compact support, so each point
only reaches the cells within one bandwidth: a fixed block of offsets on a regular grid.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .grid import Grid, coordinate_columns, point_weights

KERNELS = ("quartic", "epanechnikov")
SQUARE_METRES_PER_KM2 = 1_000_000.0
# Each point reaches (2r + 1)² cells; past this the arrays of contributions get too large to hold.
MAX_BANDWIDTH_CELLS = 50
CHUNK_ELEMENTS = 1_000_000


def weighted_unique_points(
    easting: np.ndarray, northing: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Collapse repeated locations into one point carrying the sum of their weights.

    Sorting by easting alone (a quarter the cost of sorting by both) brings repeats together; in
    the rare run of equal eastings with different northings a location may come out more than
    once, which leaves every sum exact.
    """
    order = np.argsort(easting)
    x, y, w = easting[order], northing[order], weights[order]
    starts = np.ones(len(x), dtype=bool)
    starts[1:] = (x[1:] != x[:-1]) | (y[1:] != y[:-1])
    group = np.cumsum(starts) - 1
    return x[starts], y[starts], np.bincount(group, weights=w)


def _reachable_offsets(reach_m: float, cell_size: float) -> tuple[np.ndarray, np.ndarray]:
    """Row and column offsets of the cells whose centre can lie within `reach_m` of a point in cell (0, 0)."""
    steps = math.ceil(reach_m / cell_size)
    offsets = np.arange(-steps, steps + 1)
    row_offsets, column_offsets = (a.ravel() for a in np.meshgrid(offsets, offsets, indexing="ij"))
    # The nearest a point in its own cell gets to another cell's centre.
    gap_rows = np.maximum(np.abs(row_offsets) - 0.5, 0) * cell_size
    gap_columns = np.maximum(np.abs(column_offsets) - 0.5, 0) * cell_size
    near = gap_rows * gap_rows + gap_columns * gap_columns < reach_m * reach_m
    return row_offsets[near], column_offsets[near]


def kernel_density(
    grid: Grid,
    easting: Any,
    northing: Any,
    *,
    bandwidth_m: float,
    weights: Any = None,
    kernel: str = "quartic",
) -> np.ndarray:
    """Density in incidents per km² at every cell centre, shape `(rows, columns)`.

    Points outside the grid still count towards the cells within a bandwidth of them; cells
    outside the study area (the grid's mask) are NaN.
    """
    if kernel not in KERNELS:
        raise ValueError(f"unknown kernel {kernel!r}: choose one of {', '.join(KERNELS)}")
    bandwidth = float(bandwidth_m)
    if not (math.isfinite(bandwidth) and bandwidth > 0):
        raise ValueError(f"bandwidth must be a positive number of metres, not {bandwidth_m}")
    if bandwidth / grid.cell_size > MAX_BANDWIDTH_CELLS:
        raise ValueError(
            f"a {bandwidth:g} m bandwidth is more than {MAX_BANDWIDTH_CELLS} cells of {grid.cell_size:g} m: "
            "use a larger cell size or a smaller bandwidth"
        )
    x, y = coordinate_columns("easting", easting, "northing", northing)
    w = point_weights(weights, len(x))
    x, y, w = weighted_unique_points(x, y, w)
    rows, columns = grid.cell_of(x, y)
    row_offsets, column_offsets = _reachable_offsets(bandwidth, grid.cell_size)
    # Work on the grid padded by the reach on every side, so every offset lands on a real slot
    # and no per-element bounds test is needed; points beyond the padding reach no cell.
    pad = int(np.abs(row_offsets).max())
    padded_columns = grid.columns + 2 * pad
    near = (rows >= -pad) & (rows < grid.rows + pad) & (columns >= -pad) & (columns < grid.columns + pad)
    x, y, w, rows, columns = x[near], y[near], w[near], rows[near], columns[near]
    # Offset from each point to its own cell's centre; other cells add whole cell sizes.
    base_dx = grid.west + (columns + 0.5) * grid.cell_size - x
    base_dy = grid.south + (rows + 0.5) * grid.cell_size - y
    base_slot = (rows + pad) * padded_columns + (columns + pad)
    step_dx = column_offsets * grid.cell_size
    step_dy = row_offsets * grid.cell_size
    step_slot = row_offsets * padded_columns + column_offsets
    inverse_h2 = 1.0 / (bandwidth * bandwidth)

    density = np.zeros((grid.rows + 2 * pad) * padded_columns)
    # Points x offsets at once, in chunks that keep the temporary arrays to a few megabytes.
    chunk = max(1, CHUNK_ELEMENTS // len(row_offsets))
    for start in range(0, len(x), chunk):
        part = slice(start, start + chunk)
        dx = base_dx[part, None] + step_dx
        dy = base_dy[part, None] + step_dy
        shape = np.maximum(1.0 - (dx * dx + dy * dy) * inverse_h2, 0.0)
        if kernel == "quartic":
            shape *= shape
        shape *= w[part, None]
        density += np.bincount(
            (base_slot[part, None] + step_slot).ravel(), weights=shape.ravel(), minlength=density.size
        )
    density = density.reshape(grid.rows + 2 * pad, padded_columns)[
        pad : pad + grid.rows, pad : pad + grid.columns
    ]

    density *= (
        (3.0 if kernel == "quartic" else 2.0) / (math.pi * bandwidth * bandwidth) * SQUARE_METRES_PER_KM2
    )
    if grid.mask is not None:
        density[~grid.mask] = np.nan
    return density
