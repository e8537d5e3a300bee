"""Fixtures for the plan app, on top of the shared personas.

The plan, funding and the services register (their tests stand the clock at 14 November 2025, Q3 of
2025/26, with the `clock` fixture):
plan       South's plan, April 2024 to March 2027, on its 2024 strategic assessment, by the coordinator
objective  "Reduce repeat domestic abuse" under the priority Safer Homes
action     South Council's action under it, due 31 March 2026, not started
fund       South's PCC grant for 2025/26, £100,000

The PSPO register, DHR tracker and communications:
worcester       Worcester's wards and district, covered by the South partnership
pspo            South's city-wide dog control order, in force for three years from 1 year ago, £100 penalty
second_coordinator  another South coordinator, named for nothing
dhr_lead        the South coordinator, named South's DHR lead
review          a South review notified 10 days ago, with officer_a on its panel
chair           a South council member of staff named to sign off as chair (the coordinator is the manager)
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from joinedup.partners.models import Role
from joinedup.partners.tests.factories import UserFactory
from joinedup.plan.models import DhrLead, PressSignatory, SignOffStep
from joinedup.plan.services import dhr, funding
from joinedup.plan.services import plan as plan_services
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


NOW = dt.datetime(2025, 11, 14, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan(south, south_council, police, coordinator):
    return plan_services.plan_start(
        by=coordinator,
        partnership=south,
        title="Community Safety Partnership Plan",
        starts_on=dt.date(2024, 4, 1),
        ends_on=dt.date(2027, 3, 31),
        assessment_title="Strategic Assessment 2024",
        assessment_date=dt.date(2024, 2, 1),
        assessment_summary="Domestic abuse and shoplifting rising; ASB falling.",
    )


@pytest.fixture
def priority(plan, coordinator):
    return plan_services.priority_add(
        by=coordinator, plan=plan, title="Safer Homes", areas_of_focus="Domestic abuse\nBurglary"
    )


@pytest.fixture
def objective(priority, coordinator):
    return plan_services.objective_add(
        by=coordinator, priority=priority, title="Reduce repeat domestic abuse"
    )


@pytest.fixture
def action(objective, coordinator, south_council):
    return plan_services.action_add(
        by=coordinator,
        objective=objective,
        title="Train housing staff in DA awareness",
        responsible_organisation=south_council,
        target_date=dt.date(2026, 3, 31),
    )


@pytest.fixture
def fund(south, coordinator):
    return funding.fund_create(
        by=coordinator,
        partnership=south,
        name="PCC Community Safety Grant 2025/26",
        funder="Police and Crime Commissioner",
        financial_year=2025,
        total=Decimal("100000"),
    )
