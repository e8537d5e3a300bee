"""Grids in British National Grid metres: projection, cells, counts and GeoJSON for the map."""

import numpy as np
import pytest
from shapely.geometry import Polygon, box, shape

from joinedup.intelligence.analysis.grid import (
    Grid,
    area_to_bng,
    bng_to_lonlat,
    cell_features,
    grid_for_area,
    grid_for_bounds,
    grid_for_points,
    lonlat_to_bng,
)


def test_projection_gives_national_grid_metres():
    # The grid's central meridian is 2°W (false easting 400,000 m); WGS84 and OSGB36 differ by
    # about 100 m there. At 52°N a hundredth of a degree of latitude is about 1,113 m.
    easting, northing = lonlat_to_bng([-2.0, -2.22, -2.22], [52.19, 52.19, 52.20])
    assert easting[0] == pytest.approx(400_000, abs=150)
    assert easting[1] < easting[0] - 15_000
    assert northing[2] - northing[1] == pytest.approx(1_113, abs=3)


def test_projection_round_trips_to_the_same_lon_lat():
    lon, lat = np.array([-2.22, -3.05, -1.9]), np.array([52.19, 52.7, 52.3])
    back_lon, back_lat = bng_to_lonlat(*lonlat_to_bng(lon, lat))
    np.testing.assert_allclose(back_lon, lon, atol=1e-9)
    np.testing.assert_allclose(back_lat, lat, atol=1e-9)


def test_grid_origin_snaps_to_whole_cells_so_grids_line_up():
    grid = grid_for_bounds(west=385_012, south=254_777, east=385_390, north=254_801, cell_size_m=100)
    assert (grid.west, grid.south) == (385_000, 254_700)
    assert grid.shape == (2, 4)
    easting, northing = grid.centres()
    assert easting[0, 0] == 385_050 and northing[1, 3] == 254_850


def test_counts_and_weighted_counts_per_cell():
    grid = grid_for_bounds(west=0, south=0, east=299, north=199, cell_size_m=100)
    easting = [10, 20, 150, 250, 250, 999]  # the last point is outside the grid
    northing = [10, 30, 50, 150, 150, 50]
    np.testing.assert_array_equal(grid.counts(easting, northing), [[2, 1, 0], [0, 0, 2]])
    harm = grid.counts(easting, northing, weights=[1, 2, 3, 4, 5, 6])
    np.testing.assert_array_equal(harm, [[3, 3, 0], [0, 0, 9]])


def test_grid_for_an_area_keeps_the_cells_that_touch_it():
    # A triangle in BNG, taken back to lon/lat as boundaries are stored.
    triangle_bng = Polygon([(385_000, 254_000), (386_000, 254_000), (385_000, 255_000)])
    ring_lon, ring_lat = bng_to_lonlat(*np.array(triangle_bng.exterior.coords).T)
    grid = grid_for_area(Polygon(zip(ring_lon, ring_lat, strict=True)), cell_size_m=250)
    assert grid.mask is not None
    assert grid.shape == (4, 4) or grid.shape == (5, 5)
    # Cells wholly beyond the hypotenuse are out; the corner cell is in.
    assert grid.mask[0, 0]
    assert not grid.mask[-1, -1]
    assert 10 <= grid.cell_count < grid.rows * grid.columns
    counts = grid.counts([385_100, 385_900], [254_100, 254_900])
    assert counts.sum() == 1  # the second point is in a cell outside the area


def test_cell_features_are_lon_lat_polygons_with_their_values():
    grid = grid_for_bounds(west=385_000, south=254_000, east=385_199, north=254_099, cell_size_m=100)
    counts = np.array([[3.0, np.nan]])
    collection = cell_features(grid, {"count": counts})
    assert collection["type"] == "FeatureCollection"
    first, second = collection["features"]
    assert first["properties"] == {"row": 0, "column": 0, "count": 3.0}
    assert second["properties"]["count"] is None  # JSON has no NaN
    ring = first["geometry"]["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    cell = area_to_bng(shape(first["geometry"]))
    assert cell.area == pytest.approx(100 * 100, rel=1e-3)
    assert cell.centroid.distance(box(385_000, 254_000, 385_100, 254_100).centroid) < 0.5


@pytest.mark.parametrize("size", [-100, 0, 5, 50_000, float("nan")])
def test_cell_sizes_outside_the_sensible_range_are_refused(size):
    with pytest.raises(ValueError, match="cell size must be between"):
        grid_for_bounds(west=0, south=0, east=1000, north=1000, cell_size_m=size)


def test_bad_points_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="no points"):
        grid_for_points([], [], cell_size_m=100)
    with pytest.raises(ValueError, match="different lengths"):
        grid_for_points([1, 2], [1], cell_size_m=100)
    with pytest.raises(ValueError, match="drop rows without a location"):
        lonlat_to_bng([-2.2, np.nan], [52.1, 52.2])
    with pytest.raises(ValueError, match="within ±180"):
        lonlat_to_bng([-2.2], [152.1])
    grid = Grid(west=0, south=0, cell_size=100, rows=1, columns=1)
    with pytest.raises(ValueError, match="weights has 1 values for 2 points"):
        grid.counts([1, 2], [1, 2], weights=[1])
    with pytest.raises(ValueError, match="not negative"):
        grid.counts([1], [1], weights=[-1])


def test_a_grid_too_large_to_hold_is_refused():
    with pytest.raises(ValueError, match="choose a larger cell size"):
        grid_for_bounds(west=0, south=0, east=700_000, north=1_200_000, cell_size_m=100)
