"""Importing boundaries and lookups, dissolving districts and drawing patches."""

from __future__ import annotations

import json

import pytest
import shapely

from joinedup.audit.models import Action, AuditEvent
from joinedup.core.errors import ApplicationError
from joinedup.partners.services import partnership_create
from joinedup.places.models import Area, BestFitLookup
from joinedup.places.services import (
    area_dissolve,
    boundaries_import,
    lookup_import,
    patch_create,
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

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[-2.23, 52.19], [-2.22, 52.19], [-2.22, 52.2], [-2.23, 52.19]]]}


def import_wards(path=WORCESTER_WARDS, **options):
    return boundaries_import(by=None, path=path, **{**WARD_PROPERTIES, **options})


@pytest.fixture
def worcester():
    """Worcester's wards, and the district dissolved from them."""
    import_wards()
    return area_dissolve(
        by=None,
        kind="district",
        code="E07000237",
        name="Worcester",
        vintage="2019",
        children=Area.objects.filter(kind="ward"),
    )


def test_importing_the_worcester_wards_creates_its_15_wards():
    summary = import_wards()

    assert (summary.created, summary.updated, summary.unchanged) == (15, 0, 0)
    cathedral = Area.objects.get(kind="ward", code="E05007883", vintage="2013")
    assert cathedral.name == "Cathedral"
    assert shapely.from_geojson(cathedral.boundary).contains(shapely.Point(-2.2205, 52.1917))
    assert cathedral.bbox == shapely.from_geojson(cathedral.boundary).bounds


def test_importing_the_worcester_lsoas_creates_its_63_lsoas():
    summary = boundaries_import(by=None, path=WORCESTER_LSOAS, **LSOA_PROPERTIES)

    assert summary.created == 63
    assert Area.objects.filter(kind="lsoa", vintage="2011").count() == 63


def test_a_2021_lsoa_sits_beside_the_2011_ones_as_another_vintage():
    boundaries_import(by=None, path=WORCESTER_LSOAS, **LSOA_PROPERTIES)
    boundaries_import(
        by=None,
        path=WORCESTER_013E_LSOA_2021,
        kind="lsoa",
        vintage="2021",
        code_property="LSOA21CD",
        name_property="LSOA21NM",
    )

    assert Area.objects.filter(kind="lsoa", vintage="2021").get().code == "E01034323"


def test_an_import_is_recorded_once_in_the_audit_trail_with_its_counts():
    import_wards(label="command line")

    event = AuditEvent.objects.get()
    assert event.action == Action.IMPORTED
    assert event.actor_label == "command line"
    assert event.changes["file"] == "worcester_wards_2013.json"
    assert event.changes["created"] == 15


def test_reimporting_the_same_file_changes_nothing():
    import_wards()
    stamps = dict(Area.objects.values_list("code", "updated_at"))

    summary = import_wards()

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 15)
    assert dict(Area.objects.values_list("code", "updated_at")) == stamps


def test_reimporting_a_changed_file_updates_only_the_changed_areas(tmp_path):
    import_wards()
    collection = json.loads(WORCESTER_WARDS.read_text())
    collection["features"][0]["properties"]["WD13NM"] = "Arboretum and Barbourne"
    collection["features"][1]["geometry"] = SQUARE
    changed = tmp_path / "wards.json"
    changed.write_text(json.dumps(collection))

    summary = import_wards(path=changed)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 13)
    assert Area.objects.get(code="E05007880").name == "Arboretum and Barbourne"
    assert Area.objects.get(code="E05007881").bbox == (-2.23, 52.19, -2.22, 52.2)


def test_reimporting_without_a_parent_keeps_the_parents_areas_already_have(worcester):
    summary = import_wards()

    assert summary.unchanged == 15
    assert worcester.children.filter(kind="ward").count() == 15


def test_a_repaired_geometry_is_imported_and_listed_in_the_summary():
    summary = import_wards(path=DATA / "wards_bow_tie.json")

    assert summary.repaired == ["E05000001"]
    assert "repaired for E05000001" in str(summary)


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("wards_not_json.json", "wards_not_json.json: not valid JSON"),
        ("wards_not_a_collection.json", "wards_not_a_collection.json: not a GeoJSON FeatureCollection"),
        ("wards_missing_code.json", 'wards_missing_code.json: feature 3: no "WD13CD" property'),
        ("wards_bad_code.json", "wards_bad_code.json: feature 2: code 'E01000002' is not an ONS ward code"),
        ("wards_invalid_geometry.json", "wards_invalid_geometry.json: feature 2: geometry is not valid"),
        ("wards_duplicate_code.json", "wards_duplicate_code.json: feature 3: code E05000001 is also used"),
        ("wards_many_problems.json", 'wards_many_problems.json: feature 2: no "WD13NM" property'),
    ],
)
def test_a_bad_file_is_rejected_naming_the_file_and_feature_and_imports_nothing(file_name, expected):
    with pytest.raises(ApplicationError) as caught:
        import_wards(path=DATA / file_name)

    assert caught.value.extra["problems"][0].startswith(expected)
    assert expected in caught.value.message
    assert not Area.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_unknown_parent_code_is_named_with_its_feature_and_nothing_is_imported(worcester):
    before = Area.objects.count()

    with pytest.raises(ApplicationError) as caught:
        import_wards(path=DATA / "wards_unknown_parent.json", vintage="2023", parent_property="LAD13CD")

    assert caught.value.extra["problems"] == [
        'wards_unknown_parent.json: feature 2: parent "LAD13CD" E07000999 is not a loaded area'
    ]
    assert Area.objects.count() == before
    assert not Area.objects.filter(vintage="2023").exists()


def test_a_bad_file_leaves_the_areas_already_loaded_as_they_were():
    import_wards()
    before = list(Area.objects.values_list("code", "name", "boundary", "updated_at"))

    with pytest.raises(ApplicationError):
        import_wards(path=DATA / "wards_duplicate_code.json")

    assert list(Area.objects.values_list("code", "name", "boundary", "updated_at")) == before


def test_a_parent_property_links_each_area_to_its_loaded_parent(worcester, tmp_path):
    collection = json.loads((DATA / "wards_unknown_parent.json").read_text())
    for feature in collection["features"]:
        feature["properties"]["LAD13CD"] = "E07000237"
    path = tmp_path / "wards.json"
    path.write_text(json.dumps(collection))

    import_wards(path=path, vintage="2023", parent_property="LAD13CD")

    assert set(Area.objects.filter(vintage="2023").values_list("parent", flat=True)) == {worcester.pk}


def test_a_parent_area_is_given_to_every_area_in_the_file(worcester):
    boundaries_import(by=None, path=WORCESTER_LSOAS, parent=worcester, **LSOA_PROPERTIES)

    assert worcester.children.filter(kind="lsoa").count() == 63


def test_a_district_dissolved_from_its_wards_covers_them_and_adopts_them(worcester):
    district = shapely.from_geojson(worcester.boundary)
    wards = shapely.from_geojson(list(Area.objects.filter(kind="ward").values_list("boundary", flat=True)))

    assert district.geom_type == "Polygon"
    assert district.area == pytest.approx(sum(ward.area for ward in wards))
    assert worcester.children.count() == 15
    assert AuditEvent.objects.filter(action=Action.CREATED, object_id=str(worcester.pk)).exists()


def test_dissolving_again_updates_the_same_district(worcester):
    again = area_dissolve(
        by=None,
        kind="district",
        code="E07000237",
        name="Worcester City",
        vintage="2019",
        children=list(Area.objects.filter(kind="ward", code__in=["E05007883", "E05007880"])),
    )

    assert again.pk == worcester.pk
    assert Area.objects.get(pk=worcester.pk).name == "Worcester City"
    assert again.max_lat < worcester.max_lat or again.min_lat > worcester.min_lat


def test_a_district_needs_areas_to_be_made_from():
    with pytest.raises(ApplicationError, match="no areas"):
        area_dissolve(
            by=None, kind="district", code="E07000237", name="Worcester", vintage="2019", children=[]
        )


def test_a_patch_is_drawn_for_its_partnership():
    partnership = partnership_create(by=None, name="Safer Worcester", slug="safer-worcester")

    patch = patch_create(
        by=None,
        partnership=partnership,
        code="city-centre",
        name="City centre",
        geometry_geojson=json.dumps(SQUARE),
    )

    assert patch.kind == "patch" and patch.partnership == partnership
    assert patch.bbox == (-2.23, 52.19, -2.22, 52.2)
    assert AuditEvent.objects.filter(action=Action.CREATED, partnership=partnership).exists()


def test_a_patch_code_must_be_a_slug_and_its_shape_a_polygon():
    partnership = partnership_create(by=None, name="Safer Worcester", slug="safer-worcester")

    with pytest.raises(ApplicationError) as bad_code:
        patch_create(
            by=None, partnership=partnership, code="city centre", name="City", geometry_geojson=SQUARE
        )
    with pytest.raises(ApplicationError) as bad_shape:
        patch_create(
            by=None,
            partnership=partnership,
            code="city",
            name="City",
            geometry_geojson={"type": "LineString", "coordinates": [[-2.23, 52.19], [-2.22, 52.19]]},
        )

    assert bad_code.value.field == "code"
    assert bad_shape.value.field == "geometry"
    assert not Area.objects.exists()


def test_the_lookup_import_loads_every_row_of_the_edition():
    summary = lookup_import(by=None, path=WORCESTER_LOOKUP, edition="LSOA11-WD19")

    assert (summary.rows, summary.replaced, summary.unchanged) == (63, 0, False)
    row = BestFitLookup.objects.get(edition="LSOA11-WD19", lsoa_code="E01032279")
    assert (row.ward_code, row.district_code) == ("E05007880", "E07000237")
    assert AuditEvent.objects.filter(action=Action.IMPORTED).count() == 1


def test_reimporting_the_lookup_changes_nothing():
    lookup_import(by=None, path=WORCESTER_LOOKUP, edition="LSOA11-WD19")
    ids = set(BestFitLookup.objects.values_list("id", flat=True))

    summary = lookup_import(by=None, path=WORCESTER_LOOKUP, edition="LSOA11-WD19")

    assert summary.unchanged
    assert set(BestFitLookup.objects.values_list("id", flat=True)) == ids


def test_a_new_lookup_file_replaces_only_its_own_editions_rows(tmp_path):
    lookup_import(by=None, path=WORCESTER_LOOKUP, edition="LSOA11-WD19")
    lookup_import(by=None, path=WORCESTER_LOOKUP, edition="LSOA11-WD20")
    smaller = tmp_path / "smaller.csv"
    smaller.write_text("\n".join(WORCESTER_LOOKUP.read_text().splitlines()[:11]) + "\n")

    summary = lookup_import(by=None, path=smaller, edition="LSOA11-WD19")

    assert (summary.rows, summary.replaced) == (10, 63)
    assert BestFitLookup.objects.filter(edition="LSOA11-WD19").count() == 10
    assert BestFitLookup.objects.filter(edition="LSOA11-WD20").count() == 63


def test_a_malformed_lookup_line_is_named_and_nothing_is_imported():
    lookup_import(by=None, path=WORCESTER_LOOKUP, edition="LSOA11-WD19")

    with pytest.raises(ApplicationError) as caught:
        lookup_import(by=None, path=DATA / "lookup_malformed.csv", edition="LSOA11-WD19")

    assert caught.value.extra["problems"][0].startswith("lookup_malformed.csv: line 3: WD19CD 'E5007880'")
    assert BestFitLookup.objects.filter(edition="LSOA11-WD19").count() == 63


def test_official_areas_need_a_vintage():
    with pytest.raises(ApplicationError) as caught:
        import_wards(vintage="")

    assert caught.value.field == "vintage"
