"""Predictive Accuracy Index (PAI) and hit rate of a chosen set of places.

Chainey's PAI says how much better than chance a set of hot spots "catches" incidents:

    hit rate = n / N                (share of the incidents that fell in the chosen cells)
    PAI      = (n / N) / (a / A)    (hit rate divided by the share of the area the cells cover)

where n is incidents in the chosen cells, N incidents in the whole study area, a the chosen cells'
area and A the study area. PAI 1 is no better than picking cells at random; 10 means the cells hold
ten times their share of incidents. To test a forecast, choose cells from one period (e.g. last
quarter's hot spots) and count incidents from the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class AccuracyIndex:
    incidents_in_cells: float
    incidents: float
    cells_chosen: int
    cells: int
    hit_rate: float
    area_share: float
    pai: float


def predictive_accuracy_index(counts: Any, chosen: Any, *, mask: Any = None) -> AccuracyIndex:
    """PAI and hit rate of the `chosen` cells (boolean grid) for a grid of incident `counts`.

    The study area is the grid's `mask` (every cell when None); chosen cells outside it are ignored.
    Raises ValueError when there is nothing to measure: no incidents, no cells chosen, or no area.
    """
    values = np.asarray(counts, dtype=np.float64)
    picked = np.asarray(chosen, dtype=bool)
    in_area = np.ones(values.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    if values.size == 0:
        raise ValueError("the grid is empty")
    if picked.shape != values.shape or in_area.shape != values.shape:
        raise ValueError(
            f"counts {values.shape}, chosen cells {picked.shape} and mask {in_area.shape} "
            "must have the same shape"
        )
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError("counts must be finite and not negative")
    picked &= in_area
    total = float(values[in_area].sum())
    cells = int(in_area.sum())
    cells_chosen = int(picked.sum())
    if cells == 0:
        raise ValueError("the study area has no cells")
    if cells_chosen == 0:
        raise ValueError("no cells chosen inside the study area: PAI needs at least one")
    if total == 0:
        raise ValueError("no incidents in the study area: the hit rate and PAI are undefined")
    caught = float(values[picked].sum())
    hit_rate = caught / total
    area_share = cells_chosen / cells
    return AccuracyIndex(
        incidents_in_cells=caught,
        incidents=total,
        cells_chosen=cells_chosen,
        cells=cells,
        hit_rate=hit_rate,
        area_share=area_share,
        pai=hit_rate / area_share,
    )
