"""Point → area lookup: correctness against plain Shapely, shared edges, NaNs, and the cache."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest
import shapely

from joinedup.places.boundaries import boundary_file_read
from joinedup.places.lookup import (
    NO_AREA,
    AreaIndex,
    area_at_point,
    area_index,
    areas_for_points,
)
from joinedup.places.models import Area
from joinedup.places.services import area_dissolve, boundaries_import

from .conftest import (
    CATHEDRAL_WARD,
    GUILDHALL,
    LSOA_PROPERTIES,
    POLICE_POINTS,
    SEA,
    WARD_PROPERTIES,
    WORCESTER_013E_LSOA_2021,
    WORCESTER_LSOAS,
    WORCESTER_WARDS,
)

LEFT = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
RIGHT = {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}


def police_points() -> tuple[np.ndarray, np.ndarray]:
    points = pl.read_csv(POLICE_POINTS)
    return points["Longitude"].to_numpy(), points["Latitude"].to_numpy()


def file_index(path, properties) -> AreaIndex:
    return AreaIndex.from_features(boundary_file_read(path=path, **properties).features)


def naive_codes(index: AreaIndex, lons, lats) -> list[str | None]:
    """The obvious loop, for comparison: each point against each polygon in turn."""
    found = []
    for lon, lat in zip(lons, lats, strict=True):
        point = shapely.Point(lon, lat)
        found.append(
            next(
                (
                    code
                    for code, polygon in zip(index.area_codes, index.geometries, strict=True)
                    if polygon.contains(point)
                ),
                None,
            )
        )
    return found


@pytest.fixture
def wards():
    boundaries_import(by=None, path=WORCESTER_WARDS, **WARD_PROPERTIES)


def test_the_index_needs_no_database_and_finds_the_guildhall_in_cathedral_ward():
    index = file_index(WORCESTER_WARDS, WARD_PROPERTIES)

    position = index.locate_one(*GUILDHALL)

    assert index.codes(np.array([position]))[0] == CATHEDRAL_WARD


def test_a_point_in_the_sea_and_a_point_without_coordinates_are_in_no_area():
    index = file_index(WORCESTER_WARDS, WARD_PROPERTIES)

    positions = index.locate(np.array([SEA[0], np.nan, GUILDHALL[0]]), np.array([SEA[1], 52.19, np.nan]))

    assert positions.tolist() == [NO_AREA, NO_AREA, NO_AREA]
    assert index.codes(positions).tolist() == [None, None, None]
    assert index.ids(positions).tolist() == [None, None, None]


@pytest.mark.parametrize(
    ("path", "properties"), [(WORCESTER_WARDS, WARD_PROPERTIES), (WORCESTER_LSOAS, LSOA_PROPERTIES)]
)
def test_the_vectorised_lookup_agrees_with_a_plain_loop_on_real_police_points(path, properties):
    index = file_index(path, properties)
    lons, lats = police_points()

    codes = index.codes(index.locate(lons, lats))

    assert codes.tolist() == naive_codes(index, lons, lats)
    assert sum(code is not None for code in codes) >= 300  # the Worcester rows, at least


def test_the_vectorised_lookup_agrees_with_the_tree_query_by_intersects():
    index = file_index(WORCESTER_LSOAS, LSOA_PROPERTIES)
    lons, lats = police_points()

    point_at, area_at = shapely.STRtree(index.geometries).query(
        shapely.points(lons, lats), predicate="intersects"
    )
    expected = np.full(len(lons), NO_AREA)
    for point, area in zip(point_at, area_at, strict=True):
        expected[point] = area if expected[point] == NO_AREA else min(expected[point], area)

    assert index.locate(lons, lats).tolist() == expected.tolist()


def test_a_point_on_a_shared_edge_or_corner_goes_to_the_first_area():
    index = AreaIndex(codes=["B", "A"], geometries=[json.dumps(LEFT), json.dumps(RIGHT)])

    positions = index.locate(np.array([1.0, 1.0, 0.5, 1.5, 2.5]), np.array([0.5, 1.0, 0.5, 0.5, 0.5]))

    assert positions.tolist() == [0, 0, 0, 1, NO_AREA]


def test_an_empty_index_finds_nothing():
    index = AreaIndex(codes=[], geometries=[])

    assert index.locate(np.array([0.5]), np.array([0.5])).tolist() == [NO_AREA]
    assert index.locate_one(0.5, 0.5) == NO_AREA


def test_one_point_at_a_time_gives_the_same_answer_as_the_whole_column():
    shared_edges = AreaIndex(codes=["B", "A"], geometries=[json.dumps(LEFT), json.dumps(RIGHT)])
    lsoas = file_index(WORCESTER_LSOAS, LSOA_PROPERTIES)
    lons, lats = police_points()

    for index, xs, ys in (
        (shared_edges, [1.0, 1.0, 0.5, 1.5, 2.5, float("nan")], [0.5, 1.0, 0.5, 0.5, 0.5, 0.5]),
        (lsoas, lons[:400], lats[:400]),
    ):
        one_by_one = [index.locate_one(x, y) for x, y in zip(xs, ys, strict=True)]
        assert one_by_one == index.locate(np.array(xs), np.array(ys)).tolist()


@pytest.mark.django_db
def test_the_guildhall_is_found_in_cathedral_ward_from_the_database(wards):
    assert area_at_point(lon=GUILDHALL[0], lat=GUILDHALL[1], kind="ward").code == CATHEDRAL_WARD
    assert area_at_point(lon=SEA[0], lat=SEA[1], kind="ward") is None
    assert area_at_point(lon=float("nan"), lat=GUILDHALL[1], kind="ward") is None


@pytest.mark.django_db
def test_areas_for_points_gives_the_codes_of_each_kind():
    boundaries_import(by=None, path=WORCESTER_WARDS, **WARD_PROPERTIES)
    boundaries_import(by=None, path=WORCESTER_LSOAS, **LSOA_PROPERTIES)

    found = areas_for_points(lons=np.array([GUILDHALL[0], SEA[0]]), lats=np.array([GUILDHALL[1], SEA[1]]))

    assert found["ward"].tolist() == [CATHEDRAL_WARD, None]
    assert found["lsoa"][0].startswith("E01") and found["lsoa"][1] is None
    assert found["lsoa"][0] == area_at_point(lon=GUILDHALL[0], lat=GUILDHALL[1], kind="lsoa").code


@pytest.mark.django_db
def test_the_area_index_gives_area_ids_in_code_order(wards):
    index = area_index(kind="ward")

    assert index.area_codes.tolist() == sorted(Area.objects.values_list("code", flat=True))
    (position,) = index.locate(np.array([GUILDHALL[0]]), np.array([GUILDHALL[1]]))
    assert index.ids(np.array([position]))[0] == Area.objects.get(code=CATHEDRAL_WARD).pk


@pytest.mark.django_db
def test_the_newest_vintage_is_used_unless_another_is_asked_for():
    boundaries_import(by=None, path=WORCESTER_LSOAS, **LSOA_PROPERTIES)
    boundaries_import(
        by=None,
        path=WORCESTER_013E_LSOA_2021,
        kind="lsoa",
        vintage="2021",
        code_property="LSOA21CD",
        name_property="LSOA21NM",
    )

    assert area_index(kind="lsoa").area_codes.tolist() == ["E01034323"]
    assert len(area_index(kind="lsoa", vintage="2011")) == 63


@pytest.mark.django_db
def test_within_keeps_only_the_areas_inside_that_area(wards, tmp_path):
    worcester = area_dissolve(
        by=None,
        kind="district",
        code="E07000237",
        name="Worcester",
        vintage="2019",
        children=Area.objects.filter(kind="ward"),
    )
    boundaries_import(by=None, path=WORCESTER_LSOAS, **LSOA_PROPERTIES)
    elsewhere = tmp_path / "elsewhere.json"
    far = {"type": "Polygon", "coordinates": [[[-1.0, 51.0], [-0.9, 51.0], [-0.9, 51.1], [-1.0, 51.0]]]}
    elsewhere.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"LSOA11CD": "E01099999", "LSOA11NM": "Elsewhere"},
                        "geometry": far,
                    }
                ],
            }
        )
    )
    boundaries_import(by=None, path=elsewhere, **LSOA_PROPERTIES)

    assert len(area_index(kind="lsoa")) == 64
    assert len(area_index(kind="lsoa", within=worcester)) == 63


@pytest.mark.django_db
def test_the_cached_index_is_reused_with_one_query_while_nothing_changes(wards, django_assert_num_queries):
    with django_assert_num_queries(2):  # the freshness check, then the load
        first = area_index(kind="ward")
    with django_assert_num_queries(1):  # only the freshness check
        again = area_index(kind="ward")

    assert again is first


@pytest.mark.django_db
def test_the_cached_index_notices_a_boundary_reimport(wards, tmp_path):
    before = area_index(kind="ward")
    assert (
        before.codes(before.locate(np.array([GUILDHALL[0]]), np.array([GUILDHALL[1]])))[0] == CATHEDRAL_WARD
    )
    collection = json.loads(WORCESTER_WARDS.read_text())
    cathedral = next(f for f in collection["features"] if f["properties"]["WD13CD"] == CATHEDRAL_WARD)
    cathedral["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[-2.3, 52.1], [-2.29, 52.1], [-2.29, 52.11], [-2.3, 52.1]]],
    }
    moved = tmp_path / "wards.json"
    moved.write_text(json.dumps(collection))
    boundaries_import(by=None, path=moved, **WARD_PROPERTIES)

    after = area_index(kind="ward")

    assert after is not before
    assert after.codes(after.locate(np.array([GUILDHALL[0]]), np.array([GUILDHALL[1]])))[0] is None
