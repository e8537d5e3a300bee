"""Ward list, ward pages and the areas API, as partner staff and the public see them."""

import json

import pytest
from django.urls import reverse

from joinedup.places import services
from joinedup.places.models import Area, AreaKind

from .conftest import (
    CATHEDRAL_WARD,
    GUILDHALL,
    LSOA_PROPERTIES,
    SEA,
    WARD_PROPERTIES,
    WORCESTER_LOOKUP,
    WORCESTER_LSOAS,
    WORCESTER_WARDS,
)

SQUARE = {"type": "Polygon", "coordinates": [[[-2.23, 52.18], [-2.21, 52.18], [-2.21, 52.2], [-2.23, 52.18]]]}


@pytest.fixture
def worcester(south, north):
    services.boundaries_import(by=None, path=WORCESTER_WARDS, **WARD_PROPERTIES)
    district = services.area_dissolve(
        by=None,
        kind=AreaKind.DISTRICT,
        code="E07000237",
        name="Worcester",
        vintage="2013",
        children=Area.objects.filter(kind=AreaKind.WARD),
    )
    services.boundaries_import(by=None, path=WORCESTER_LSOAS, parent=district, **LSOA_PROPERTIES)
    services.lookup_import(by=None, path=WORCESTER_LOOKUP, edition="LSOA11-WD19")
    south.areas.add(district)
    services.patch_create(
        by=None, partnership=south, code="city-centre", name="City centre", geometry_geojson=SQUARE
    )
    services.patch_create(
        by=None, partnership=north, code="town-centre", name="North town centre", geometry_geojson=SQUARE
    )
    return district


def test_the_ward_list_shows_the_partnerships_wards_and_patches(client_for, officer_a, worcester):
    page = client_for(officer_a).get(reverse("area-list")).content.decode()
    assert page.count('href="/areas/') >= 15 + 1 + 1
    assert "Cathedral" in page
    assert "City centre" in page
    assert "North town centre" not in page
    assert 'id="area-map-layers"' in page and "FeatureCollection" in page  # the map layer travels with it


def test_another_partnerships_officer_sees_none_of_its_wards_or_patches(client_for, officer_b, worcester):
    page = client_for(officer_b).get(reverse("area-list")).content.decode()
    assert "Cathedral" not in page
    assert "City centre</a>" not in page
    assert "North town centre" in page
    patch = Area.objects.get(code="city-centre")
    assert client_for(officer_b).get(reverse("area-detail", args=[patch.id])).status_code == 404


def test_a_ward_page_shows_its_code_district_map_and_lsoas(client_for, officer_a, worcester):
    ward = Area.objects.get(code=CATHEDRAL_WARD)
    page = client_for(officer_a).get(reverse("area-detail", args=[ward.id])).content.decode()
    assert '<h1 class="govuk-heading-xl">Cathedral</h1>' in page
    assert "E05007883" in page
    assert "Worcester" in page
    assert "Worcester 011B" in page  # an LSOA the ONS lookup counts in Cathedral
    layers = page.split('id="area-map-layers" type="application/json">')[1].split("</script>")[0]
    focus = json.loads(json.loads(layers)["focus"])
    assert focus["features"][0]["properties"]["code"] == CATHEDRAL_WARD


def test_ward_pages_are_for_signed_in_staff(anonymous, worcester):
    ward = Area.objects.get(code=CATHEDRAL_WARD)
    assert anonymous.get(reverse("area-detail", args=[ward.id])).status_code == 302


def test_the_api_says_which_areas_contain_a_point(client_for, officer_a, worcester):
    response = client_for(officer_a).get("/api/areas/at", {"lon": GUILDHALL[0], "lat": GUILDHALL[1]})
    found = response.json()
    assert found["ward"]["code"] == CATHEDRAL_WARD
    assert found["district"]["code"] == "E07000237"
    assert found["lsoa"]["code"].startswith("E01")
    at_sea = client_for(officer_a).get("/api/areas/at", {"lon": SEA[0], "lat": SEA[1]}).json()
    assert at_sea == {"district": None, "ward": None, "lsoa": None}


def test_the_api_rejects_impossible_coordinates_clearly(client_for, officer_a, worcester):
    response = client_for(officer_a).get("/api/areas/at", {"lon": 200, "lat": 52})
    assert response.status_code == 400
    assert "lon must be between -180 and 180" in response.json()["detail"]
    assert client_for(officer_a).get("/api/areas/at", {"lon": "west", "lat": 52}).status_code == 422


def test_the_api_serves_boundaries_as_geojson_scoped_to_the_user(client_for, officer_a, officer_b, worcester):
    south_layer = client_for(officer_a).get("/api/areas/boundaries.geojson", {"kind": "ward"})
    assert south_layer["Content-Type"] == "application/geo+json"
    assert len(south_layer.json()["features"]) == 15
    north_layer = client_for(officer_b).get("/api/areas/boundaries.geojson", {"kind": "patch"}).json()
    assert [f["properties"]["name"] for f in north_layer["features"]] == ["North town centre"]
    assert client_for(officer_a).get("/api/areas/", {"kind": "county-ish"}).status_code == 400


def test_the_api_needs_a_signed_in_user(anonymous, worcester):
    assert anonymous.get("/api/areas/").status_code == 401
