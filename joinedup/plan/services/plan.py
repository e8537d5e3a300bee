"""Keeping the partnership plan: starting and refreshing it, its priorities, objectives, measures and
actions, figures for measures and dated updates on actions. Each takes the actor as `by=` and records the
change in the audit trail in the same transaction."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.intelligence.measures import period_label, period_start
from joinedup.intelligence.models import GoodDirection, Measure, MeasurePeriod
from joinedup.partners.models import GovernanceGroup, Organisation, Partnership

from .. import plan_policy, plan_rules
from ..models import (
    ActionStatus,
    ActionUpdate,
    MeasureSource,
    Objective,
    Plan,
    PlanAction,
    PlanMeasure,
    PlanMeasureValue,
    Priority,
    StrategicAssessment,
)


def require_coordinator(by: Any, partnership: Partnership) -> None:
    if by is not None and not plan_policy.coordinates(by, partnership.id):
        raise NotPermitted(f"Only {partnership.name}'s coordinators change its plan.")


def _required(value: str, message: str, field: str) -> str:
    if not value.strip():
        raise ApplicationError(message, field=field)
    return value.strip()


def _number(value: float | None, label: str, field: str) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ApplicationError(f"Enter the {label} as a number.", field=field)
    return value


def _check_assessment(title: str, published_on: dt.date | None, summary: str) -> None:
    _required(title, "Enter the title of the strategic assessment", "assessment_title")
    if published_on is None:
        raise ApplicationError("Enter the date of the strategic assessment", field="assessment_date")
    if published_on > timezone.localdate():
        raise ApplicationError(
            "The strategic assessment's date cannot be in the future", field="assessment_date"
        )
    _required(summary, "Summarise the strategic assessment", "assessment_summary")


def _assessment_create(
    *,
    by: Any,
    partnership: Partnership,
    title: str,
    published_on: dt.date,
    summary: str,
    link: str,
    file_reference: str,
    plan: Plan | None = None,
) -> StrategicAssessment:
    assessment = StrategicAssessment.objects.create(
        partnership=partnership,
        plan=plan,
        title=title.strip(),
        published_on=published_on,
        summary=summary.strip(),
        link=link.strip(),
        file_reference=file_reference.strip(),
        created_by=by,
    )
    audit_record(by=by, action=Action.CREATED, obj=assessment, changes={"published_on": str(published_on)})
    return assessment


def _check_period(
    partnership: Partnership, starts_on: dt.date | None, ends_on: dt.date | None, plan: Plan | None
) -> None:
    if starts_on is None:
        raise ApplicationError("Enter the date the plan starts", field="starts_on")
    if ends_on is None:
        raise ApplicationError("Enter the date the plan ends", field="ends_on")
    if ends_on <= starts_on:
        raise ApplicationError("The plan must end after it starts", field="ends_on")
    years = plan_rules.plan_years()
    if ends_on >= plan_rules.months_after(starts_on, 12 * years):
        raise ApplicationError(f"A partnership plan covers at most {years} years", field="ends_on")
    overlapping = Plan.objects.filter(partnership=partnership, starts_on__lte=ends_on, ends_on__gte=starts_on)
    if plan is not None:
        overlapping = overlapping.exclude(pk=plan.pk)
    clash = overlapping.first()
    if clash is not None:
        raise ApplicationError(
            f"{partnership.name} already has a plan for {clash.period_label}: plans cannot overlap.",
            field="starts_on",
        )


@transaction.atomic
def plan_start(
    *,
    by: Any,
    partnership: Partnership,
    title: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    assessment_title: str,
    assessment_date: dt.date | None,
    assessment_summary: str,
    assessment_link: str = "",
    assessment_file_reference: str = "",
) -> Plan:
    """A new plan for a period, resting on the strategic assessment described."""
    require_coordinator(by, partnership)
    title = _required(title, "Enter the plan's title", "title")
    _check_period(partnership, starts_on, ends_on, None)
    _check_assessment(assessment_title, assessment_date, assessment_summary)
    assert starts_on is not None and ends_on is not None and assessment_date is not None  # checked above
    assessment = _assessment_create(
        by=by,
        partnership=partnership,
        title=assessment_title,
        published_on=assessment_date,
        summary=assessment_summary,
        link=assessment_link,
        file_reference=assessment_file_reference,
    )
    plan = Plan.objects.create(
        partnership=partnership,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        assessment=assessment,
        created_by=by,
    )
    StrategicAssessment.objects.filter(pk=assessment.pk).update(plan=plan)
    audit_record(by=by, action=Action.CREATED, obj=plan, changes={"period": plan.period_label})
    return plan


@transaction.atomic
def plan_refresh(
    *,
    by: Any,
    plan: Plan,
    refreshed_on: dt.date | None,
    assessment_title: str,
    assessment_date: dt.date | None,
    assessment_summary: str,
    assessment_link: str = "",
    assessment_file_reference: str = "",
) -> Plan:
    """The annual refresh: the plan now rests on a new strategic assessment; the old one is kept."""
    require_coordinator(by, plan.partnership)
    if refreshed_on is None:
        raise ApplicationError("Enter the date the plan was refreshed", field="refreshed_on")
    if not plan.starts_on <= refreshed_on <= plan.ends_on:
        raise ApplicationError(
            f"The refresh must fall within the plan, {plan.starts_on:%-d %B %Y} to {plan.ends_on:%-d %B %Y}",
            field="refreshed_on",
        )
    if refreshed_on > timezone.localdate():
        raise ApplicationError("The refresh date cannot be in the future", field="refreshed_on")
    _check_assessment(assessment_title, assessment_date, assessment_summary)
    assert assessment_date is not None
    if assessment_date < plan.assessment.published_on:
        raise ApplicationError(
            "The new strategic assessment must be no older than the one the plan rests on now",
            field="assessment_date",
        )
    plan.assessment = _assessment_create(
        by=by,
        plan=plan,
        partnership=plan.partnership,
        title=assessment_title,
        published_on=assessment_date,
        summary=assessment_summary,
        link=assessment_link,
        file_reference=assessment_file_reference,
    )
    plan.refreshed_on = refreshed_on
    plan.save(update_fields=["assessment", "refreshed_on"])
    audit_record(by=by, action=Action.CHANGED, obj=plan, changes={"refreshed_on": str(refreshed_on)})
    return plan


def _next_position(queryset: Any) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def priority_add(
    *, by: Any, plan: Plan, title: str, description: str = "", areas_of_focus: str = ""
) -> Priority:
    require_coordinator(by, plan.partnership)
    title = _required(title, "Enter the priority's title", "title")
    try:
        with transaction.atomic():
            priority = Priority.objects.create(
                plan=plan,
                title=title,
                description=description.strip(),
                areas_of_focus="\n".join(
                    line.strip() for line in areas_of_focus.splitlines() if line.strip()
                ),
                position=_next_position(plan.priorities),
            )
    except IntegrityError:
        raise ApplicationError("The plan already has a priority with this title", field="title") from None
    audit_record(
        by=by, action=Action.CREATED, obj=priority, partnership=plan.partnership, changes={"title": title}
    )
    return priority


@transaction.atomic
def objective_add(*, by: Any, priority: Priority, title: str, description: str = "") -> Objective:
    partnership = priority.plan.partnership
    require_coordinator(by, partnership)
    title = _required(title, "Enter the objective", "title")
    objective = Objective.objects.create(
        priority=priority,
        title=title,
        description=description.strip(),
        position=_next_position(priority.objectives),
    )
    audit_record(
        by=by, action=Action.CREATED, obj=objective, partnership=partnership, changes={"title": title}
    )
    return objective


def check_measure(
    partnership: Partnership,
    name: str,
    source: str,
    scorecard_measure: Measure | None,
    period: str,
    unit: str,
    baseline: float | None,
    target: float | None,
    direction: str,
) -> tuple[str, Measure | None, str, str]:
    """A measure's details checked: its name, scorecard measure, period and unit as they will be kept."""
    name = _required(name, "Enter the measure's name", "name")
    if source == MeasureSource.SCORECARD:
        if scorecard_measure is None:
            raise ApplicationError("Choose the scorecard measure to link to", field="scorecard_measure")
        if scorecard_measure.partnership_id != partnership.id:
            raise ApplicationError(
                "Choose one of your partnership's scorecard measures", field="scorecard_measure"
            )
        period = scorecard_measure.period  # the scorecard decides how its figures are counted
        unit = unit.strip() or scorecard_measure.unit
    elif source == MeasureSource.ENTERED:
        scorecard_measure = None
    else:
        raise ApplicationError("Choose where the measure's figures come from", field="source")
    if period not in MeasurePeriod.values:
        raise ApplicationError("Choose how often the measure is reported", field="period")
    if direction not in GoodDirection.values:
        raise ApplicationError("Choose whether lower or higher is better", field="direction")
    _number(baseline, "baseline", "baseline")
    _number(target, "target", "target")
    return name, scorecard_measure, period, unit.strip()


@transaction.atomic
def measure_add(
    *,
    by: Any,
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
    """A measure of an objective: linked to a scorecard measure (worked out live) or entered by partners."""
    partnership = objective.priority.plan.partnership
    require_coordinator(by, partnership)
    name, scorecard_measure, period, unit = check_measure(
        partnership, name, source, scorecard_measure, period, unit, baseline, target, direction
    )
    measure = PlanMeasure.objects.create(
        objective=objective,
        name=name,
        source=source,
        scorecard_measure=scorecard_measure,
        period=period,
        unit=unit,
        baseline=baseline,
        baseline_label=baseline_label.strip(),
        target=target,
        direction=direction,
        position=_next_position(objective.measures),
    )
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=measure,
        partnership=partnership,
        changes={"name": name, "source": source, "baseline": baseline, "target": target},
    )
    return measure


@transaction.atomic
def measure_value_enter(
    *,
    by: Any,
    measure: PlanMeasure,
    period_start_on: dt.date | None,
    value: float | None,
    note: str = "",
    today: dt.date | None = None,
) -> PlanMeasureValue:
    """A partner's figure for one period of an entered measure; a second figure replaces the first."""
    plan = measure.objective.priority.plan
    if by is not None and not plan_policy.works_in(by, plan.partnership_id):
        raise NotPermitted("Only people working in the partnership enter its figures.")
    if measure.source != MeasureSource.ENTERED:
        raise ApplicationError("This measure is worked out from its scorecard, not entered.")
    if period_start_on is None:
        raise ApplicationError("Enter the period's first month", field="period")
    if value is None:
        raise ApplicationError("Enter the value", field="value")
    _number(value, "value", "value")
    aligned = period_start(measure.period, period_start_on)
    if aligned != period_start_on:
        raise ApplicationError(
            f"{period_start_on:%B %Y} is not the first month of a period: this measure's "
            f"{period_label(measure.period, aligned)} starts in {aligned:%B %Y}",
            field="period",
        )
    if (
        period_start_on > plan.ends_on
        or period_start(measure.period, plan.starts_on.replace(day=1)) > period_start_on
    ):
        raise ApplicationError(
            f"Choose a period within the plan, {plan.starts_on:%B %Y} to {plan.ends_on:%B %Y}", field="period"
        )
    if period_start_on > (today or timezone.localdate()):
        raise ApplicationError("That period has not started yet", field="period")
    before = PlanMeasureValue.objects.filter(measure=measure, period_start=period_start_on).first()
    row, _ = PlanMeasureValue.objects.update_or_create(
        measure=measure,
        period_start=period_start_on,
        defaults={"value": value, "note": note.strip(), "entered_by": by, "entered_at": timezone.now()},
    )
    audit_record(
        by=by,
        action=Action.CHANGED if before else Action.CREATED,
        obj=measure,
        partnership=plan.partnership,
        changes={
            "period": period_label(measure.period, period_start_on),
            "value": [before.value if before else None, value],
        },
    )
    return row


def _check_responsible(
    partnership: Partnership, organisation: Organisation | None, group: GovernanceGroup | None
) -> None:
    if (organisation is None) == (group is None):
        raise ApplicationError(
            "Choose who is responsible: one partner organisation or one governance group", field="responsible"
        )
    if organisation is not None and not partnership.memberships.filter(organisation=organisation).exists():
        raise ApplicationError(
            f"{organisation.name} is not a member of {partnership.name}", field="responsible"
        )
    if group is not None and group.partnership_id not in (None, partnership.id):
        raise ApplicationError(f"{group.name} belongs to another partnership", field="responsible")


def check_action(
    plan: Plan,
    title: str,
    organisation: Organisation | None,
    group: GovernanceGroup | None,
    target_date: dt.date | None,
    resources_amount: Decimal | None,
) -> str:
    """An action's details checked against the plan; its title as it will be kept."""
    title = _required(title, "Enter the action", "title")
    _check_responsible(plan.partnership, organisation, group)
    if target_date is None:
        raise ApplicationError("Enter the target date", field="target_date")
    if not plan.starts_on <= target_date <= plan.ends_on:
        raise ApplicationError(
            "The target date must fall within the plan, "
            f"{plan.starts_on:%-d %B %Y} to {plan.ends_on:%-d %B %Y}",
            field="target_date",
        )
    if resources_amount is not None and resources_amount < 0:
        raise ApplicationError("The amount of money cannot be negative", field="resources_amount")
    return title


@transaction.atomic
def action_add(
    *,
    by: Any,
    objective: Objective,
    title: str,
    target_date: dt.date | None,
    responsible_organisation: Organisation | None = None,
    responsible_group: GovernanceGroup | None = None,
    description: str = "",
    resources: str = "",
    resources_amount: Decimal | None = None,
) -> PlanAction:
    plan = objective.priority.plan
    require_coordinator(by, plan.partnership)
    title = check_action(
        plan, title, responsible_organisation, responsible_group, target_date, resources_amount
    )
    assert target_date is not None  # checked above
    action = PlanAction.objects.create(
        objective=objective,
        title=title,
        description=description.strip(),
        responsible_organisation=responsible_organisation,
        responsible_group=responsible_group,
        target_date=target_date,
        resources=resources.strip(),
        resources_amount=resources_amount,
        created_by=by,
    )
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=action,
        partnership=plan.partnership,
        changes={"responsible": str(action.responsible), "target_date": str(target_date)},
    )
    return action


@transaction.atomic
def action_update_add(*, by: Any, action: PlanAction, text: str, status: str) -> ActionUpdate:
    """A dated progress update from the responsible partner (or a coordinator), setting the new status."""
    partnership = action.objective.priority.plan.partnership
    if by is not None and not plan_policy.can_update_action(by, action, partnership.id):
        raise NotPermitted(
            "Only the partner responsible for this action, and the coordinators, can update it."
        )
    text = _required(text, "Say what has happened since the last update", "text")
    if status not in ActionStatus.values:
        raise ApplicationError("Choose the action's status now", field="status")
    current = PlanAction.objects.select_for_update().get(pk=action.pk)
    update = ActionUpdate.objects.create(
        action=current, text=text, status_before=current.status, status=status, written_by=by
    )
    PlanAction.objects.filter(pk=current.pk).update(status=status, updated_at=update.written_at)
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=current,
        partnership=partnership,
        changes={"status": [current.status, status]},
    )
    action.refresh_from_db()
    return update
