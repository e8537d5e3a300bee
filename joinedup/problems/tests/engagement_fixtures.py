"""Fixtures for engagement programmes and the asset map, on top of the shared personas and Worcester.

programme          South's programme in the Guildhall's ward, started 5 January 2026, run by the coordinator
other_programme    another South programme, at a named point by St John's
community          a community member account (no organisation, no partnership)
resident_member    community's membership of `programme`'s group, with consented contact details
asset              a South Safe Place by the Guildhall, contact shared with groups
"""

import datetime as dt

import pytest

from joinedup.partners.models import Role
from joinedup.partners.tests.factories import UserFactory
from joinedup.places.lookup import area_at_point
from joinedup.places.models import AreaKind
from joinedup.problems.locations import Point
from joinedup.problems.services import assets, engagement
from joinedup.reports.tests.conftest import GUILDHALL, SOUTH_WORCESTER

START = dt.date(2026, 1, 5)


@pytest.fixture
def guildhall_ward(worcester):
    return area_at_point(lon=GUILDHALL[0], lat=GUILDHALL[1], kind=AreaKind.WARD)


@pytest.fixture
def programme(coordinator, south, guildhall_ward):
    return engagement.programme_create(
        by=coordinator, partnership=south, name="City centre", starts_on=START, area=guildhall_ward
    )


@pytest.fixture
def other_programme(coordinator, south, worcester):
    return engagement.programme_create(
        by=coordinator,
        partnership=south,
        name="St John's",
        starts_on=START,
        location_name="St John's shops",
        point=Point(SOUTH_WORCESTER[0], SOUTH_WORCESTER[1], "test"),
    )


@pytest.fixture
def community(db):
    return UserFactory(email="resident@example.org", full_name="Rita Resident", role=Role.COMMUNITY)


@pytest.fixture
def resident_member(coordinator, programme, community):
    return engagement.member_add(
        by=coordinator,
        programme=programme,
        name="Rita Resident",
        group_role="Chair",
        email="rita@example.org",
        consent_on=dt.date(2026, 1, 6),
        account_email=community.email,
        today=dt.date(2026, 1, 6),
    )


@pytest.fixture
def asset(officer_a, south, worcester):
    return assets.asset_save(
        by=officer_a,
        partnership=south,
        point=Point(GUILDHALL[0], GUILDHALL[1], "test"),
        name="Guildhall café",
        kind="organisation",
        category="Café",
        capabilities="First aid, CCTV",
        safe_place=True,
        contact_name="Sam Owner",
        contact_email="sam@example.org",
        consent_given_by="Sam Owner",
        consent_on=dt.date(2026, 1, 6),
        consent_sharing="groups",
    )
