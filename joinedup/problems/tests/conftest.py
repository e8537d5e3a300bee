"""Fixtures for problem solving, on top of the shared personas and the reports and cases fixtures.

worcester        Worcester's wards and district, covered by the South partnership (reference prefix WOR)
place_incidents  a function putting police.uk incidents at metre offsets from the Guildhall
profile          a South Council profile of the 150 m round the Guildhall, scanning 2025, owned by officer_a
"""

import datetime as dt

import numpy as np
import pytest

from joinedup.cases.tests.conftest import (  # noqa: F401 (fixtures)
    data_classes,
    housing_officer,
    normal_case,
    personal_asb,
    police_agreement,
    police_officer,
    restricted_case,
    south_housing,
)
from joinedup.intelligence.analysis.grid import bng_to_lonlat, lonlat_to_bng
from joinedup.intelligence.models import Incident, IncidentCategory, Source
from joinedup.places.lookup import area_at_point
from joinedup.places.models import AreaKind
from joinedup.problems.services import patrols, sources
from joinedup.reports.tests.conftest import (  # noqa: F401 (fixtures)
    GUILDHALL,
    _fresh_area_index,
    groups,
    litter,
    litter_rule,
    target,
    worcester,
)

ASB = "anti-social-behaviour"


@pytest.fixture
def place_incidents(worcester):  # noqa: F811 (the imported fixture)
    """place_incidents([(dx, dy, "2025-03"), ...]): one ASB incident at each offset in metres."""
    easting, northing = lonlat_to_bng([GUILDHALL[0]], [GUILDHALL[1]])
    category = IncidentCategory.objects.get(code=ASB)

    def place(offsets):
        rows = []
        for dx, dy, month in offsets:
            x, y = easting[0] + dx, northing[0] + dy
            lon, lat = bng_to_lonlat(np.array([x]), np.array([y]))
            ward = area_at_point(lon=float(lon[0]), lat=float(lat[0]), kind=AreaKind.WARD)
            rows.append(
                Incident(
                    source=Source.POLICE,
                    month=dt.date.fromisoformat(f"{month}-01"),
                    category=category,
                    category_raw="Anti-social behaviour",
                    easting=x,
                    northing=y,
                    longitude=float(lon[0]),
                    latitude=float(lat[0]),
                    ward=ward,
                    district=worcester,
                )
            )
        Incident.objects.bulk_create(rows)

    return place


@pytest.fixture
def profile(officer_a, south, worcester):  # noqa: F811 (the imported fixture)
    return sources.create_from_location(
        by=officer_a,
        partnership=south,
        longitude=GUILDHALL[0],
        latitude=GUILDHALL[1],
        radius_m=150,
        location_name="High Street by the Guildhall",
        title="Street drinking by the Guildhall",
        objective="Halve street drinking reports by the end of the year.",
        period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 1),
    )


@pytest.fixture
def plan_patrol(officer_a):
    """plan_patrol(partnership, profile=None): officer_a's council patrolling 20:00-22:00 on 9 May 2025."""

    def plan(partnership, profile=None):
        return patrols.patrol_plan(
            by=officer_a,
            partnership=partnership,
            profile=profile,
            where="High Street",
            starts_at=dt.datetime(2025, 5, 9, 20, tzinfo=dt.UTC),
            ends_at=dt.datetime(2025, 5, 9, 22, tzinfo=dt.UTC),
            organisations=[officer_a.organisation],
        )

    return plan
