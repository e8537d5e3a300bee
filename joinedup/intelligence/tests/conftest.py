"""Fixtures for the incident store: Worcester's real boundaries and police.uk files.

The boundaries and the police.uk slice are the ones the demo ships, so the tests need nothing
outside the repository. Small files for bad input are written by each test.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from joinedup.demo.intelligence import POLICE_ARCHIVE
from joinedup.demo.loader import BOUNDARIES, worcester_lsoas_load
from joinedup.places import services as place_services
from joinedup.places.lookup import area_index_cache_clear
from joinedup.places.models import Area, AreaKind

WORCESTER = "E07000237"
SHARED_POLICE = Path(__file__).resolve().parents[4] / "shared" / "data" / "police-uk"
STREET_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context"
)
STOP_SEARCH_HEADER = (
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing"
)
OUTCOMES_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type"
)


@pytest.fixture
def worcester(db):
    """Worcester's 15 wards (2013), the district dissolved from them, its LSOAs (2011 and the two
    2021 ones) and the LSOA → ward best-fit lookup."""
    area_index_cache_clear()
    place_services.boundaries_import(
        by=None,
        path=BOUNDARIES / "wards" / f"{WORCESTER}.json",
        kind=AreaKind.WARD,
        vintage="2013",
        code_property="WD13CD",
        name_property="WD13NM",
    )
    district = place_services.area_dissolve(
        by=None,
        kind=AreaKind.DISTRICT,
        code=WORCESTER,
        name="Worcester",
        vintage="2013",
        children=Area.objects.filter(kind=AreaKind.WARD),
    )
    worcester_lsoas_load(by=None, worcester=district)
    yield district
    area_index_cache_clear()


@pytest.fixture
def demo_files():
    """{member name: bytes} of the demo's police.uk archive (Worcester rows of 2025)."""
    with zipfile.ZipFile(POLICE_ARCHIVE) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.endswith(".csv")}


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def ward_point(code: str = "E05007883") -> tuple[float, float]:
    """A point inside a Worcester ward (Cathedral by default)."""
    import shapely

    boundary = Area.objects.get(kind=AreaKind.WARD, code=code).boundary
    point = shapely.point_on_surface(shapely.from_geojson(boundary))
    return round(point.x, 6), round(point.y, 6)


def geojson(value: dict) -> str:
    return json.dumps(value)
