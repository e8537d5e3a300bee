"""Fixtures for publications: Worcester's wards in the South partnership and a small, known incident set.

worcester     Worcester's wards, LSOAs and district, covered by the South partnership
cathedral     the Cathedral ward (E05007883)
incidents     police.uk incidents in Cathedral: ASB 2 a month in 2024 and 5 a month in 2025 (a
              significant rise), burglary 1 a month in both years, and 3 ASB a month in another ward
councillor    a South councillor
"""

from __future__ import annotations

import datetime as dt

import pytest
import shapely

from joinedup.intelligence.analysis.grid import lonlat_to_bng
from joinedup.intelligence.models import Incident, IncidentCategory, Source
from joinedup.partners.models import Role
from joinedup.partners.tests.factories import UserFactory
from joinedup.places.models import Area, AreaKind
from joinedup.reports.tests.conftest import (  # noqa: F401 (fixtures)
    _fresh_area_index,
    groups,
    litter,
    litter_rule,
    target,
    worcester,
)

CATHEDRAL = "E05007883"
YEAR_2025 = "2025-01:2025-12"


def month(year: int, number: int) -> dt.date:
    return dt.date(year, number, 1)


@pytest.fixture
def cathedral(worcester):  # noqa: F811 (the imported fixture)
    return Area.objects.get(kind=AreaKind.WARD, code=CATHEDRAL)


@pytest.fixture
def other_ward(worcester, cathedral):  # noqa: F811
    return Area.objects.filter(kind=AreaKind.WARD).exclude(id=cathedral.id).order_by("code").first()


def put(ward: Area, category: str, when: dt.date, count: int) -> list[Incident]:
    point = shapely.point_on_surface(shapely.from_geojson(ward.boundary))
    easting, northing = lonlat_to_bng([point.x], [point.y])
    found = IncidentCategory.objects.get(code=category)
    return [
        Incident(
            source=Source.POLICE,
            month=when,
            category=found,
            category_raw=found.name,
            longitude=point.x,
            latitude=point.y,
            easting=float(easting[0]) + 40 * (i % 3),
            northing=float(northing[0]) + 40 * (i // 3 % 3),
            location="On or near High Street",
            ward=ward,
            district=ward.parent,
        )
        for i in range(count)
    ]


@pytest.fixture
def incidents(cathedral, other_ward):
    rows: list[Incident] = []
    for number in range(1, 13):
        rows += put(cathedral, "anti-social-behaviour", month(2024, number), 2)
        rows += put(cathedral, "anti-social-behaviour", month(2025, number), 5)
        rows += put(cathedral, "burglary", month(2024, number), 1)
        rows += put(cathedral, "burglary", month(2025, number), 1)
        rows += put(other_ward, "anti-social-behaviour", month(2025, number), 3)
    Incident.objects.bulk_create(rows)
    return rows


@pytest.fixture
def councillor(south_council):
    return UserFactory(
        email="cllr@example.org", full_name="Cllr Hill", organisation=south_council, role=Role.COUNCILLOR
    )
