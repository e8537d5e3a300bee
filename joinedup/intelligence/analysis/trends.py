"""Trends as committee reports show them: financial years, rolling 12 months, year-on-year change.

Inputs are columns: the month of each row (e.g. "2025-04", a date, or numpy datetime64) and,
optionally, a count per row (aggregated rows from the database) — without it each row is one
incident. Financial years run April to March and are labelled "2025/26".

Is a change real or noise? Counts of crime are modelled as Poisson. Given a total of n = a + b
incidents over two periods, the current period's share a is Binomial(n, e_a / (e_a + e_b)) when
the underlying rate did not change (e_a, e_b the periods' lengths or populations): the exact
conditional test for comparing two Poisson counts. Its two-sided p-value is what we report; below
0.05 we call the change significant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

SIGNIFICANCE = 0.05
FINANCIAL_YEAR_FIRST_MONTH = 4  # April


def months_of(months: Any) -> np.ndarray:
    """A column of months as numpy `datetime64[M]`, or a ValueError naming the bad value."""
    try:
        array = np.asarray(months).astype("datetime64[M]")
    except (TypeError, ValueError) as error:
        raise ValueError(f"months must be dates or 'YYYY-MM' strings: {error}") from error
    if array.ndim != 1:
        raise ValueError(f"months must be a one-dimensional column, not shape {array.shape}")
    if np.isnat(array).any():
        raise ValueError("months has blanks: every row needs a month")
    return array


def _row_counts(values: Any, rows: int) -> np.ndarray:
    if values is None:
        return np.ones(rows)
    counts = np.asarray(values, dtype=np.float64)
    if counts.shape != (rows,):
        raise ValueError(f"values has {counts.size} entries for {rows} months")
    if not np.isfinite(counts).all() or (counts < 0).any():
        raise ValueError("values must be finite and not negative")
    return counts


def financial_year_start(months: Any) -> np.ndarray:
    """Calendar year each month's financial year starts in (Jan-Mar 2026 → 2025)."""
    month_index = months_of(months).astype(np.int64)  # months since 1970-01
    year, month = month_index // 12 + 1970, month_index % 12 + 1
    return np.where(month >= FINANCIAL_YEAR_FIRST_MONTH, year, year - 1)


def financial_year_label(start_year: int) -> str:
    """'2025/26' for the year from April 2025 to March 2026."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_totals(months: Any, values: Any = None) -> dict[str, float]:
    """Totals per financial year, oldest first: {"2024/25": 9120.0, "2025/26": 8870.0}."""
    starts = financial_year_start(months)
    counts = _row_counts(values, len(starts))
    years, positions = np.unique(starts, return_inverse=True)
    totals = np.bincount(positions, weights=counts, minlength=len(years))
    return {financial_year_label(int(year)): float(total) for year, total in zip(years, totals, strict=True)}


@dataclass(frozen=True)
class PeriodChange:
    """Two periods compared: counts, the change, and whether it is more than chance."""

    current: float
    previous: float
    change: float
    # None when the previous period had nothing (a percentage of zero means nothing).
    percent_change: float | None
    p_value: float
    significant: bool


def poisson_change_test(
    current: float, previous: float, *, current_exposure: float = 1.0, previous_exposure: float = 1.0
) -> float:
    """Two-sided p-value that two Poisson counts share one rate (the conditional binomial test).

    Exposures are the periods' lengths or populations; equal by default. With no incidents in
    either period there is no evidence of change: p = 1.
    """
    for name, count in (("current", current), ("previous", previous)):
        if not (count >= 0 and float(count).is_integer()):
            raise ValueError(f"the {name} count must be a whole number of incidents, not {count}")
    if not (current_exposure > 0 and previous_exposure > 0):
        raise ValueError("exposures (period lengths or populations) must be positive")
    total = int(current) + int(previous)
    if total == 0:
        return 1.0
    share = current_exposure / (current_exposure + previous_exposure)
    return float(stats.binomtest(int(current), total, share).pvalue)


def compare_periods(
    current: float, previous: float, *, current_exposure: float = 1.0, previous_exposure: float = 1.0
) -> PeriodChange:
    """Change between two periods' counts with its Poisson exact significance test."""
    p_value = poisson_change_test(
        current, previous, current_exposure=current_exposure, previous_exposure=previous_exposure
    )
    return PeriodChange(
        current=float(current),
        previous=float(previous),
        change=float(current) - float(previous),
        percent_change=None if previous == 0 else (float(current) - float(previous)) / float(previous) * 100,
        p_value=p_value,
        significant=p_value < SIGNIFICANCE,
    )


def _total_between(
    months: np.ndarray, counts: np.ndarray, first: np.datetime64, last: np.datetime64
) -> float:
    return float(counts[(months >= first) & (months <= last)].sum())


def rolling_twelve_months(months: Any, values: Any = None, *, ending: Any) -> PeriodChange:
    """The 12 months to `ending` (inclusive) against the 12 before them."""
    column = months_of(months)
    counts = _row_counts(values, len(column))
    last = months_of([ending])[0]
    one = np.timedelta64(1, "M")
    current = _total_between(column, counts, last - 11 * one, last)
    previous = _total_between(column, counts, last - 23 * one, last - 12 * one)
    return compare_periods(current, previous)


def year_on_year(months: Any, values: Any = None, *, month: Any) -> PeriodChange:
    """One month against the same month a year earlier."""
    column = months_of(months)
    counts = _row_counts(values, len(column))
    this = months_of([month])[0]
    earlier = this - np.timedelta64(12, "M")
    return compare_periods(
        _total_between(column, counts, this, this), _total_between(column, counts, earlier, earlier)
    )


def rate_per_thousand(counts: Any, population: Any) -> np.ndarray:
    """Incidents per 1,000 residents; NaN where no population is loaded (NaN or None)."""
    numerators = np.asarray(counts, dtype=np.float64)
    residents = np.asarray(
        [np.nan if p is None else p for p in np.atleast_1d(np.asarray(population, dtype=object))],
        dtype=np.float64,
    ).reshape(np.shape(population))
    if numerators.shape != residents.shape:
        raise ValueError(
            f"counts {numerators.shape} and population {residents.shape} must have the same shape"
        )
    if (residents[~np.isnan(residents)] <= 0).any():
        raise ValueError("a population must be positive (leave it blank where it is not known)")
    return numerators / residents * 1000


def top_areas(areas: Any, values: Any, *, n: int = 10) -> list[tuple[Any, float]]:
    """The n areas with the highest values, highest first; ties go to the lower area code."""
    codes = np.asarray(areas)
    scores = np.asarray(values, dtype=np.float64)
    if codes.shape != scores.shape or codes.ndim != 1:
        raise ValueError(
            f"areas ({codes.size}) and values ({scores.size}) must be columns of the same length"
        )
    if n < 1:
        raise ValueError("n must be at least 1")
    if np.isnan(scores).any():
        raise ValueError("values has blanks: rank only areas with a value")
    order = np.lexsort((codes, -scores))[:n]
    return [(codes[i].item(), float(scores[i])) for i in order]
