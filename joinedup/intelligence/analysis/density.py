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
    easting: np.ndarray, northing: np.ndarray, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Collapse repeated locations into one point carrying the sum of their weights (None: 1 each).

    Sorting by easting alone brings repeats together; in the rare run of equal eastings with
    different northings a location may come out more than once, which leaves every sum exact.
    """
    order = _easting_order(easting)
    x, y = easting[order], northing[order]
    starts = np.ones(len(x), dtype=bool)
    starts[1:] = (x[1:] != x[:-1]) | (y[1:] != y[:-1])
    group = np.cumsum(starts) - 1
    totals = np.bincount(group) if weights is None else np.bincount(group, weights=weights[order])
    return x[starts], y[starts], totals.astype(np.float64)


def _easting_order(easting: np.ndarray) -> np.ndarray:
    """Indices that sort the points by easting to the millimetre (equal points stay together).

    Packing the millimetre easting and the index into one integer and sorting it in place is
    about twice as fast as `argsort`, which counts when a ward's points are sorted per request.
    """
    if len(easting) == 0:
        return np.zeros(0, dtype=np.int64)
    index_bits = max(1, (len(easting) - 1).bit_length())
    span_mm = (float(easting.max()) - float(easting.min())) * 1000
    if math.log2(span_mm + 1) + index_bits > 62:
        return np.argsort(easting)
    key = np.rint((easting - easting.min()) * 1000).astype(np.int64)
    key <<= index_bits
    key |= np.arange(len(easting))
    key.sort()
    return key & ((1 << index_bits) - 1)


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
    x, y, w = weighted_unique_points(x, y, None if weights is None else point_weights(weights, len(x)))
    rows, columns = grid.cell_of(x, y)
    # Each point reaches the block of cells up to `reach` rows and columns from its own.
    reach = math.ceil(bandwidth / grid.cell_size)
    offsets = np.arange(-reach, reach + 1)
    # Work on the grid padded by the reach on every side, so every offset lands on a real slot
    # and no per-element bounds test is needed; points beyond the padding reach no cell.
    padded_columns = grid.columns + 2 * reach
    near = (
        (rows >= -reach) & (rows < grid.rows + reach) & (columns >= -reach) & (columns < grid.columns + reach)
    )
    x, y, w, rows, columns = x[near], y[near], w[near], rows[near], columns[near]
    # Squared distances in bandwidths are separable: (column part)² + (row part)², each a few
    # values per point, added by broadcasting into the points x rows x columns block.
    scale = 1.0 / bandwidth
    step = offsets * grid.cell_size * scale
    base_u = (grid.west + (columns + 0.5) * grid.cell_size - x) * scale
    base_v = (grid.south + (rows + 0.5) * grid.cell_size - y) * scale
    base_slot = (rows + reach) * padded_columns + (columns + reach)
    step_slot = (offsets * padded_columns)[:, None] + offsets[None, :]

    density = np.zeros((grid.rows + 2 * reach) * padded_columns)
    # In chunks of points that keep the temporary arrays to a few megabytes.
    chunk = max(1, CHUNK_ELEMENTS // offsets.size**2)
    for start in range(0, len(x), chunk):
        part = slice(start, start + chunk)
        across = np.square(base_u[part, None] + step)
        up = np.square(base_v[part, None] + step)
        shape = across[:, None, :] + up[:, :, None]
        # 1 - u², floored at zero beyond the bandwidth (then squared for the quartic kernel).
        np.subtract(1.0, shape, out=shape)
        np.maximum(shape, 0.0, out=shape)
        if kernel == "quartic":
            shape *= shape
        shape *= w[part, None, None]
        slots = base_slot[part, None, None] + step_slot
        density += np.bincount(slots.ravel(), weights=shape.ravel(), minlength=density.size)
    density = density.reshape(grid.rows + 2 * reach, padded_columns)[
        reach : reach + grid.rows, reach : reach + grid.columns
    ]

    density *= (
        (3.0 if kernel == "quartic" else 2.0) / (math.pi * bandwidth * bandwidth) * SQUARE_METRES_PER_KM2
    )
    if grid.mask is not None:
        density[~grid.mask] = np.nan
    return density
