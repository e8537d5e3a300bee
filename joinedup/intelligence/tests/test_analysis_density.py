"""Kernel density at cell centres: known kernel values, mass, weights and bad input."""

import math

import numpy as np
import pytest

from joinedup.intelligence.analysis.density import kernel_density, weighted_unique_points
from joinedup.intelligence.analysis.grid import Grid, grid_for_bounds


def one_km_grid(cell_size=100):
    return grid_for_bounds(west=0, south=0, east=999, north=999, cell_size_m=cell_size)


def test_one_point_gives_the_quartic_kernel_value_at_known_distances():
    grid = one_km_grid()
    # One incident at the centre of cell (5, 5): (550, 550). Bandwidth 200 m.
    density = kernel_density(grid, [550], [550], bandwidth_m=200)
    # Own cell, distance 0: 3 / (π · 200²) per m² = 23.873 per km².
    assert density[5, 5] == pytest.approx(3 / (math.pi * 200**2) * 1e6)
    assert density[5, 5] == pytest.approx(23.873, abs=1e-3)
    # Next cell, distance 100 m, u = 0.5: x (1 - 0.25)² = 0.5625 → 13.429 per km².
    assert density[5, 6] == pytest.approx(23.873 * 0.5625, abs=1e-3)
    # Diagonal, distance 141.4 m, u² = 0.5: x 0.25.
    assert density[6, 6] == pytest.approx(23.873 * 0.25, abs=1e-3)
    # Two cells away is exactly the bandwidth: nothing.
    assert density[5, 7] == 0
    assert density[5, 8] == 0


def test_epanechnikov_kernel_value_at_a_known_distance():
    grid = one_km_grid()
    density = kernel_density(grid, [550], [550], bandwidth_m=200, kernel="epanechnikov")
    # 2 / (π · 200²) · (1 - 0.25) per m², at 100 m.
    assert density[5, 6] == pytest.approx(2 / (math.pi * 200**2) * 0.75 * 1e6)


def test_density_integrates_to_the_number_of_incidents():
    grid = grid_for_bounds(west=0, south=0, east=2_999, north=2_999, cell_size_m=25)
    easting = [1_500, 1_200, 1_333.3]
    northing = [1_500, 1_700, 1_111.1]
    density = kernel_density(grid, easting, northing, bandwidth_m=400)
    cell_area_km2 = (25 / 1000) ** 2
    assert density.sum() * cell_area_km2 == pytest.approx(3, rel=0.01)


def test_repeated_locations_and_weights_add_up():
    grid = one_km_grid()
    repeated = kernel_density(grid, [550, 550, 550, 320], [550, 550, 550, 410], bandwidth_m=250)
    weighted = kernel_density(grid, [550, 320], [550, 410], bandwidth_m=250, weights=[3, 1])
    np.testing.assert_allclose(repeated, weighted, rtol=1e-12)
    harm = kernel_density(grid, [550, 320], [550, 410], bandwidth_m=250, weights=[6, 2])
    np.testing.assert_allclose(harm, 2 * weighted, rtol=1e-12)


def test_unique_points_sum_their_weights():
    x, y, w = weighted_unique_points(
        np.array([1.0, 2.0, 1.0, 1.0]), np.array([5.0, 5.0, 5.0, 6.0]), np.ones(4)
    )
    assert sorted(zip(x, y, w, strict=True)) == [(1.0, 5.0, 2.0), (1.0, 6.0, 1.0), (2.0, 5.0, 1.0)]


def test_points_just_outside_the_grid_still_reach_it_and_masked_cells_are_blank():
    mask = np.ones((10, 10), dtype=bool)
    mask[0, :] = False
    grid = Grid(west=0, south=0, cell_size=100, rows=10, columns=10, mask=mask)
    density = kernel_density(grid, [-40], [550], bandwidth_m=200)
    assert density[5, 0] > 0
    assert np.isnan(density[0]).all()


def test_no_incidents_give_an_empty_surface():
    assert kernel_density(one_km_grid(), [], [], bandwidth_m=200).sum() == 0


def test_bad_input_is_refused_with_a_clear_message():
    grid = one_km_grid()
    with pytest.raises(ValueError, match="unknown kernel 'gaussian'"):
        kernel_density(grid, [1], [1], bandwidth_m=200, kernel="gaussian")
    with pytest.raises(ValueError, match="bandwidth must be a positive number"):
        kernel_density(grid, [1], [1], bandwidth_m=-5)
    with pytest.raises(ValueError, match="different lengths"):
        kernel_density(grid, [1, 2], [1], bandwidth_m=200)
    with pytest.raises(ValueError, match="weights has 2 values for 1 points"):
        kernel_density(grid, [1], [1], bandwidth_m=200, weights=[1, 2])
    with pytest.raises(ValueError, match="use a larger cell size"):
        kernel_density(grid, [1], [1], bandwidth_m=100_000)
