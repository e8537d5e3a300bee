"""Emerging issues: months when an area's count of a category is well above what its past predicts.

This is the list a tasking meeting starts from. How it works, in words an analyst can repeat:

1. Each series is one area and one category, counted per month.
2. For a month to test, look back over the previous `baseline_months` months (12 by default: a
   full year, so every calendar month appears equally). The area's usual level is its average
   month over that year, with half an incident added to the total so a series that has always
   been empty still expects a little rather than nothing.
3. Seasonality: some categories always rise in summer (ASB) or around Christmas (shoplifting).
   For the category as a whole — all the areas given together, which is far steadier than one
   ward — we take the same calendar month in the look-back against that year's average month.
   That ratio (e.g. 1.3 for July ASB) is the seasonal factor. Expected = usual level x factor.
   With less than a year of history (a look-back of 6 to 11 months) there is no earlier July to
   learn from, so no seasonal adjustment is made (factor 1) and the page says so.
4. If incidents arrive at the expected rate by chance (a Poisson process), how likely is a count
   at least as high as the one observed? That probability is the p-value: small means surprising.
5. Testing many areas and categories at once throws up some surprises by chance alone, so the
   p-values are corrected with the Benjamini-Hochberg false discovery rate across every series
   and month tested. A month is flagged when its corrected p-value (q) is at most 0.05, it is
   above expectation, and it has at least `min_observed` incidents (3 by default), so single
   incidents in quiet wards do not fill the list.

For each month tested we return the observed count, the expected count, their ratio, p and q.
Police-recorded counts often vary more than Poisson allows (one prolific offender, one busy
weekend), which makes p-values too small; the FDR correction and the minimum count temper this,
and the ratio shows the size of the rise beside its significance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from .gistar import benjamini_hochberg
from .trends import months_of

FALSE_DISCOVERY_RATE = 0.05
SMOOTHING = 0.5
MIN_BASELINE = 6  # months: less says too little about an area's usual level


@dataclass(frozen=True)
class Exceedances:
    """Arrays shaped (series, months); NaN (False when flagged) where a month was not tested."""

    observed: np.ndarray
    expected: np.ndarray
    ratio: np.ndarray
    p: np.ndarray
    q: np.ndarray
    flagged: np.ndarray
    months: np.ndarray

    def flagged_rows(self) -> list[dict[str, Any]]:
        """Flagged series-months, most significant first (then the larger rise)."""
        series, steps = np.nonzero(self.flagged)
        order = np.lexsort((-self.ratio[series, steps], self.q[series, steps]))
        return [
            {
                "series": int(series[i]),
                "month": str(self.months[steps[i]]),
                "observed": float(self.observed[series[i], steps[i]]),
                "expected": float(self.expected[series[i], steps[i]]),
                "ratio": float(self.ratio[series[i], steps[i]]),
                "p_value": float(self.p[series[i], steps[i]]),
                "q_value": float(self.q[series[i], steps[i]]),
            }
            for i in order
        ]


def monthly_exceedances(
    counts: Any,
    months: Any,
    *,
    groups: Any = None,
    baseline_months: int = 12,
    recent: int | None = None,
    min_observed: int = 3,
) -> Exceedances:
    """Test each series' months against its seasonal baseline (see the module's description).

    `counts` is (series, months) of whole incident counts, `months` the consecutive months of
    its columns. `groups` labels each series' category: seasonality is pooled within a group
    (all series together when None). `recent` tests only the last `recent` months.
    """
    observed = np.asarray(counts, dtype=np.float64)
    if observed.ndim != 2 or observed.size == 0:
        raise ValueError(f"counts must be a non-empty (series, months) table, not shape {observed.shape}")
    if not np.isfinite(observed).all() or (observed < 0).any() or (observed != np.round(observed)).any():
        raise ValueError("counts must be whole numbers of incidents, none negative")
    columns = months_of(months)
    if len(columns) != observed.shape[1]:
        raise ValueError(f"{len(columns)} months given for {observed.shape[1]} columns of counts")
    if (np.diff(columns) != np.timedelta64(1, "M")).any():
        raise ValueError("months must be consecutive, oldest first, with no gaps (fill empty months with 0)")
    seasonal = baseline_months >= 12
    if baseline_months < MIN_BASELINE or (seasonal and baseline_months % 12):
        raise ValueError(
            f"baseline_months must be {MIN_BASELINE} to 11 (no seasonal adjustment) or a whole number of "
            "years (12, 24, …) so each calendar month counts equally"
        )
    steps = observed.shape[1]
    first_tested = baseline_months if recent is None else max(baseline_months, steps - recent)
    if first_tested >= steps:
        raise ValueError(
            f"{steps} months leave none to test after a {baseline_months}-month baseline: load more history"
        )
    labels = np.zeros(observed.shape[0], dtype=np.int64) if groups is None else _group_index(groups, observed)

    # Pooled counts per group and month: the steadier series seasonality is read from.
    pooled = np.zeros((labels.max() + 1, steps))
    np.add.at(pooled, labels, observed)

    expected = np.full(observed.shape, np.nan)
    for step in range(first_tested, steps):
        window = slice(step - baseline_months, step)
        level = (observed[:, window].sum(axis=1) + SMOOTHING) / baseline_months
        if not seasonal:
            expected[:, step] = level
            continue
        same_month = pooled[:, step - baseline_months : step : 12]  # that calendar month, each year back
        factor = (same_month.mean(axis=1) + SMOOTHING) / (pooled[:, window].mean(axis=1) + SMOOTHING)
        expected[:, step] = level * factor[labels]

    tested = ~np.isnan(expected)
    p = np.full(observed.shape, np.nan)
    # P(Y >= observed) for Y ~ Poisson(expected): the survival function at observed - 1.
    p[tested] = stats.poisson.sf(observed[tested] - 1, expected[tested])
    q = benjamini_hochberg(p)
    ratio = np.where(tested, observed / np.where(tested, expected, 1.0), np.nan)
    flagged = tested & (np.nan_to_num(q, nan=1.0) <= FALSE_DISCOVERY_RATE)
    flagged &= (observed >= min_observed) & (observed > np.nan_to_num(expected))
    return Exceedances(
        observed=observed, expected=expected, ratio=ratio, p=p, q=q, flagged=flagged, months=columns
    )


def _group_index(groups: Any, observed: np.ndarray) -> np.ndarray:
    names = np.asarray(groups)
    if names.shape != (observed.shape[0],):
        raise ValueError(f"groups has {names.size} labels for {observed.shape[0]} series")
    return np.unique(names, return_inverse=True)[1].astype(np.int64)
