"""Predictive Accuracy Index by hand, with a mask, and its refusals."""

import numpy as np
import pytest

from joinedup.intelligence.analysis.pai import predictive_accuracy_index


def test_pai_by_hand():
    # 100 cells, 200 incidents; the 5 chosen cells hold 60 of them.
    # hit rate = 60/200 = 0.30; area share = 5/100 = 0.05; PAI = 0.30/0.05 = 6.
    counts = np.full((10, 10), 140 / 95)
    chosen = np.zeros((10, 10), dtype=bool)
    chosen[0, :5] = True
    counts[0, :5] = 12
    result = predictive_accuracy_index(counts, chosen)
    assert result.incidents == pytest.approx(200)
    assert result.incidents_in_cells == 60
    assert result.hit_rate == pytest.approx(0.30)
    assert result.area_share == pytest.approx(0.05)
    assert result.pai == pytest.approx(6.0)


def test_random_choice_scores_about_one_and_the_mask_sets_the_area():
    counts = np.ones((4, 5))
    chosen = np.zeros((4, 5), dtype=bool)
    chosen[0, 0] = chosen[3, 4] = True
    assert predictive_accuracy_index(counts, chosen).pai == pytest.approx(1.0)
    mask = np.zeros((4, 5), dtype=bool)
    mask[:2] = True  # 10 cells; the chosen cell at (3, 4) is outside and ignored
    result = predictive_accuracy_index(counts, chosen, mask=mask)
    assert (result.cells, result.cells_chosen) == (10, 1)
    assert result.pai == pytest.approx((1 / 10) / (1 / 10))


def test_zero_denominators_are_refused_with_clear_messages():
    chosen = np.eye(3, dtype=bool)
    with pytest.raises(ValueError, match="no incidents in the study area"):
        predictive_accuracy_index(np.zeros((3, 3)), chosen)
    with pytest.raises(ValueError, match="no cells chosen"):
        predictive_accuracy_index(np.ones((3, 3)), np.zeros((3, 3), dtype=bool))
    with pytest.raises(ValueError, match="study area has no cells"):
        predictive_accuracy_index(np.ones((3, 3)), chosen, mask=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="grid is empty"):
        predictive_accuracy_index(np.zeros((0, 0)), np.zeros((0, 0)))
    with pytest.raises(ValueError, match="same shape"):
        predictive_accuracy_index(np.ones((3, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="not negative"):
        predictive_accuracy_index(-np.ones((3, 3)), chosen)
