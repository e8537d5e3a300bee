"""Getis-Ord Gi*: a hand-worked grid, edges and masks, the FDR correction and classes."""

import math

import numpy as np
import pytest
from scipy import stats

from joinedup.intelligence.analysis.gistar import (
    benjamini_hochberg,
    confidence_classes,
    distance_band_stencil,
    getis_ord_gi_star,
)


def test_gi_star_by_hand_on_a_strip_of_five_cells():
    # Counts 0 0 3 0 0 on a 1 x 5 strip of 100 m cells, band 100 m: each cell's neighbourhood is
    # itself and the cells either side. n = 5, mean x̄ = 0.6, Σx² = 9, s² = 9/5 - 0.36 = 1.44, s = 1.2.
    # Middle cell: S = 3, c = 3: z = (3 - 3·0.6) / (1.2 · √(3·2/4)) = 1.2 / (1.2 · √1.5) = 0.8165.
    # End cell: S = 0, c = 2: z = (0 - 1.2) / (1.2 · √(2·3/4)) = -0.8165.
    # Second cell: S = 3, c = 3: the same as the middle.
    result = getis_ord_gi_star(np.array([[0, 0, 3, 0, 0]]), cell_size_m=100, distance_band_m=100, fdr=False)
    expected = [
        -1 / math.sqrt(1.5),
        1 / math.sqrt(1.5),
        1 / math.sqrt(1.5),
        1 / math.sqrt(1.5),
        -1 / math.sqrt(1.5),
    ]
    np.testing.assert_allclose(result.z[0], expected)
    np.testing.assert_array_equal(result.neighbours[0], [2, 3, 3, 3, 2])
    assert result.p[0, 2] == pytest.approx(2 * stats.norm.sf(1 / math.sqrt(1.5)))
    np.testing.assert_array_equal(result.confidence, 0)


def test_a_cluster_is_a_hot_spot_and_empty_cells_count():
    counts = np.zeros((30, 30))
    counts[14:17, 14:17] = 8
    result = getis_ord_gi_star(counts, cell_size_m=100, distance_band_m=150)
    assert result.confidence[15, 15] == 3
    assert result.z[15, 15] > 10
    assert result.confidence[0, 0] == 0
    # Every cell has a result, zeros included.
    assert np.isfinite(result.z).all()


def test_the_stencil_holds_the_cells_within_the_band():
    stencil = distance_band_stencil(cell_size_m=100, distance_band_m=250)
    assert stencil.shape == (5, 5)
    assert stencil.sum() == 21  # 5 x 5 less the four corners (283 m away)
    assert distance_band_stencil(cell_size_m=100, distance_band_m=200).sum() == 13


def test_masked_cells_are_left_out():
    counts = np.zeros((10, 10))
    counts[4:6, 4:6] = 5
    mask = np.ones((10, 10), dtype=bool)
    mask[:, 7:] = False
    counts[:, 8] = 100  # outside the area: ignored
    result = getis_ord_gi_star(counts, cell_size_m=100, distance_band_m=100, mask=mask)
    assert np.isnan(result.z[:, 7:]).all()
    assert (result.confidence[:, 7:] == 0).all()
    assert result.neighbours[0, 6] == 3  # corner of the area: itself, below and left
    assert result.confidence[5, 5] > 0


def test_benjamini_hochberg_by_hand():
    # m = 5 sorted p: .01 .02 .03 .04 .20 → p·m/rank: .05 .05 .05 .05 .20; running minimum from the top.
    q = benjamini_hochberg([0.04, 0.01, 0.20, 0.03, 0.02])
    np.testing.assert_allclose(q, [0.05, 0.05, 0.20, 0.05, 0.05])
    # .001 .03 .04 over m = 3: .003 .045 .04 → .003 .04 .04
    np.testing.assert_allclose(benjamini_hochberg([0.03, 0.001, 0.04]), [0.04, 0.003, 0.04])
    assert np.isnan(benjamini_hochberg([0.5, np.nan])[1])
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([1.5])


def test_the_fdr_correction_on_a_grid_agrees_with_correcting_every_cell():
    rng = np.random.default_rng(7)
    counts = rng.poisson(0.3, size=(40, 50)).astype(float)
    counts[10:13, 20:23] += 6
    result = getis_ord_gi_star(counts, cell_size_m=100, distance_band_m=200)
    np.testing.assert_allclose(result.q, benjamini_hochberg(result.p), rtol=1e-12)
    uncorrected = getis_ord_gi_star(counts, cell_size_m=100, distance_band_m=200, fdr=False)
    assert (np.abs(result.confidence) <= np.abs(uncorrected.confidence)).all()


def test_confidence_classes_at_90_95_99_percent():
    z = np.array([3.0, 2.2, 1.8, 1.0, -1.8, -2.2, -3.0])
    p = 2 * stats.norm.sf(np.abs(z))
    np.testing.assert_array_equal(confidence_classes(z, p), [3, 2, 1, 0, -1, -2, -3])


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="non-empty 2-D grid"):
        getis_ord_gi_star(np.zeros((0, 0)), cell_size_m=100, distance_band_m=200)
    with pytest.raises(ValueError, match="not all the same"):
        getis_ord_gi_star(np.zeros((10, 10)), cell_size_m=100, distance_band_m=200)
    with pytest.raises(ValueError, match="none negative"):
        getis_ord_gi_star(-np.ones((10, 10)), cell_size_m=100, distance_band_m=200)
    with pytest.raises(ValueError, match="at least one cell"):
        getis_ord_gi_star(np.eye(10), cell_size_m=100, distance_band_m=50)
    with pytest.raises(ValueError, match="mask has shape"):
        getis_ord_gi_star(np.eye(10), cell_size_m=100, distance_band_m=100, mask=np.ones((3, 3)))
    with pytest.raises(ValueError, match="reaches every cell"):
        getis_ord_gi_star(np.eye(3), cell_size_m=100, distance_band_m=400)
