"""Fixtures for the places tests: the small boundary and lookup files kept in `data/`."""

from __future__ import annotations

from pathlib import Path

import pytest

from joinedup.places.lookup import area_index_cache_clear

DATA = Path(__file__).parent / "data"
WORCESTER_WARDS = DATA / "worcester_wards_2013.json"
WORCESTER_LSOAS = DATA / "worcester_lsoas_2011.json"
WORCESTER_013E_LSOA_2021 = DATA / "worcester_013e_lsoa_2021.geojsonl"
WORCESTER_LOOKUP = DATA / "worcester_lookup_lsoa11_wd19.csv"
POLICE_POINTS = DATA / "police_uk_2025_06_points.csv"
WARD_PROPERTIES = {"kind": "ward", "vintage": "2013", "code_property": "WD13CD", "name_property": "WD13NM"}
LSOA_PROPERTIES = {
    "kind": "lsoa",
    "vintage": "2011",
    "code_property": "LSOA11CD",
    "name_property": "LSOA11NM",
}

# Worcester Guildhall, on the High Street, in Cathedral ward.
GUILDHALL = (-2.2205, 52.1917)
CATHEDRAL_WARD = "E05007883"
# Out in the Celtic Sea, far from any boundary.
SEA = (-6.5, 50.5)


@pytest.fixture(autouse=True)
def _fresh_area_index_cache():
    # Test databases roll back and reuse ids, so no index may outlive its test.
    area_index_cache_clear()
    yield
    area_index_cache_clear()
