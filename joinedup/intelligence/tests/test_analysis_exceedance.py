"""Emerging issues: a planted spike in a seasonal series is found, the season itself is not."""

import numpy as np
import pytest
from scipy import stats

from joinedup.intelligence.analysis.exceedance import monthly_exceedances

MONTHS = [f"{year}-{month:02d}" for year in (2023, 2024, 2025) for month in range(1, 13)]
# A summer peak every year: July is 1.6 times the average month.
SEASON = np.array([0.7, 0.7, 0.8, 0.9, 1.1, 1.3, 1.6, 1.5, 1.1, 0.9, 0.8, 1.6])
SEASON = SEASON / SEASON.mean()


def seasonal_counts(levels):
    return np.round(np.outer(levels, np.tile(SEASON, 3)))


def test_a_planted_spike_is_flagged_and_the_usual_summer_peak_is_not():
    counts = seasonal_counts([20, 40, 10, 30])
    spike_series, spike_month = 2, MONTHS.index("2025-03")
    counts[spike_series, spike_month] = 30  # the usual March is about 8
    result = monthly_exceedances(counts, MONTHS)
    rows = result.flagged_rows()
    assert [(row["series"], row["month"]) for row in rows] == [(spike_series, "2025-03")]
    spike = rows[0]
    assert spike["observed"] == 30
    assert 6 < spike["expected"] < 10
    assert spike["ratio"] == pytest.approx(30 / spike["expected"])
    assert spike["p_value"] == pytest.approx(stats.poisson.sf(29, spike["expected"]))
    # July is far above the average month, but expected: not flagged.
    july = MONTHS.index("2025-07")
    assert counts[1, july] > 1.4 * counts[1, 24:].mean()
    assert not result.flagged[1, july]
    assert result.ratio[1, july] == pytest.approx(1.0, abs=0.1)


def test_the_expected_count_by_hand():
    # One series, 12 months of 10 then a 13th month. Level = (120 + 0.5) / 12 = 10.0417.
    # Seasonal factor: the same month a year earlier (10, + 0.5) over the average (10, + 0.5) = 1.
    counts = np.array([[10] * 12 + [25]])
    months = [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01"]
    result = monthly_exceedances(counts, months)
    assert np.isnan(result.expected[0, :12]).all()
    assert result.expected[0, 12] == pytest.approx(120.5 / 12)
    assert result.p[0, 12] == pytest.approx(stats.poisson.sf(24, 120.5 / 12))
    assert result.flagged[0, 12]


def test_with_less_than_a_year_of_history_the_baseline_is_the_months_there_are_without_season():
    # Eight months of 10, then 24: level = (80 + 0.5) / 8, no seasonal factor.
    counts = np.array([[10] * 8 + [24]])
    months = [f"2025-{m:02d}" for m in range(1, 10)]
    result = monthly_exceedances(counts, months, baseline_months=8)
    assert result.expected[0, 8] == pytest.approx(80.5 / 8)
    assert result.flagged[0, 8]


def test_seasonality_is_pooled_within_each_category():
    counts = np.vstack([seasonal_counts([20, 30]), np.full((2, 36), 15.0)])
    counts[3, MONTHS.index("2025-07")] = 32  # flat category: a July rise is unusual
    result = monthly_exceedances(counts, MONTHS, groups=["asb", "asb", "burglary", "burglary"])
    flagged = {(row["series"], row["month"]) for row in result.flagged_rows()}
    assert flagged == {(3, "2025-07")}
    # Pooled with the summer-peaking ASB series, July looks seasonal and the rise is missed.
    assert not monthly_exceedances(counts, MONTHS).flagged.any()


def test_only_recent_months_can_be_tested():
    counts = seasonal_counts([20, 40])
    result = monthly_exceedances(counts, MONTHS, recent=1)
    assert np.isnan(result.p[:, :-1]).all() and not np.isnan(result.p[:, -1]).any()


def test_bad_input_is_refused_with_a_clear_message():
    counts = seasonal_counts([20])
    with pytest.raises(ValueError, match="non-empty"):
        monthly_exceedances(np.zeros((0, 0)), [])
    with pytest.raises(ValueError, match="whole numbers"):
        monthly_exceedances(counts + 0.5, MONTHS)
    with pytest.raises(ValueError, match="35 months given for 36"):
        monthly_exceedances(counts, MONTHS[:-1])
    with pytest.raises(ValueError, match="consecutive"):
        monthly_exceedances(counts, MONTHS[::-1])
    with pytest.raises(ValueError, match="whole number of years"):
        monthly_exceedances(counts, MONTHS, baseline_months=18)
    with pytest.raises(ValueError, match="6 to 11"):
        monthly_exceedances(counts, MONTHS, baseline_months=5)
    with pytest.raises(ValueError, match="load more history"):
        monthly_exceedances(counts[:, :12], MONTHS[:12])
    with pytest.raises(ValueError, match="groups has 2 labels for 1 series"):
        monthly_exceedances(counts, MONTHS, groups=["a", "b"])
