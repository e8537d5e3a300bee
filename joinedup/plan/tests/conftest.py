"""Fixtures for the plan, funding and the services register, on top of the shared personas.

The clock stands at 14 November 2025 (Q3 of 2025/26).
plan       South's plan, April 2024 to March 2027, on its 2024 strategic assessment, by the coordinator
objective  "Reduce repeat domestic abuse" under the priority Safer Homes
action     South Council's action under it, due 31 March 2026, not started
fund       South's PCC grant for 2025/26, £100,000
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from joinedup.plan.services import funding
from joinedup.plan.services import plan as plan_services

NOW = dt.datetime(2025, 11, 14, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
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
