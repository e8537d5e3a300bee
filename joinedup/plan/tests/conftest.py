"""Fixtures for the PSPO register, DHR tracker and communications, on top of the shared personas.

worcester       Worcester's wards and district, covered by the South partnership
pspo            South's city-wide dog control order, in force for three years from 1 year ago, £100 penalty
second_coordinator  another South coordinator, named for nothing
dhr_lead        the South coordinator, named South's DHR lead
review          a South review notified 10 days ago, with officer_a on its panel
chair           a South council member of staff named to sign off as chair (the coordinator is the manager)
"""

import datetime as dt

import pytest
from django.utils import timezone

from joinedup.partners.models import Role
from joinedup.partners.tests.factories import UserFactory
from joinedup.plan.models import DhrLead, PressSignatory, SignOffStep
from joinedup.plan.services import dhr
from joinedup.plan.services import pspo as pspo_services
from joinedup.reports.tests.conftest import worcester  # noqa: F401 (fixture)

TODAY = timezone.localdate


@pytest.fixture
def pspo(worcester, coordinator):  # noqa: F811 (the imported fixture)
    today = TODAY()
    order = pspo_services.pspo_save(
        by=coordinator,
        partnership=coordinator.partnerships.get(),
        reference="PSPO-DOG-1",
        title="Dog control",
        area_description="The whole of Worcester",
        areas=[worcester],
        prohibitions=["Letting a dog foul without picking it up"],
        requirements=["Putting a dog on a lead when asked"],
        made_on=today - dt.timedelta(days=380),
        in_force_from=today - dt.timedelta(days=365),
        expires_on=today + dt.timedelta(days=700),
        order_url="https://www.example.gov.uk/pspo/dogs",
    )
    pspo_services.penalty_set(
        by=coordinator, pspo=order, applies_from=order.made_on, amount=100, early_payment_amount=75
    )
    return order


@pytest.fixture
def second_coordinator(south_council):
    return UserFactory(
        email="second@example.org", full_name="Sam Second", organisation=south_council, role=Role.COORDINATOR
    )


@pytest.fixture
def dhr_lead(coordinator, south):
    DhrLead.objects.create(partnership=south, user=coordinator)
    return coordinator


@pytest.fixture
def review(dhr_lead, south, officer_a):
    return dhr.dhr_record(
        by=dhr_lead,
        partnership=south,
        reference="DHR-2026-01",
        notified_on=TODAY() - dt.timedelta(days=10),
        independent_chair="Jo Independent",
        panel_members=[officer_a],
    )


@pytest.fixture
def chair(south_council, south, coordinator):
    person = UserFactory(email="chair@example.org", full_name="Chris Chair", organisation=south_council)
    PressSignatory.objects.create(partnership=south, user=coordinator, step=SignOffStep.MANAGER)
    PressSignatory.objects.create(partnership=south, user=person, step=SignOffStep.CHAIR)
    return person
