"""Correcting the plan: coordinators change each kind of item and see the change; officers are refused,
other partnerships find nothing; an item is removed only while nothing hangs from it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from joinedup.audit.models import Action, AuditEvent
from joinedup.plan.models import MeasureSource, Objective, PlanAction, PlanMeasure, Priority
from joinedup.plan.services import plan as plan_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def measure(objective, coordinator):
    return plan_services.measure_add(
        by=coordinator,
        objective=objective,
        name="Repeat victims",
        source=MeasureSource.ENTERED,
        baseline=30,
        target=25,
    )


def _change(kind, item):
    return reverse("plan:plan-change", args=[kind, item.pk])


def _remove(kind, item):
    return reverse("plan:plan-remove", args=[kind, item.pk])


def test_a_coordinator_corrects_a_priority_and_an_objective_and_sees_it_on_the_plan(
    client_for, coordinator, objective
):
    client = client_for(coordinator)
    priority = objective.priority
    assert (
        'href="' + _change("priority", priority)
        in client.get(reverse("plan:plan", args=[priority.plan_id])).content.decode()
    )
    page = client.post(
        _change("priority", priority), {"title": "Safer Homes and Streets", "areas_of_focus": "Burglary"}
    )
    assert page.status_code == 302
    client.post(
        _change("objective", objective), {"priority": priority.id, "title": "Reduce repeat abuse by 10%"}
    )
    text = client.get(reverse("plan:plan", args=[priority.plan_id])).content.decode()
    assert "Safer Homes and Streets" in text and "Reduce repeat abuse by 10%" in text
    assert AuditEvent.objects.filter(
        action=Action.CHANGED, changes__title=["Safer Homes", "Safer Homes and Streets"]
    ).exists()


def test_a_coordinator_corrects_a_measure_and_an_action_on_their_pages(
    client_for, coordinator, measure, action, police
):
    client = client_for(coordinator)
    assert "Change" in client.get(reverse("plan:measure", args=[measure.id])).content.decode()
    form = client.get(_change("measure", measure)).content.decode()
    assert 'value="Repeat victims"' in form  # the add form, filled in with what is there
    client.post(
        _change("measure", measure),
        {
            "objective": measure.objective_id,
            "name": "Repeat victims of domestic abuse",
            "source": "entered",
            "period": "quarter",
            "baseline": "31",
            "target": "20",
            "direction": "down",
        },
    )
    page = client.get(reverse("plan:measure", args=[measure.id])).content.decode()
    assert "Repeat victims of domestic abuse" in page and "20 a period" in page
    page = client.post(
        _change("action", action),
        {
            "objective": action.objective_id,
            "title": "Train housing and police staff",
            "responsible": f"organisation-{police.id}",
            "target_date_0": "30",
            "target_date_1": "6",
            "target_date_2": "2026",
            "resources": "Two trainers",
        },
        follow=True,
    )
    text = page.content.decode()
    assert "Train housing and police staff" in text and "30 June 2026" in text and "Two trainers" in text
    action.refresh_from_db()
    assert action.responsible_organisation == police


def test_bad_input_is_refused_with_the_message_and_keeps_what_was_typed(client_for, coordinator, action):
    page = client_for(coordinator).post(
        _change("action", action),
        {
            "objective": action.objective_id,
            "title": "Train everyone",
            "responsible": f"organisation-{action.responsible_organisation_id}",
            "target_date_0": "1",
            "target_date_1": "6",
            "target_date_2": "2028",
        },
    )
    text = page.content.decode()
    assert "There is a problem" in text and "The target date must fall within the plan" in text
    assert 'value="Train everyone"' in text
    action.refresh_from_db()
    assert action.title == "Train housing staff in DA awareness"


def test_a_priority_cannot_take_another_priority_s_title(client_for, coordinator, priority):
    plan_services.priority_add(by=coordinator, plan=priority.plan, title="Safer Streets")
    page = client_for(coordinator).post(_change("priority", priority), {"title": "Safer Streets"})
    assert "The plan already has a priority with this title" in page.content.decode()
    priority.refresh_from_db()
    assert priority.title == "Safer Homes"


def test_an_entered_measure_with_figures_keeps_where_its_figures_come_from(
    client_for, coordinator, measure, officer_a
):
    plan_services.measure_value_enter(
        by=officer_a, measure=measure, period_start_on=dt.date(2025, 7, 1), value=3
    )
    page = client_for(coordinator).post(
        _change("measure", measure),
        {
            "objective": measure.objective_id,
            "name": "X",
            "source": "entered",
            "period": "month",
            "direction": "down",
        },
    )
    assert "how often it is reported cannot change" in page.content.decode()
    measure.refresh_from_db()
    assert (measure.name, measure.period) == ("Repeat victims", "quarter")


@pytest.mark.parametrize("kind", ["priority", "objective", "measure", "action"])
def test_an_officer_is_refused_and_another_partnership_finds_nothing(
    client_for, officer_a, officer_b, measure, action, kind
):
    item = {"priority": action.objective.priority, "objective": action.objective, "measure": measure}.get(
        kind, action
    )
    for url in (_change(kind, item), _remove(kind, item)):
        assert client_for(officer_a).get(url).status_code == 403
        assert client_for(officer_a).post(url, {"title": "X"}).status_code == 403
        assert client_for(officer_b).get(url).status_code == 404
    page = client_for(officer_a).get(reverse("plan:plan", args=[action.objective.priority.plan_id]))
    assert _change(kind, item) not in page.content.decode()
    assert type(item).objects.filter(pk=item.pk).exists()


def test_removal_is_refused_with_the_reason_while_something_hangs_from_the_item(
    client_for, coordinator, officer_a, action, measure
):
    client = client_for(coordinator)
    plan_services.action_update_add(by=officer_a, action=action, text="Booked", status="on_track")
    plan_services.measure_value_enter(
        by=officer_a, measure=measure, period_start_on=dt.date(2025, 7, 1), value=3
    )
    page = client.get(_remove("action", action)).content.decode()
    assert "This action has 1 update: it can be marked withdrawn instead." in page
    assert "Remove the action</button>" not in page
    page = client.post(_remove("action", action)).content.decode()
    assert "There is a problem" in page and "it can be marked withdrawn instead" in page
    assert "This measure has 1 figure entered" in client.post(_remove("measure", measure)).content.decode()
    objective = action.objective
    assert "This objective has 1 measure and 1 action: remove or move them first." in (
        client.post(_remove("objective", objective)).content.decode()
    )
    assert (
        "This priority has 1 objective"
        in client.post(_remove("priority", objective.priority)).content.decode()
    )
    assert PlanAction.objects.exists() and PlanMeasure.objects.exists() and Priority.objects.exists()


def test_a_coordinator_removes_items_added_by_mistake_from_the_bottom_up(
    client_for, coordinator, action, measure
):
    client = client_for(coordinator)
    objective, priority = action.objective, action.objective.priority
    for kind, item in (("action", action), ("measure", measure), ("objective", objective)):
        assert f"Remove the {kind}</button>" in client.get(_remove(kind, item)).content.decode()
        page = client.post(_remove(kind, item), follow=True)
        assert f"{kind.capitalize()} removed: {item}" in page.content.decode()
    client.post(_remove("priority", priority))
    assert not Objective.objects.exists() and not Priority.objects.exists()
    assert (
        "The plan has no priorities yet"
        in client.get(reverse("plan:plan", args=[priority.plan_id])).content.decode()
    )
    assert AuditEvent.objects.filter(action=Action.DELETED).count() == 4
