"""Getis-Ord Gi* hot and cold spots on a grid, with a false-discovery-rate correction.

For each cell i, with x the counts (or harm) of the n cells in the study area, S_i the sum of x
over the cells whose centres lie within the distance band of i's centre (i itself included) and
c_i the number of those cells:

    x̄ = Σx / n,   s² = Σx² / n - x̄²,   z_i = (S_i - c_i x̄) / (s √(c_i (n - c_i) / (n - 1)))

This is Getis and Ord's Gi* with binary weights, and exactly what PySAL computes with
`esda.G_Local(y, w, transform="B", star=True)` for a binary `libpysal.weights.DistanceBand` over the
cell centres (esda writes it as (G - E[G]) / √Var[G] with G = S_i / Σx; the two are equal). Every
cell counts, empty ones included, so an empty stretch of countryside is part of the comparison.

On a regular grid the distance band is the same block of offsets (a "stencil") at every cell, so
S and c are 2-D correlations of the counts and of the study-area mask with the stencil: cells at
the edge of the grid or the area simply have fewer neighbours.

p-values are two-sided, 2 · P(Z > |z|) (esda's `p_norm` is the one-sided half of this). With
`fdr=True` (the default, as ArcGIS's Hot Spot Analysis with "Apply False Discovery Rate") the
Benjamini-Hochberg correction is applied across all cells in the study area and each cell's
confidence is judged on its adjusted p-value (q). Classes follow ArcGIS's Gi_Bin: +3/+2/+1 hot at
99/95/90 % confidence, -3/-2/-1 cold, 0 not significant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import ndimage, special

CONFIDENCE_LEVELS = ((3, 0.01), (2, 0.05), (1, 0.10))
CONFIDENCE_LABELS = {
    3: "Hot spot, 99% confidence",
    2: "Hot spot, 95% confidence",
    1: "Hot spot, 90% confidence",
    0: "Not significant",
    -1: "Cold spot, 90% confidence",
    -2: "Cold spot, 95% confidence",
    -3: "Cold spot, 99% confidence",
}
# A centre exactly on the band's edge counts as inside, whatever the rounding of the sizes.
BAND_TOLERANCE = 1e-9


@dataclass(frozen=True)
class HotSpots:
    """Gi* results over the grid, each of shape `(rows, columns)`; NaN outside the study area."""

    z: np.ndarray
    p: np.ndarray
    q: np.ndarray
    # int8 classes, +3 … -3 as CONFIDENCE_LABELS; 0 outside the study area.
    confidence: np.ndarray
    neighbours: np.ndarray


def distance_band_stencil(*, cell_size_m: float, distance_band_m: float) -> np.ndarray:
    """The boolean block of cells whose centres lie within the band of the middle cell's centre."""
    if not (math.isfinite(distance_band_m) and distance_band_m >= cell_size_m):
        raise ValueError(
            f"the distance band must be at least one cell ({cell_size_m:g} m) so each cell has neighbours, "
            f"not {distance_band_m}"
        )
    reach = math.floor(distance_band_m / cell_size_m + BAND_TOLERANCE)
    offsets = np.arange(-reach, reach + 1)
    squared = offsets[:, None] ** 2 + offsets[None, :] ** 2
    return np.asarray(squared <= (distance_band_m / cell_size_m) ** 2 * (1 + BAND_TOLERANCE))


def benjamini_hochberg(p_values: Any) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values), the same shape as `p_values`.

    q for the k-th smallest of m p-values is min over j ≥ k of p_(j) · m / j, capped at 1; a test
    is significant at false discovery rate alpha when q ≤ alpha. NaN entries are left out of m and stay NaN.
    """
    p = np.asarray(p_values, dtype=np.float64)
    q = np.full(p.shape, np.nan)
    tested = ~np.isnan(p)
    q[tested] = _adjusted(p[tested], np.ones(int(tested.sum()), dtype=np.int64))
    return q


def _adjusted(values: np.ndarray, repeats: np.ndarray) -> np.ndarray:
    """BH q-values of distinct-or-not p-values, each standing for `repeats` equal tests.

    Equal p-values share a q, so a value repeated r times can be sorted once and given the rank
    of its last copy: the same answer as sorting all the copies.
    """
    if ((values < 0) | (values > 1)).any():
        raise ValueError("p-values must lie between 0 and 1")
    if values.size == 0:
        return values.copy()
    m = repeats.sum()
    order = np.argsort(values)
    last_rank = np.cumsum(repeats[order])
    scaled = values[order] * m / last_rank
    result = np.empty(values.size)
    result[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return result


def confidence_classes(z: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Gi_Bin classes (+3 … -3) from z-scores and the p-values to judge them by (NaN: class 0)."""
    classes = np.zeros(z.shape, dtype=np.int8)
    for level, alpha in reversed(CONFIDENCE_LEVELS):
        classes[p <= alpha] = level
    np.negative(classes, out=classes, where=z < 0)
    return classes


def _neighbour_sums(values: np.ndarray, stencil: np.ndarray) -> np.ndarray:
    # Counts are mostly zeros (most 100 m cells hold no incident), so scatter each non-empty
    # cell's value over its neighbours instead of correlating every cell with the stencil.
    rows, columns = values.shape
    reach = stencil.shape[0] // 2
    padded_columns = columns + 2 * reach
    cell_rows, cell_columns = np.nonzero(values)
    offset_rows, offset_columns = np.nonzero(stencil)
    slots = ((cell_rows + reach) * padded_columns + cell_columns + reach)[:, None] + (
        (offset_rows - reach) * padded_columns + (offset_columns - reach)
    )
    weights = np.broadcast_to(values[cell_rows, cell_columns][:, None], slots.shape)
    sums = np.bincount(slots.ravel(), weights=weights.ravel(), minlength=(rows + 2 * reach) * padded_columns)
    return sums.reshape(rows + 2 * reach, padded_columns)[reach : reach + rows, reach : reach + columns]


def _edge_classes(length: int, reach: int) -> np.ndarray:
    """Map each row (or column) to a representative one with the same cut-off neighbourhood.

    Rows further than `reach` from both edges all see the whole stencil, so one stands for all.
    """
    if length <= 2 * reach + 1:
        return np.arange(length)
    classes = np.full(length, reach)
    classes[:reach] = np.arange(reach)
    classes[length - reach :] = np.arange(reach + 1, 2 * reach + 1)
    return classes


def _neighbour_counts(in_area: np.ndarray | None, stencil: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    kernel = stencil.astype(np.float64)
    if in_area is not None:
        return np.rint(ndimage.correlate(in_area.astype(np.float64), kernel, mode="constant")).astype(
            np.int64
        )
    # Without a mask a cell's count depends only on how near it is to each edge: count a small
    # grid of representative rows and columns, then spread it over the whole grid.
    reach = stencil.shape[0] // 2
    row_classes = _edge_classes(shape[0], reach)
    column_classes = _edge_classes(shape[1], reach)
    small = np.ones((row_classes.max() + 1, column_classes.max() + 1))
    small_counts = np.rint(ndimage.correlate(small, kernel, mode="constant")).astype(np.int64)
    return small_counts[np.ix_(row_classes, column_classes)]


def _z_scores(sums: Any, neighbours: Any, *, n: int, mean: float, spread: float) -> Any:
    with np.errstate(divide="ignore", invalid="ignore"):
        # A cell outside the study area may have no neighbours in it: its z is NaN.
        return (sums - neighbours * mean) / (spread * np.sqrt(neighbours * (n - neighbours) / (n - 1)))


def _two_sided_p(z: Any) -> Any:
    return 2.0 * special.ndtr(-np.abs(z))


def getis_ord_gi_star(
    values: Any, *, cell_size_m: float, distance_band_m: float, mask: Any = None, fdr: bool = True
) -> HotSpots:
    """Gi* z-scores, p-values and hot/cold classes for a grid of counts (or harm).

    `values` is a 2-D array over the grid (e.g. `Grid.counts`), `mask` the grid's study-area mask
    (None: every cell). Raises ValueError when the values are empty, negative or all the same
    (Gi* compares each neighbourhood with the spread of the whole area, so it needs a spread).
    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 2 or x.size == 0:
        raise ValueError(f"values must be a non-empty 2-D grid, not shape {x.shape}")
    in_area = None if mask is None else np.asarray(mask, dtype=bool)
    if in_area is not None:
        if in_area.shape != x.shape:
            raise ValueError(f"mask has shape {in_area.shape}, values {x.shape}")
        x = np.where(in_area, x, 0.0)
    # min ≥ 0 is False for NaN, and max < inf catches infinities: two passes instead of three.
    if not (x.min() >= 0 and x.max() < math.inf):
        raise ValueError("values must be finite counts or weights, none negative")
    stencil = distance_band_stencil(cell_size_m=cell_size_m, distance_band_m=distance_band_m)
    n = x.size if in_area is None else int(in_area.sum())
    mean = float(x.sum()) / n
    spread = math.sqrt(max(float(np.vdot(x, x)) / n - mean * mean, 0.0))
    if n < 3 or spread == 0.0:
        raise ValueError("Gi* needs at least three cells and values that are not all the same")
    neighbours = _neighbour_counts(in_area, stencil, x.shape)
    if (neighbours if in_area is None else neighbours[in_area]).max() >= n:
        raise ValueError("the distance band reaches every cell of the area: choose a smaller band")
    sums = _neighbour_sums(x, stencil).ravel()

    # Most cells have an empty neighbourhood, and then z (and p) depend only on the neighbour
    # count: look those up in a table of a few dozen entries and compute the rest cell by cell.
    occupied = np.flatnonzero(sums)
    flat_neighbours = neighbours.ravel()
    if in_area is not None:
        occupied = occupied[in_area.ravel()[occupied]]
    per_count = np.arange(int(flat_neighbours.max()) + 1)
    z_by_count = _z_scores(0.0, per_count, n=n, mean=mean, spread=spread)
    p_by_count = _two_sided_p(z_by_count)
    z = z_by_count[flat_neighbours]
    z[occupied] = _z_scores(sums[occupied], flat_neighbours[occupied], n=n, mean=mean, spread=spread)
    p = p_by_count[flat_neighbours]
    p[occupied] = _two_sided_p(z[occupied])
    if fdr:
        # BH over the study area: each empty-neighbourhood p enters once, repeated as often as it occurs.
        repeats = np.bincount(flat_neighbours if in_area is None else flat_neighbours[in_area.ravel()])
        repeats = np.append(repeats, np.zeros(per_count.size - repeats.size, dtype=np.int64))
        repeats -= np.bincount(flat_neighbours[occupied], minlength=per_count.size)
        present = np.nonzero(repeats)[0]
        adjusted = _adjusted(
            np.concatenate([p[occupied], p_by_count[present]]),
            np.concatenate([np.ones(occupied.size, dtype=np.int64), repeats[present]]),
        )
        q_by_count = np.full(per_count.size, np.nan)
        q_by_count[present] = adjusted[occupied.size :]
        q = q_by_count[flat_neighbours]
        q[occupied] = adjusted[: occupied.size]
    else:
        q = p
    z, p, q = (a.reshape(x.shape) for a in (z, p, q))
    if in_area is not None:
        for a in (z, p, q):
            a[~in_area] = np.nan
    return HotSpots(z=z, p=p, q=q, confidence=confidence_classes(z, q), neighbours=neighbours)
