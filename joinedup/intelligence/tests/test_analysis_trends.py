"""Financial years, rolling 12 months, year-on-year change with its Poisson test, rates and rankings."""

import datetime

import numpy as np
import pytest

from joinedup.intelligence.analysis.trends import (
    compare_periods,
    financial_year_label,
    financial_year_start,
    financial_year_totals,
    poisson_change_test,
    rate_per_thousand,
    rolling_twelve_months,
    top_areas,
    year_on_year,
)

# Two calendar years of months, January 2024 to December 2025, with 10 + the month's index incidents.
MONTHS = [f"{year}-{month:02d}" for year in (2024, 2025) for month in range(1, 13)]
COUNTS = [10 + i for i in range(24)]


def test_financial_years_run_april_to_march():
    starts = financial_year_start(["2025-03", "2025-04", "2026-03", datetime.date(2026, 4, 17)])
    np.testing.assert_array_equal(starts, [2024, 2025, 2025, 2026])
    assert financial_year_label(2025) == "2025/26"
    assert financial_year_label(1999) == "1999/00"


def test_financial_year_totals():
    # 2023/24 holds Jan-Mar 2024: 10 + 11 + 12 = 33.
    # 2024/25 holds Apr 2024 (13) … Mar 2025 (24): (13 + 24) · 12 / 2 = 222.
    # 2025/26 holds Apr-Dec 2025: 25 … 33 = 261.
    assert financial_year_totals(MONTHS, COUNTS) == {"2023/24": 33.0, "2024/25": 222.0, "2025/26": 261.0}
    # Without counts each row is one incident.
    assert financial_year_totals(["2025-04", "2025-05", "2026-01", "2026-04"]) == {
        "2025/26": 3.0,
        "2026/27": 1.0,
    }


def test_poisson_exact_test_by_hand():
    # 10 against 2: under one rate, X ~ Binomial(12, 1/2). P(X ≥ 10) = (66 + 12 + 1) / 4096 = 0.019287;
    # the two-sided p doubles it: 0.038574.
    assert poisson_change_test(10, 2) == pytest.approx(2 * 79 / 4096)
    assert poisson_change_test(2, 10) == pytest.approx(2 * 79 / 4096)
    assert poisson_change_test(5, 5) == pytest.approx(1.0)
    assert poisson_change_test(0, 0) == 1.0
    # Twice the exposure, twice the count: no change.
    assert poisson_change_test(20, 10, current_exposure=2) == pytest.approx(1.0)


def test_compare_periods_reports_the_change():
    change = compare_periods(130, 100)
    assert change.change == 30 and change.percent_change == pytest.approx(30.0)
    assert change.significant == (change.p_value < 0.05)
    assert 0.05 < change.p_value < 0.1  # 130 against 100 is suggestive, not significant
    assert compare_periods(5, 0).percent_change is None
    assert compare_periods(200, 100).significant


def test_rolling_twelve_months_against_the_twelve_before():
    change = rolling_twelve_months(MONTHS, COUNTS, ending="2025-12")
    assert change.current == sum(COUNTS[12:])
    assert change.previous == sum(COUNTS[:12])
    partial = rolling_twelve_months(MONTHS, COUNTS, ending="2025-06")
    assert partial.current == sum(COUNTS[6:18])
    assert partial.previous == sum(COUNTS[:6])


def test_year_on_year_compares_the_same_month():
    change = year_on_year(MONTHS, COUNTS, month="2025-03")
    assert (change.current, change.previous) == (24, 12)


def test_rates_per_thousand_residents():
    rates = rate_per_thousand([30, 12, 5], [1500, None, 2500])
    assert rates[0] == pytest.approx(20.0)
    assert np.isnan(rates[1])
    assert rates[2] == pytest.approx(2.0)


def test_top_areas_highest_first_ties_by_code():
    ranked = top_areas(["E05B", "E05A", "E05C", "E05D"], [5, 9, 9, 1], n=3)
    assert ranked == [("E05A", 9.0), ("E05C", 9.0), ("E05B", 5.0)]


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="dates or 'YYYY-MM'"):
        financial_year_totals(["April"])
    with pytest.raises(ValueError, match="values has 1 entries for 2 months"):
        financial_year_totals(["2025-04", "2025-05"], [1])
    with pytest.raises(ValueError, match="not negative"):
        financial_year_totals(["2025-04"], [-1])
    with pytest.raises(ValueError, match="whole number of incidents"):
        poisson_change_test(2.5, 1)
    with pytest.raises(ValueError, match="exposures"):
        poisson_change_test(2, 1, current_exposure=0)
    with pytest.raises(ValueError, match="population must be positive"):
        rate_per_thousand([1], [0])
    with pytest.raises(ValueError, match="same shape"):
        rate_per_thousand([1, 2], [100])
    with pytest.raises(ValueError, match="same length"):
        top_areas(["a"], [1, 2])
    with pytest.raises(ValueError, match="at least 1"):
        top_areas(["a"], [1], n=0)
