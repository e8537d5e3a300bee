"""Emerging hot spots: how each cell's hot or cold spot status has changed over monthly steps.

The input is a space-time cube: one grid of counts per month, oldest first. For each month we run
Gi* (`gistar.getis_ord_gi_star`, with its false-discovery-rate correction) and note which cells are
significant hot or cold spots at the chosen confidence (90 % by default). For each cell we then
test the trend of its monthly Gi* z-scores with the Mann-Kendall test: a significant upward trend
means clustering of high counts there is getting stronger.

Each cell gets one pattern, as ArcGIS Pro's Emerging Hot Spot Analysis defines them. With n months,
"hot" meaning a significant hot spot in a month, and "the last month" the most recent step:

- New hot spot: hot in the last month and never before.
- Consecutive hot spot: hot in an unbroken run of at least two months ending with the last month,
  never hot before that run, and hot in less than 90 % of the months.
- Intensifying hot spot: hot in at least 90 % of the months including the last, and the z-scores
  trend significantly upwards (Mann-Kendall).
- Persistent hot spot: hot in at least 90 % of the months including the last, with no significant
  trend either way.
- Diminishing hot spot: hot in at least 90 % of the months including the last, and the z-scores
  trend significantly downwards.
- Sporadic hot spot: hot in the last month, on and off before, in less than 90 % of the months,
  and never a cold spot.
- Oscillating hot spot: hot in the last month, a cold spot in some earlier month, and hot in less
  than 90 % of the months.
- Historical hot spot: not hot in the last month, but hot in at least 90 % of the months.

Cold spot patterns mirror these with "cold" for "hot" (an intensifying cold spot's z-scores trend
downwards). A cell matching neither set has no pattern. A hot pattern is looked for first; a cell
cannot match both, because both need the last month, or 90 % of months, on their own side.

Two simplifications against ArcGIS, both stated on the page: neighbourhoods are spatial only (a
month's Gi* uses that month's counts; ArcGIS can add earlier months to the neighbourhood), and
a month in which the area's counts are all equal (e.g. none at all) has no hot or cold spots and
a z-score of 0 in every cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from .gistar import getis_ord_gi_star

PERSISTENT_SHARE = 0.9
MIN_STEPS = 4
NO_PATTERN = 0
# Codes: positive for hot spot patterns, the same number negated for the cold spot one.
NEW, CONSECUTIVE, INTENSIFYING, PERSISTENT, DIMINISHING, SPORADIC, OSCILLATING, HISTORICAL = range(1, 9)
PATTERN_NAMES = {
    NEW: "new",
    CONSECUTIVE: "consecutive",
    INTENSIFYING: "intensifying",
    PERSISTENT: "persistent",
    DIMINISHING: "diminishing",
    SPORADIC: "sporadic",
    OSCILLATING: "oscillating",
    HISTORICAL: "historical",
}


def pattern_label(code: int) -> str:
    """'New hot spot', 'Persistent cold spot', 'No pattern detected' …"""
    if code == NO_PATTERN:
        return "No pattern detected"
    side = "hot" if code > 0 else "cold"
    return f"{PATTERN_NAMES[abs(code)].capitalize()} {side} spot"


@dataclass(frozen=True)
class MannKendall:
    """Mann-Kendall trend test results, one per series (the input's leading shape)."""

    s: np.ndarray
    variance: np.ndarray
    z: np.ndarray
    p: np.ndarray


def mann_kendall(series: Any) -> MannKendall:
    """Mann-Kendall trend test with the tie correction, along the last axis (oldest first).

    S = Σ_{i<j} sign(x_j - x_i). With g groups of tied values of sizes t_k,
    Var(S) = [n(n-1)(2n+5) - Σ t_k(t_k-1)(2t_k+5)] / 18, and
    Z = (S - 1)/√Var if S > 0, (S + 1)/√Var if S < 0, else 0 (the continuity correction).
    p is two-sided, 2 · P(N(0,1) > |Z|). A series with every value tied has Var 0, Z 0, p 1.
    """
    x = np.asarray(series, dtype=np.float64)
    if x.ndim == 0 or x.shape[-1] < 2:
        raise ValueError("a Mann-Kendall trend needs a series of at least two values")
    if not np.isfinite(x).all():
        raise ValueError("a Mann-Kendall series must be finite numbers")
    n = x.shape[-1]
    s = np.zeros(x.shape[:-1])
    # How many values equal each value (itself included): a value in a tie of size t sees t, so
    # summing (t-1)(2t+5) over values gives Σ over groups of t(t-1)(2t+5).
    tied = np.zeros(x.shape)
    for i in range(n):
        differences = x[..., i + 1 :] - x[..., i : i + 1]
        s += np.sign(differences).sum(axis=-1)
        tied[..., i] = (x == x[..., i : i + 1]).sum(axis=-1)
    tie_term = ((tied - 1) * (2 * tied + 5)).sum(axis=-1)
    variance = (n * (n - 1) * (2 * n + 5) - tie_term) / 18.0
    numerator = s - np.sign(s)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(variance > 0, numerator / np.sqrt(variance), 0.0)
    return MannKendall(s=s, variance=variance, z=z, p=2.0 * special.ndtr(-np.abs(z)))


def _one_side(hot: np.ndarray, cold: np.ndarray, trend_up: np.ndarray, trend_down: np.ndarray) -> np.ndarray:
    """Hot spot pattern codes (0 for none) for flags shaped (steps, ...)."""
    steps = hot.shape[0]
    last = hot[-1]
    mostly = hot.sum(axis=0) >= PERSISTENT_SHARE * steps
    before = hot[:-1].any(axis=0)
    # Length of the run of hot months ending with the last one.
    run = np.zeros(last.shape, dtype=np.int64)
    running = np.ones(last.shape, dtype=bool)
    for step in range(steps - 1, -1, -1):
        running &= hot[step]
        run += running
    hot_before_run = np.zeros(last.shape, dtype=bool)
    for step in range(steps):
        hot_before_run |= hot[step] & (step < steps - run)
    codes = np.zeros(last.shape, dtype=np.int8)
    # Later assignments win, so the order runs from the most general rule to the most specific.
    codes[~last & mostly] = HISTORICAL
    codes[last] = SPORADIC
    codes[last & cold[:-1].any(axis=0)] = OSCILLATING
    codes[last & (run >= 2) & ~hot_before_run] = CONSECUTIVE
    codes[last & ~before] = NEW
    codes[last & mostly] = PERSISTENT
    codes[last & mostly & trend_up] = INTENSIFYING
    codes[last & mostly & trend_down] = DIMINISHING
    return codes


def classify_patterns(
    hot: Any, cold: Any, trend_z: Any, trend_p: Any, *, trend_alpha: float = 0.05
) -> np.ndarray:
    """Pattern codes from monthly hot/cold flags (steps first) and each cell's z-score trend."""
    hot_flags, cold_flags = np.asarray(hot, dtype=bool), np.asarray(cold, dtype=bool)
    if hot_flags.shape != cold_flags.shape or hot_flags.ndim == 0:
        raise ValueError("hot and cold flags must have the same shape, months first")
    if (hot_flags & cold_flags).any():
        raise ValueError("a cell cannot be a hot and a cold spot in the same month")
    if hot_flags.shape[0] < MIN_STEPS:
        raise ValueError(f"emerging hot spots need at least {MIN_STEPS} time steps, not {hot_flags.shape[0]}")
    z, p = np.asarray(trend_z, dtype=np.float64), np.asarray(trend_p, dtype=np.float64)
    significant = p <= trend_alpha
    hot_codes = _one_side(hot_flags, cold_flags, significant & (z > 0), significant & (z < 0))
    cold_codes = _one_side(cold_flags, hot_flags, significant & (z < 0), significant & (z > 0))
    return np.where(hot_codes != NO_PATTERN, hot_codes, -cold_codes).astype(np.int8)


@dataclass(frozen=True)
class EmergingHotSpots:
    """Per cell: the pattern code, the trend of its z-scores; per month and cell: z and classes."""

    pattern: np.ndarray
    trend: MannKendall
    z: np.ndarray
    confidence: np.ndarray


def emerging_hot_spots(
    cube: Any,
    *,
    cell_size_m: float,
    distance_band_m: float,
    mask: Any = None,
    confidence_level: int = 1,
    trend_alpha: float = 0.05,
) -> EmergingHotSpots:
    """Emerging hot spot patterns for a cube of counts shaped (months, rows, columns), oldest first.

    `confidence_level` is the Gi* class that counts as significant: 1 (90 %), 2 (95 %) or 3 (99 %).
    Cells outside `mask` get pattern 0 and NaN z-scores.
    """
    counts = np.asarray(cube, dtype=np.float64)
    if counts.ndim != 3 or counts.shape[0] < MIN_STEPS or counts[0].size == 0:
        raise ValueError(
            f"the cube must be (months, rows, columns) with at least {MIN_STEPS} months, "
            f"not shape {counts.shape}"
        )
    if confidence_level not in (1, 2, 3):
        raise ValueError("confidence_level must be 1 (90%), 2 (95%) or 3 (99%)")
    z = np.zeros(counts.shape)
    classes = np.zeros(counts.shape, dtype=np.int8)
    for step, grid in enumerate(counts):
        if np.ptp(grid if mask is None else grid[np.asarray(mask, dtype=bool)]) == 0:
            continue  # no variation this month: no hot or cold spots, z left at 0
        result = getis_ord_gi_star(grid, cell_size_m=cell_size_m, distance_band_m=distance_band_m, mask=mask)
        z[step] = np.nan_to_num(result.z)
        classes[step] = result.confidence
    trend = mann_kendall(np.moveaxis(z, 0, -1))
    pattern = classify_patterns(
        classes >= confidence_level, classes <= -confidence_level, trend.z, trend.p, trend_alpha=trend_alpha
    )
    if mask is not None:
        outside = ~np.asarray(mask, dtype=bool)
        pattern[outside] = NO_PATTERN
        z[:, outside] = np.nan
    return EmergingHotSpots(pattern=pattern, trend=trend, z=z, confidence=classes)
