"""Fixtures for reporting: Worcester's wards in the South partnership, categories, targets and rules.

worcester        the Worcester district (15 wards, 63 LSOAs) covered by the South partnership
city_centre      a South custom patch around the Guildhall
litter, begging, hate    categories (begging is sensitive; hate is never public)
target           acknowledge in 4 working hours, resolve in 5 working days
litter_rule      litter anywhere → South Council; begging_rule → police; night_rule: begging in the
                 city centre 22:00 to 04:00 → police with the council supporting
"""

import datetime as dt

import pytest

from joinedup.places import services as place_services
from joinedup.places.lookup import area_index_cache_clear
from joinedup.places.models import Area, AreaKind
from joinedup.places.tests.conftest import (
    LSOA_PROPERTIES,
    WARD_PROPERTIES,
    WORCESTER_LOOKUP,
    WORCESTER_LSOAS,
    WORCESTER_WARDS,
)
from joinedup.reports.models import Category, CategoryGroup, RoutingRule, ServiceTarget, TimeUnit

# Worcester Guildhall (Cathedral ward), and a point 30 m north of it.
GUILDHALL = (-2.2205, 52.1917)
NEAR_GUILDHALL = (-2.2205, 52.19197)
# Fort Royal Park area, still Worcester, away from the centre.
SOUTH_WORCESTER = (-2.2100, 52.1850)
# Birmingham: outside every district the demo partnerships cover.
BIRMINGHAM = (-1.8904, 52.4862)
CITY_CENTRE = {
    "type": "Polygon",
    "coordinates": [
        [[-2.2290, 52.1860], [-2.2120, 52.1860], [-2.2120, 52.2000], [-2.2290, 52.2000], [-2.2290, 52.1860]]
    ],
}


@pytest.fixture(autouse=True)
def _fresh_area_index():
    area_index_cache_clear()
    yield
    area_index_cache_clear()


@pytest.fixture
def worcester(south):
    place_services.boundaries_import(by=None, path=WORCESTER_WARDS, **WARD_PROPERTIES)
    district = place_services.area_dissolve(
        by=None,
        kind=AreaKind.DISTRICT,
        code="E07000237",
        name="Worcester",
        vintage="2013",
        children=Area.objects.filter(kind=AreaKind.WARD),
    )
    place_services.boundaries_import(by=None, path=WORCESTER_LSOAS, parent=district, **LSOA_PROPERTIES)
    place_services.lookup_import(by=None, path=WORCESTER_LOOKUP, edition="LSOA11-WD19")
    south.areas.add(district)
    south.reference_prefix = "WOR"
    south.save()
    return district


@pytest.fixture
def city_centre(south, worcester):
    return place_services.patch_create(
        by=None, partnership=south, code="city-centre", name="City centre", geometry_geojson=CITY_CENTRE
    )


@pytest.fixture
def target(south):
    return ServiceTarget.objects.create(
        partnership=south,
        name="Standard",
        acknowledge_within=4,
        acknowledge_unit=TimeUnit.WORKING_HOURS,
        resolve_within=5,
        resolve_unit=TimeUnit.WORKING_DAYS,
    )


@pytest.fixture
def groups(south):
    return {
        "littering": CategoryGroup.objects.create(partnership=south, name="Littering", order=1),
        "asb": CategoryGroup.objects.create(partnership=south, name="Anti-social behaviour", order=2),
    }


@pytest.fixture
def litter(south, groups):
    return Category.objects.create(
        partnership=south, group=groups["littering"], code="general-litter", name="General litter"
    )


@pytest.fixture
def taxi(south, groups):
    return Category.objects.create(
        partnership=south,
        group=groups["asb"],
        code="taxi-public-safety",
        name="Taxi: public safety",
        questions=[
            {"code": "plate", "label": "Taxi plate number", "required": True},
            {"code": "colour", "label": "Colour", "choices": ["Black", "White", "Other"]},
        ],
    )


@pytest.fixture
def begging(south, groups):
    return Category.objects.create(
        partnership=south, group=groups["asb"], code="begging", name="Begging", sensitive=True
    )


@pytest.fixture
def hate(south, groups):
    return Category.objects.create(
        partnership=south,
        group=groups["asb"],
        code="hate-incident",
        name="Hate incident",
        never_public=True,
        victim_support=True,
    )


@pytest.fixture
def litter_rule(south, litter, south_council, target):
    return RoutingRule.objects.create(
        partnership=south,
        name="Litter to the council",
        category=litter,
        lead_partner=south_council,
        service_target=target,
    )


@pytest.fixture
def begging_rule(south, begging, police, target):
    return RoutingRule.objects.create(
        partnership=south,
        name="Begging to the police",
        category=begging,
        lead_partner=police,
        service_target=target,
    )


@pytest.fixture
def night_rule(south, begging, city_centre, police, south_council, target):
    rule = RoutingRule.objects.create(
        partnership=south,
        name="Night-time economy begging",
        category=begging,
        area=city_centre,
        starts_at=dt.time(22),
        ends_at=dt.time(4),
        lead_partner=police,
        service_target=target,
        priority="high",
    )
    rule.supporting_partners.set([south_council])
    return rule
