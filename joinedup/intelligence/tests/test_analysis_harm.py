"""Harm weights: every police.uk category has documented defaults; harm counts and rankings."""

import numpy as np
import pytest

from joinedup.intelligence.analysis.grid import grid_for_bounds
from joinedup.intelligence.analysis.harm import (
    CAMBRIDGE_CHI,
    DEFAULT_HARM_WEIGHTS,
    ONS_CSS,
    default_weights,
    harm_ranking,
    incident_weights,
)

POLICE_UK_SLUGS = {
    "anti-social-behaviour", "bicycle-theft", "burglary", "criminal-damage-arson", "drugs", "other-crime",
    "other-theft", "possession-of-weapons", "public-order", "robbery", "shoplifting", "theft-from-the-person",
    "vehicle-crime", "violent-crime",
}  # fmt: skip


@pytest.mark.parametrize("measure", [ONS_CSS, CAMBRIDGE_CHI])
def test_every_police_uk_category_has_a_documented_default(measure):
    entries = DEFAULT_HARM_WEIGHTS[measure]
    assert set(entries) == POLICE_UK_SLUGS
    for entry in entries.values():
        assert entry.source and entry.version and entry.derivation
        assert entry.weight >= 0
    # Only the scope rule (ASB is not a crime) is confirmed; blended figures say they are not.
    assert entries["anti-social-behaviour"].weight == 0 and entries["anti-social-behaviour"].confirmed
    assert not entries["robbery"].confirmed


def test_serious_categories_outweigh_volume_ones_under_both_measures():
    for measure in (ONS_CSS, CAMBRIDGE_CHI):
        weights = default_weights(measure)
        assert weights["robbery"] > weights["burglary"] > weights["shoplifting"]
        assert weights["violent-crime"] > weights["other-theft"]


def test_incident_weights_and_unknown_categories():
    weights = {"burglary": 320.0, "shoplifting": 12.0}
    np.testing.assert_array_equal(
        incident_weights(["burglary", "shoplifting", "burglary"], weights), [320, 12, 320]
    )
    with pytest.raises(ValueError, match="no harm weight for: fly-tipping"):
        incident_weights(["burglary", "fly-tipping"], weights)
    np.testing.assert_array_equal(incident_weights(["fly-tipping"], weights, unknown=1.0), [1.0])
    with pytest.raises(ValueError, match="not negative"):
        incident_weights(["burglary"], {"burglary": -1})


def test_harm_ranking_beside_count_ranking():
    # Ward A: 10 shoplifting (harm 10 x 12 = 120). Ward B: 2 robberies (2 x 1,400 = 2,800) and 1 shoplifting.
    areas = ["A", "B", "B"]
    categories = ["shoplifting", "robbery", "shoplifting"]
    ranking = harm_ranking(areas, categories, default_weights(ONS_CSS), counts=[10, 2, 1])
    assert [(r.area, r.harm_rank, r.count_rank) for r in ranking] == [("B", 1, 2), ("A", 2, 1)]
    assert ranking[0].harm == 2 * 1_400 + 12 and ranking[0].count == 3
    assert ranking[1].harm == 120 and ranking[1].count == 10


def test_harm_weighted_grid_counts():
    grid = grid_for_bounds(west=0, south=0, east=199, north=99, cell_size_m=100)
    weights = incident_weights(["robbery", "shoplifting", "shoplifting"], default_weights(CAMBRIDGE_CHI))
    harm = grid.counts([50, 150, 160], [50, 50, 50], weights=weights)
    np.testing.assert_array_equal(harm, [[365, 4]])


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="unknown harm measure"):
        default_weights("volume")
    with pytest.raises(ValueError, match="same length"):
        harm_ranking(["A"], [], {})
    with pytest.raises(ValueError, match="non-negative"):
        harm_ranking(["A"], ["burglary"], {"burglary": 1}, counts=[-1])
    assert harm_ranking([], [], {}) == []
