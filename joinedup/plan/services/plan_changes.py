"""Correcting the partnership plan: changing a priority, objective, measure or action, and removing one
added by mistake while nothing hangs from it. Coordinators only; each change is audited with what it was
before, in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError
from joinedup.intelligence.models import GoodDirection, Measure, MeasurePeriod
from joinedup.partners.models import GovernanceGroup, Organisation, Partnership

from .. import plan_selectors
from ..models import MeasureSource, Objective, PlanAction, PlanMeasure, Priority
from .plan import check_action, check_measure, require_coordinator


def _words(value: Any) -> str | None:
    return None if value is None else str(value)


def _apply(item: models.Model, values: dict[str, Any]) -> dict[str, list[str | None]]:
    """Set the new values on `item`; what changed, as [before, after] in words for the audit trail."""
    changes = {}
    for name, value in values.items():
        before = getattr(item, name)
        if before != value:
            changes[name] = [_words(before), _words(value)]
            setattr(item, name, value)
    return changes


def _save(by: Any, item: models.Model, partnership: Partnership, values: dict[str, Any]) -> None:
    changes = _apply(item, values)
    if changes:
        item.save()
        audit_record(by=by, action=Action.CHANGED, obj=item, partnership=partnership, changes=changes)


def _same_plan(parent: Priority | Objective, plan_id: int, field: str) -> None:
    """An item may move to another priority or objective, but only within its own plan."""
    in_plan = parent.plan_id if isinstance(parent, Priority) else parent.priority.plan_id
    if in_plan != plan_id:
        plural = {"priority": "priorities", "objective": "objectives"}[field]
        raise ApplicationError(f"Choose one of this plan's {plural}", field=field)


@transaction.atomic
def priority_change(
    *, by: Any, priority: Priority, title: str, description: str = "", areas_of_focus: str = ""
) -> Priority:
    partnership = priority.plan.partnership
    require_coordinator(by, partnership)
    if not title.strip():
        raise ApplicationError("Enter the priority's title", field="title")
    values = {
        "title": title.strip(),
        "description": description.strip(),
        "areas_of_focus": "\n".join(line.strip() for line in areas_of_focus.splitlines() if line.strip()),
    }
    try:
        with transaction.atomic():
            _save(by, priority, partnership, values)
    except IntegrityError:
        priority.refresh_from_db()
        raise ApplicationError("The plan already has a priority with this title", field="title") from None
    return priority


@transaction.atomic
def objective_change(
    *, by: Any, objective: Objective, priority: Priority, title: str, description: str = ""
) -> Objective:
    plan = objective.priority.plan
    require_coordinator(by, plan.partnership)
    _same_plan(priority, plan.id, "priority")
    if not title.strip():
        raise ApplicationError("Enter the objective", field="title")
    values = {"priority": priority, "title": title.strip(), "description": description.strip()}
    _save(by, objective, plan.partnership, values)
    return objective


@transaction.atomic
def measure_change(
    *,
    by: Any,
    measure: PlanMeasure,
    objective: Objective,
    name: str,
    source: str,
    scorecard_measure: Measure | None = None,
    period: str = MeasurePeriod.QUARTER,
    unit: str = "",
    baseline: float | None = None,
    baseline_label: str = "",
    target: float | None = None,
    direction: str = GoodDirection.DOWN,
) -> PlanMeasure:
    """A measure's details corrected. Once partners have entered figures, the figures decide where they
    come from and how often: those cannot change under them."""
    plan = measure.objective.priority.plan
    require_coordinator(by, plan.partnership)
    _same_plan(objective, plan.id, "objective")
    name, scorecard_measure, period, unit = check_measure(
        plan.partnership, name, source, scorecard_measure, period, unit, baseline, target, direction
    )
    figures = measure.values.count()
    if figures and source != MeasureSource.ENTERED:
        raise ApplicationError(
            f"Partners have entered {figures} figure{'s' if figures != 1 else ''} for this measure: "
            "it cannot be linked to a scorecard measure instead",
            field="source",
        )
    if figures and period != measure.period:
        raise ApplicationError(
            "Partners have entered figures for this measure: how often it is reported cannot change",
            field="period",
        )
    values = {
        "objective": objective,
        "name": name,
        "source": source,
        "scorecard_measure": scorecard_measure,
        "period": period,
        "unit": unit,
        "baseline": baseline,
        "baseline_label": baseline_label.strip(),
        "target": target,
        "direction": direction,
    }
    _save(by, measure, plan.partnership, values)
    return measure


@transaction.atomic
def action_change(
    *,
    by: Any,
    action: PlanAction,
    objective: Objective,
    title: str,
    target_date: dt.date | None,
    responsible_organisation: Organisation | None = None,
    responsible_group: GovernanceGroup | None = None,
    description: str = "",
    resources: str = "",
    resources_amount: Decimal | None = None,
) -> PlanAction:
    """An action's details corrected; its status changes only through dated updates."""
    plan = action.objective.priority.plan
    require_coordinator(by, plan.partnership)
    _same_plan(objective, plan.id, "objective")
    title = check_action(
        plan, title, responsible_organisation, responsible_group, target_date, resources_amount
    )
    values = {
        "objective": objective,
        "title": title,
        "description": description.strip(),
        "responsible_organisation": responsible_organisation,
        "responsible_group": responsible_group,
        "target_date": target_date,
        "resources": resources.strip(),
        "resources_amount": resources_amount,
    }
    _save(by, action, plan.partnership, values)
    return action


@transaction.atomic
def plan_item_remove(*, by: Any, item: Priority | Objective | PlanMeasure | PlanAction) -> None:
    """Remove a priority, objective, measure or action added by mistake, only while nothing hangs from
    it (the reason is given otherwise)."""
    plan = item.plan if isinstance(item, Priority) else _parent_plan(item)
    require_coordinator(by, plan.partnership)
    type(item).objects.select_for_update().filter(pk=item.pk).first()  # one removal at a time
    refusal = plan_selectors.removal_refusal(item=item)
    if refusal:
        raise ApplicationError(refusal)
    audit_record(
        by=by, action=Action.DELETED, obj=item, partnership=plan.partnership, changes={"removed": str(item)}
    )
    item.delete()


def _parent_plan(item: Objective | PlanMeasure | PlanAction) -> Any:
    return item.priority.plan if isinstance(item, Objective) else item.objective.priority.plan
