"""Reading and checking boundary files and best-fit lookups, without a database."""

from __future__ import annotations

import json

import pytest

from joinedup.core.errors import ApplicationError
from joinedup.places.boundaries import (
    LookupColumns,
    boundary_file_read,
    code_problem,
    geometry_check,
    lookup_file_read,
)

from .conftest import (
    DATA,
    LSOA_PROPERTIES,
    WARD_PROPERTIES,
    WORCESTER_013E_LSOA_2021,
    WORCESTER_LOOKUP,
    WORCESTER_LSOAS,
    WORCESTER_WARDS,
)

SQUARE = {"type": "Polygon", "coordinates": [[[-2.23, 52.19], [-2.22, 52.19], [-2.22, 52.2], [-2.23, 52.19]]]}


def problems_reading(path, **options) -> list[str]:
    with pytest.raises(ApplicationError) as caught:
        boundary_file_read(path=path, **{**WARD_PROPERTIES, **options})
    assert caught.value.message.startswith("Nothing was imported")
    return caught.value.extra["problems"]


def test_the_worcester_ward_file_reads_as_15_wards_with_names_and_boxes():
    wards = boundary_file_read(path=WORCESTER_WARDS, **WARD_PROPERTIES)

    assert len(wards.features) == 15
    cathedral = next(f for f in wards.features if f.code == "E05007883")
    assert cathedral.name == "Cathedral"
    min_lon, min_lat, max_lon, max_lat = cathedral.bbox
    assert min_lon < -2.2205 < max_lon and min_lat < 52.1917 < max_lat
    assert json.loads(cathedral.geometry)["type"] == "Polygon"
    assert wards.repaired_codes == []


def test_the_worcester_lsoa_file_reads_as_63_lsoas():
    assert len(boundary_file_read(path=WORCESTER_LSOAS, **LSOA_PROPERTIES).features) == 63


def test_a_geojsonl_file_reads_one_feature_a_line():
    lsoas = boundary_file_read(
        path=WORCESTER_013E_LSOA_2021,
        kind="lsoa",
        vintage="2021",
        code_property="LSOA21CD",
        name_property="LSOA21NM",
    )

    assert [(f.code, f.name) for f in lsoas.features] == [("E01034323", "Worcester 013E")]


def test_a_file_that_is_not_json_is_rejected_naming_the_file():
    (problem,) = problems_reading(DATA / "wards_not_json.json")

    assert problem.startswith("wards_not_json.json: not valid JSON")
    assert "line 6" in problem


def test_a_file_that_is_not_a_feature_collection_is_rejected():
    (problem,) = problems_reading(DATA / "wards_not_a_collection.json")

    assert problem == "wards_not_a_collection.json: not a GeoJSON FeatureCollection (its type is 'Feature')"


def test_a_feature_without_a_code_is_rejected_with_its_number():
    assert problems_reading(DATA / "wards_missing_code.json") == [
        'wards_missing_code.json: feature 3: no "WD13CD" property'
    ]


def test_a_code_with_the_wrong_ons_prefix_is_rejected_with_its_number():
    (problem,) = problems_reading(DATA / "wards_bad_code.json")

    assert problem.startswith("wards_bad_code.json: feature 2: code 'E01000002' is not an ONS ward code")


def test_a_geometry_that_cannot_be_repaired_is_rejected_with_its_number():
    (problem,) = problems_reading(DATA / "wards_invalid_geometry.json")

    assert problem.startswith("wards_invalid_geometry.json: feature 2: geometry is not valid")
    assert problem.endswith("cannot be repaired")


def test_a_self_intersecting_polygon_is_repaired_and_the_repair_is_reported():
    wards = boundary_file_read(path=DATA / "wards_bow_tie.json", **WARD_PROPERTIES)

    assert wards.repaired_codes == ["E05000001"]
    assert json.loads(wards.features[0].geometry)["type"] == "MultiPolygon"


def test_a_duplicate_code_names_both_features():
    assert problems_reading(DATA / "wards_duplicate_code.json") == [
        "wards_duplicate_code.json: feature 3: code E05000001 is also used by feature 1"
    ]


def test_every_problem_in_a_file_is_reported_at_once():
    problems = problems_reading(DATA / "wards_many_problems.json")

    assert problems[:3] == [
        'wards_many_problems.json: feature 2: no "WD13NM" property',
        "wards_many_problems.json: feature 3: no geometry",
        "wards_many_problems.json: feature 4: geometry is a Point, not a Polygon or MultiPolygon",
    ]
    assert problems[3].startswith(
        "wards_many_problems.json: feature 5: coordinates are outside longitude/latitude"
    )
    assert len(problems) == 4


def test_a_file_in_british_national_grid_is_rejected_for_its_coordinate_system(tmp_path):
    path = tmp_path / "bng.json"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"WD13CD": "E05000001", "WD13NM": "A"},
                        "geometry": SQUARE,
                    }
                ],
            }
        )
    )

    assert problems_reading(path) == [
        "bng.json: coordinates are in urn:ogc:def:crs:EPSG::27700; "
        "they must be WGS84 longitude/latitude (EPSG:4326)"
    ]


def test_a_bad_line_in_a_geojsonl_file_is_named_by_feature_and_line(tmp_path):
    good = json.dumps(
        {"type": "Feature", "properties": {"WD13CD": "E05000001", "WD13NM": "A"}, "geometry": SQUARE}
    )
    path = tmp_path / "wards.geojsonl"
    path.write_text(f"{good}\n\n{{not json\n")

    (problem,) = problems_reading(path)

    assert problem.startswith("wards.geojsonl: feature 2 (line 3): not valid JSON")


def test_an_empty_feature_collection_is_rejected(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text('{"type": "FeatureCollection", "features": []}')

    assert problems_reading(path) == ["empty.json: the file has no features"]


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("ward", "W05000001", "E01000001"),
        ("lsoa", "E01032279", "E0103227"),
        ("district", "E07000237", "E05007883"),
        ("district", "E06000019", "E10000034"),
        ("county", "E10000034", "E07000237"),
        ("force", "E23000016", "E22000016"),
        ("patch", "city-centre", "city centre"),
    ],
)
def test_codes_must_fit_the_ons_pattern_for_their_kind(kind, good, bad):
    assert code_problem(kind=kind, code=good) is None
    assert code_problem(kind=kind, code=bad) is not None


def test_a_drawn_geometry_can_come_as_a_feature_or_a_geometry():
    geometry, bbox, repaired = geometry_check(geometry={"type": "Feature", "geometry": SQUARE}, label="Patch")

    assert json.loads(geometry) == SQUARE
    assert bbox == (-2.23, 52.19, -2.22, 52.2)
    assert not repaired


def test_the_worcester_lookup_reads_its_63_rows():
    rows = lookup_file_read(path=WORCESTER_LOOKUP)

    assert len(rows) == 63
    assert {row.district_code for row in rows} == {"E07000237"}
    assert len({row.ward_code for row in rows}) == 15


def test_a_malformed_lookup_line_is_reported_by_its_line_number():
    with pytest.raises(ApplicationError) as caught:
        lookup_file_read(path=DATA / "lookup_malformed.csv")

    assert caught.value.extra["problems"] == [
        "lookup_malformed.csv: line 3: WD19CD 'E5007880' is not an ONS ward code (E05 or W05 and 6 digits)",
        "lookup_malformed.csv: line 4: 6 fields, expected 7",
        "lookup_malformed.csv: line 5: LSOA E01032279 is also on line 2",
    ]


def test_a_lookup_without_the_expected_columns_says_which_are_missing():
    with pytest.raises(ApplicationError) as caught:
        lookup_file_read(path=DATA / "lookup_wrong_columns.csv")

    (problem,) = caught.value.extra["problems"]
    assert problem.startswith("lookup_wrong_columns.csv: line 1: no LSOA11CD or LSOA11NM or WD19CD")


def test_lookup_columns_can_be_renamed_for_another_edition():
    columns = LookupColumns(
        lsoa_code="LSOA21CD",
        lsoa_name="LSOA21NM",
        ward_code="WD22CD",
        ward_name="WD22NM",
        district_code="LAD22CD",
        district_name="LAD22NM",
    )

    (row,) = lookup_file_read(path=DATA / "lookup_wrong_columns.csv", columns=columns)

    assert row.lsoa_code == "E01032279" and row.ward_name == "Arboretum"


def test_a_byte_order_mark_does_not_hide_the_first_column(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_text(
        "LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM\r\n"
        "E01032279,Worcester 004A,E05007880,Arboretum,E07000237,Worcester\r\n",
        encoding="utf-8-sig",
    )

    assert [row.lsoa_code for row in lookup_file_read(path=path)] == ["E01032279"]


def test_problems_are_listed_in_file_order(tmp_path):
    point = {"type": "Point", "coordinates": [-2.22, 52.19]}
    path = tmp_path / "wards.json"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"WD13CD": "E05000001", "WD13NM": "A"},
                        "geometry": point,
                    },
                    {"type": "Feature", "properties": {"WD13NM": "B"}, "geometry": SQUARE},
                ],
            }
        )
    )

    assert problems_reading(path) == [
        "wards.json: feature 1: geometry is a Point, not a Polygon or MultiPolygon",
        'wards.json: feature 2: no "WD13CD" property',
    ]
