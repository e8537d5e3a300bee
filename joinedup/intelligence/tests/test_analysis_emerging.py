"""Mann-Kendall by hand, and every emerging hot spot pattern on a constructed series."""

import math

import numpy as np
import pytest

from joinedup.intelligence.analysis.emerging import (
    CONSECUTIVE,
    DIMINISHING,
    HISTORICAL,
    INTENSIFYING,
    NEW,
    NO_PATTERN,
    OSCILLATING,
    PERSISTENT,
    SPORADIC,
    classify_patterns,
    emerging_hot_spots,
    mann_kendall,
    pattern_label,
)


def test_mann_kendall_on_a_steady_rise():
    # 1 2 3 4 5: all 10 pairs rise, S = 10. Var = 5·4·15/18 = 16.667. Z = (10 - 1)/√16.667 = 2.2045.
    result = mann_kendall([1, 2, 3, 4, 5])
    assert result.s == 10
    assert result.variance == pytest.approx(50 / 3)
    assert result.z == pytest.approx(9 / math.sqrt(50 / 3))
    assert result.p == pytest.approx(0.02749, abs=1e-5)


def test_mann_kendall_with_ties():
    # 1 2 2 3: pairs (1,2)+ (1,2)+ (1,3)+ (2,2)0 (2,3)+ (2,3)+ → S = 5.
    # One tie of size 2: Var = [4·3·13 - 2·1·9]/18 = 138/18 = 7.667. Z = (5 - 1)/√7.667 = 1.4446.
    result = mann_kendall([1, 2, 2, 3])
    assert result.s == 5
    assert result.variance == pytest.approx(138 / 18)
    assert result.z == pytest.approx(4 / math.sqrt(138 / 18))


def test_mann_kendall_falling_flat_and_many_series_at_once():
    result = mann_kendall([[5, 4, 3, 2, 1], [2, 2, 2, 2, 2], [1, 3, 2, 4, 3]])
    assert result.z[0] == pytest.approx(-9 / math.sqrt(50 / 3))
    assert result.z[1] == 0 and result.p[1] == 1  # all tied: no trend
    # 1 3 2 4 3: S = +1+1+1+1 -1+1+0 +1+1 -1 = 5; one tie of 3s: Var = (5·4·15 - 2·1·9)/18 = 15.667
    assert result.s[2] == 5
    assert result.variance[2] == pytest.approx((300 - 18) / 18)


def test_mann_kendall_refuses_bad_series():
    with pytest.raises(ValueError, match="at least two values"):
        mann_kendall([])
    with pytest.raises(ValueError, match="finite"):
        mann_kendall([1, np.nan, 3])


HOT = {
    # name: (monthly hot flags, monthly cold flags, trend z, trend p, expected code)
    "new": ("000000000001", "000000000000", 0.0, 1.0, NEW),
    "consecutive": ("000000000111", "000000000000", 0.0, 1.0, CONSECUTIVE),
    "intensifying": ("111111111111", "000000000000", 3.0, 0.003, INTENSIFYING),
    "persistent": ("111111111111", "000000000000", 0.5, 0.6, PERSISTENT),
    "persistent with a gap": ("111110111111", "000000000000", 0.0, 1.0, PERSISTENT),
    "diminishing": ("111111111111", "000000000000", -3.0, 0.003, DIMINISHING),
    "sporadic": ("010010001001", "000000000000", 0.0, 1.0, SPORADIC),
    "sporadic, hot run after an earlier hot month": ("100000000011", "000000000000", 0.0, 1.0, SPORADIC),
    "oscillating": ("000110000001", "110000000000", 0.0, 1.0, OSCILLATING),
    "historical": ("111111111110", "000000000000", 0.0, 1.0, HISTORICAL),
    "none": ("000110000000", "000000000000", 0.0, 1.0, NO_PATTERN),
}


def flags(text):
    return np.array([c == "1" for c in text])


@pytest.mark.parametrize("case", HOT.values(), ids=HOT.keys())
def test_each_hot_spot_pattern(case):
    hot, cold, z, p, expected = case
    code = classify_patterns(flags(hot)[:, None], flags(cold)[:, None], [z], [p])
    assert code[0] == expected


@pytest.mark.parametrize("case", HOT.values(), ids=HOT.keys())
def test_each_cold_spot_pattern_mirrors_the_hot_one(case):
    hot, cold, z, p, expected = case
    code = classify_patterns(flags(cold)[:, None], flags(hot)[:, None], [-z], [p])
    assert code[0] == -expected


def test_pattern_labels():
    assert pattern_label(NEW) == "New hot spot"
    assert pattern_label(-INTENSIFYING) == "Intensifying cold spot"
    assert pattern_label(NO_PATTERN) == "No pattern detected"


def test_a_cluster_that_grows_each_month_is_an_intensifying_hot_spot():
    rng = np.random.default_rng(11)
    months = 12
    cube = rng.poisson(0.2, size=(months, 25, 25)).astype(float)
    for month in range(months):
        cube[month, 11:14, 11:14] += 4 + 2 * month  # already a cluster, and growing
    cube[-1, 2:4, 20:22] += 12  # appears in the last month only
    result = emerging_hot_spots(cube, cell_size_m=100, distance_band_m=150)
    assert result.pattern[12, 12] == INTENSIFYING
    assert result.pattern[3, 21] == NEW
    assert result.z.shape == cube.shape


def test_an_empty_month_has_no_hot_spots_and_cells_outside_the_mask_no_pattern():
    cube = np.zeros((5, 10, 10))
    cube[:, 4:6, 4:6] = 5
    cube[2] = 0  # nothing recorded that month
    mask = np.ones((10, 10), dtype=bool)
    mask[0] = False
    result = emerging_hot_spots(cube, cell_size_m=100, distance_band_m=100, mask=mask)
    assert (result.confidence[2] == 0).all()
    # Hot in 4 of 5 months (80 %, under 90 %) with a gap: sporadic.
    assert result.pattern[5, 5] == SPORADIC
    assert (result.pattern[0] == NO_PATTERN).all() and np.isnan(result.z[:, 0]).all()


def test_bad_cubes_are_refused():
    with pytest.raises(ValueError, match="at least 4 months"):
        emerging_hot_spots(np.ones((3, 5, 5)), cell_size_m=100, distance_band_m=100)
    with pytest.raises(ValueError, match="months, rows, columns"):
        emerging_hot_spots(np.ones((5, 5)), cell_size_m=100, distance_band_m=100)
    with pytest.raises(ValueError, match="confidence_level"):
        emerging_hot_spots(np.ones((5, 5, 5)), cell_size_m=100, distance_band_m=100, confidence_level=5)
    with pytest.raises(ValueError, match="same month"):
        classify_patterns(np.ones((5, 1)), np.ones((5, 1)), [0], [1])
