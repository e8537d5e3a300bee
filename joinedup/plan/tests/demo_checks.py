"""The demo's plans, funding and services register, as someone trying `make demo` finds them."""

import datetime as dt

import pytest

from joinedup.partners.models import User
from joinedup.plan import funding_selectors, plan_selectors, services_register_selectors
from joinedup.plan.models import Fund, Plan
from joinedup.plan.plan_rules import Rag

pytestmark = pytest.mark.django_db


def test_south_worcestershire_plan_has_its_three_priorities_and_actions_in_every_rag_state():
    coordinator = User.objects.get(email="coordinator@worcester.example.org")
    plan = Plan.objects.get(partnership__slug="south-worcestershire")
    progress = plan_selectors.plan_progress(user=coordinator, plan=plan)
    assert [p.priority.title for p in progress.priorities] == ["Safer Homes", "Safer People", "Safer Roads"]
    counts = dict(progress.rag_counts)
    assert all(counts[rag] >= 1 for rag in Rag), counts
    measures = [m for p in progress.priorities for o in p.objectives for m in o.measures]
    assert any(m.measure.scorecard_measure_id for m in measures)
    assert any(m.latest is not None for m in measures if not m.measure.scorecard_measure_id)


def test_north_worcestershire_has_five_priorities_and_sees_nothing_of_the_south():
    north = User.objects.get(email="coordinator@bromsgrove.example.org")
    plans = list(plan_selectors.plan_list(user=north))
    assert [p.partnership.slug for p in plans] == ["north-worcestershire"]
    assert plans[0].priorities.count() == 5
    assert not funding_selectors.fund_list(user=north).exists()


def test_a_year_of_pcc_funding_with_the_committee_report_projects_spend_and_outputs():
    coordinator = User.objects.get(email="coordinator@worcester.example.org")
    last = Fund.objects.order_by("financial_year").first()
    table = funding_selectors.funding_table(user=coordinator, fund=last)
    titles = {r.title for r in table.rows}
    assert {
        "Partnership Analyst",
        "Street Pastors",
        "Domestic Homicide Reviews",
        "Youth ASB mentoring",
    } <= titles
    assert any(t.startswith("DAWN") for t in titles) and "Acquisitive Crime" in titles
    assert 0 < table.total_allocated <= last.total
    assert 0 < table.total_spent <= table.total_allocated
    outputs = funding_selectors.outputs_for_period(
        user=coordinator,
        partnership=last.partnership,
        start=dt.date(last.financial_year, 4, 1),
        end=dt.date(last.financial_year + 1, 3, 31),
    )
    assert "653 personal alarms issued" in [str(o) for o in outputs.rows]
    later = Fund.objects.order_by("financial_year").last()
    assert later.projects.filter(deferred_from=last, title="Bike marking kits").exists()


def test_the_services_register_has_a_year_of_figures():
    coordinator = User.objects.get(email="coordinator@worcester.example.org")
    last = Fund.objects.order_by("financial_year").first()
    table = services_register_selectors.services_register(
        user=coordinator, partnership=last.partnership, financial_year=last.financial_year
    )
    services = {r.service.name for r in table.rows}
    assert {"Street pastors", "CCTV control room", "Bike marking", "Property marking"} <= services
    assert all(None not in r.quarters and r.total > 0 for r in table.rows)
