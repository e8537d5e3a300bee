"""The assessment arithmetic on worked examples, each figure computed by hand in the test."""

from fractions import Fraction
from math import comb, pi

import numpy as np
import pytest
import shapely

from joinedup.problems import before_after


def binomial_two_sided(k: int, n: int, p: Fraction) -> float:
    """The exact test by its definition: the chance of any outcome no likelier than the one seen."""
    pmf = [comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(n + 1)]
    return float(sum(q for q in pmf if q <= pmf[k]))


def test_halving_in_equal_periods_is_minus_fifty_percent_and_significant():
    change = before_after.zone_change("target", before=40, after=20, before_months=6, after_months=6)

    assert change.percent_change == pytest.approx(-50.0)
    # Equal periods: the after count is Binomial(60, 1/2) if nothing changed; two tails of 20 or fewer.
    by_hand = 2 * sum(comb(60, i) for i in range(21)) / 2**60
    assert change.p_value == pytest.approx(by_hand, rel=1e-9)
    assert change.p_value == pytest.approx(0.01349, abs=1e-5)
    assert change.significant


def test_periods_of_different_lengths_compare_monthly_rates():
    # 30 in six months (5 a month) against 10 in three (3.33 a month): down a third, not two thirds.
    change = before_after.zone_change("target", before=30, after=10, before_months=6, after_months=3)

    assert change.before_per_month == 5
    assert change.after_per_month == pytest.approx(10 / 3)
    assert change.percent_change == pytest.approx(-100 / 3)
    assert change.p_value == pytest.approx(binomial_two_sided(10, 40, Fraction(1, 3)), rel=1e-9)
    assert not change.significant


def test_a_small_change_is_not_called_significant_and_nothing_before_has_no_percentage():
    small = before_after.zone_change("buffer", before=10, after=8, before_months=3, after_months=3)
    assert small.p_value == pytest.approx(binomial_two_sided(8, 18, Fraction(1, 2)))
    assert not small.significant
    new = before_after.zone_change("buffer", before=0, after=4, before_months=3, after_months=3)
    assert new.percent_change is None
    assert new.p_value == pytest.approx(2 / 16)  # all four after: (1/2)^4, both tails


@pytest.mark.parametrize(
    ("buffer_after", "expected", "reading"),
    [
        (40, 0.25, "Diffusion of benefits: the buffer improved too."),
        (70, -0.5, "Some displacement"),
        (110, -1.5, "Displacement larger"),
    ],
)
def test_weighted_displacement_quotient_worked_examples(buffer_after, expected, reading):
    # Comparison steady at 1,000; target 100 → 60, so success = 60/1000 - 100/1000 = -0.04.
    # Buffer 50 → 40: (40 - 50)/1000 = -0.01, WDQ = 0.25; → 70: +0.02, -0.5; → 110: +0.06, -1.5.
    wdq = before_after.weighted_displacement_quotient(
        target_before=100,
        target_after=60,
        buffer_before=50,
        buffer_after=buffer_after,
        comparison_before=1000,
        comparison_after=1000,
    )
    assert wdq == pytest.approx(expected)
    assert before_after.wdq_reading(wdq).startswith(reading)


def test_no_quotient_when_the_target_did_not_improve_against_the_comparison():
    # Target down 10%, comparison down 20%: relative to the background, the target got worse.
    assert (
        before_after.weighted_displacement_quotient(
            target_before=100,
            target_after=90,
            buffer_before=50,
            buffer_after=50,
            comparison_before=1000,
            comparison_after=800,
        )
        is None
    )
    assert before_after.wdq_reading(None).startswith("Not measured")


def test_the_buffer_is_a_ring_and_the_comparison_area_leaves_both_out():
    target = shapely.box(0, 0, 100, 100)
    comparison = shapely.box(-1000, -1000, 1000, 1000)

    zones = before_after.zones_for(target=target, buffer_m=50, comparison=comparison)

    # A 100 m square grown by 50 m: four 100 x 50 strips and a 50 m circle at the corners.
    assert zones.buffer.area == pytest.approx(4 * 100 * 50 + pi * 50**2, rel=1e-2)
    assert zones.comparison.area == pytest.approx(2000**2 - 100**2 - zones.buffer.area, rel=1e-6)
    assert not zones.comparison.intersects(shapely.box(10, 10, 90, 90))


def test_points_are_counted_in_their_zone_and_period():
    zones = before_after.zones_for(
        target=shapely.box(0, 0, 100, 100), buffer_m=50, comparison=shapely.box(-1000, -1000, 1000, 1000)
    )
    # In the target (twice before, once after), in the buffer (after), in the comparison area (before),
    # and one outside everything.
    easting = np.array([50, 60, 70, 120, 500, 5000], dtype=float)
    northing = np.array([50, 60, 70, 50, 500, 5000], dtype=float)
    after = np.array([False, False, True, True, False, False])

    counts = before_after.zone_counts(zones.items(), easting, northing, after)

    assert counts == {"target": (2, 1), "buffer": (0, 1), "comparison": (1, 0)}


def test_figures_put_it_together_with_patrols():
    counts = {"target": (8, 2), "buffer": (4, 4), "comparison": (20, 10)}

    figures = before_after.figures(
        counts, before_months=3, after_months=3, patrols_before=(0, 0.0), patrols_after=(2, 5.5)
    )

    target = figures.zones[0]
    assert (target.before, target.after, target.percent_change) == (8, 2, -75.0)
    assert target.p_value == pytest.approx(2 * (1 + 10 + 45) / 1024)  # P(X <= 2), X ~ Bin(10, 1/2), twice
    # Success 2/10 - 8/20 = -0.2; buffer 4/10 - 4/20 = +0.2: WDQ -1, as much moved as was prevented.
    assert figures.wdq == pytest.approx(-1.0)
    assert figures.as_json()["patrols"] == {
        "before": {"count": 0, "hours": 0.0},
        "after": {"count": 2, "hours": 5.5},
    }
