"""Reads for the partnership plan, always limited to the partnerships the user works in.

`plan_progress` is what the progress page shows and what the annual scrutiny report will print: every
figure in it carries the query it came from and its period (`source`, `label`), and passing `as_of`
gives the plan as it stood on that day (figures for periods complete by then, action statuses from the
dated updates), so a past year's report can be produced again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from joinedup.core.errors import NotFound
from joinedup.intelligence.measures import (
    PERIOD_MONTHS,
    _count_values,
    _entered_values,
    last_police_month,
    period_label,
    period_start,
)
from joinedup.intelligence.models import GoodDirection, MeasureKind, MeasurePeriod
from joinedup.intelligence.trend_selectors import month_add
from joinedup.partners import policy as partner_policy

from .models import (
    ActionUpdate,
    MeasureSource,
    Objective,
    Plan,
    PlanAction,
    PlanMeasure,
    PlanMeasureValue,
    Priority,
    Project,
    StrategicAssessment,
)
from .plan_rules import (
    RAG_ORDER,
    RAG_TAG,
    Rag,
    action_rag,
    assessment_months,
    months_after,
    rag_reason,
    refresh_months,
)


def plans_visible(*, user: Any) -> QuerySet[Plan]:
    if not partner_policy.is_staff_member(user):
        return Plan.objects.none()
    return Plan.objects.visible_to(user).select_related("partnership", "assessment")


def plan_list(*, user: Any) -> QuerySet[Plan]:
    return plans_visible(user=user).order_by("partnership__name", "-starts_on")


def plan_get(*, user: Any, plan_id: int) -> Plan:
    plan = plans_visible(user=user).filter(id=plan_id).first()
    if plan is None:
        raise NotFound("There is no plan at this address in your partnerships.")
    return plan


def assessments_for(*, plan: Plan) -> QuerySet[StrategicAssessment]:
    """The assessments the plan has rested on, newest first (the refreshes keep the earlier ones)."""
    return plan.assessments_recorded.order_by("-published_on", "-id")


def priority_get(*, user: Any, priority_id: int) -> Priority:
    found = (
        Priority.objects.filter(plan__in=plans_visible(user=user), id=priority_id)
        .select_related("plan__partnership")
        .first()
    )
    if found is None:
        raise NotFound("There is no priority at this address in your partnerships.")
    return found


def objective_get(*, user: Any, objective_id: int) -> Objective:
    found = (
        Objective.objects.filter(priority__plan__in=plans_visible(user=user), id=objective_id)
        .select_related("priority__plan__partnership")
        .first()
    )
    if found is None:
        raise NotFound("There is no objective at this address in your partnerships.")
    return found


def action_get(*, user: Any, action_id: int) -> PlanAction:
    found = (
        PlanAction.objects.filter(objective__priority__plan__in=plans_visible(user=user), id=action_id)
        .select_related(
            "objective__priority__plan__partnership", "responsible_organisation", "responsible_group"
        )
        .first()
    )
    if found is None:
        raise NotFound("There is no plan action at this address in your partnerships.")
    return found


def action_updates(*, action: PlanAction) -> QuerySet[ActionUpdate]:
    return action.updates.select_related("written_by").order_by("-written_at", "-id")


def measure_get(*, user: Any, measure_id: int) -> PlanMeasure:
    found = (
        PlanMeasure.objects.filter(objective__priority__plan__in=plans_visible(user=user), id=measure_id)
        .select_related("objective__priority__plan__partnership", "scorecard_measure")
        .first()
    )
    if found is None:
        raise NotFound("There is no plan measure at this address in your partnerships.")
    return found


# --- progress --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    start: dt.date
    label: str
    value: float


@dataclass(frozen=True)
class MeasureProgress:
    measure: PlanMeasure
    figures: list[Figure]  # periods with a figure, oldest first
    source: str  # where the figures come from, in words

    @property
    def latest(self) -> Figure | None:
        return self.figures[-1] if self.figures else None

    @property
    def previous(self) -> Figure | None:
        return self.figures[-2] if len(self.figures) > 1 else None

    @property
    def target_met(self) -> bool | None:
        target, latest = self.measure.target, self.latest
        if target is None or latest is None:
            return None
        return (
            latest.value <= target if self.measure.direction == GoodDirection.DOWN else latest.value >= target
        )

    @property
    def trend(self) -> tuple[str, str]:
        """An arrow and the trend in words (colour and arrows are never the only signal)."""
        latest, previous = self.latest, self.previous
        if latest is None or previous is None:
            return "", "No trend yet"
        if latest.value == previous.value:
            return "→", f"No change from {previous.value:g} in {previous.label}"
        up = latest.value > previous.value
        better = up == (self.measure.direction == GoodDirection.UP)
        words = "Up" if up else "Down"
        return (
            "↑" if up else "↓"
        ), f"{words} from {previous.value:g} in {previous.label} ({'better' if better else 'worse'})"


@dataclass(frozen=True)
class ActionProgress:
    action: PlanAction
    status: str
    rag: Rag
    reason: str

    @property
    def rag_tag(self) -> str:
        return RAG_TAG[self.rag]

    @property
    def status_label(self) -> str:
        return dict(PlanAction._meta.get_field("status").choices or [])[self.status]


@dataclass(frozen=True)
class ObjectiveProgress:
    objective: Objective
    measures: list[MeasureProgress]
    actions: list[ActionProgress]


@dataclass
class PriorityProgress:
    priority: Priority
    objectives: list[ObjectiveProgress]
    rag_counts: list[tuple[Rag, int]] = field(default_factory=list)

    @property
    def actions_by_rag(self) -> list[tuple[Rag, str, list[ActionProgress]]]:
        everything = [a for o in self.objectives for a in o.actions]
        return [(rag, RAG_TAG[rag], [a for a in everything if a.rag == rag]) for rag in RAG_ORDER]


@dataclass
class PlanProgress:
    plan: Plan
    as_of: dt.date
    priorities: list[PriorityProgress]
    rag_counts: list[tuple[Rag, int]]
    source: str

    @property
    def refresh_due_on(self) -> dt.date:
        return months_after(self.plan.refreshed_on or self.plan.starts_on, refresh_months())

    @property
    def assessment_due_on(self) -> dt.date:
        return months_after(self.plan.assessment.published_on, assessment_months())


def _counts(actions: list[ActionProgress]) -> list[tuple[Rag, int]]:
    counted = Counter(a.rag for a in actions)
    return [(rag, counted.get(rag, 0)) for rag in RAG_ORDER]


def _period_starts(period: str, plan: Plan, last_month: dt.date) -> list[dt.date]:
    """Starts of the plan's periods complete by `last_month` (inclusive), oldest first."""
    length = PERIOD_MONTHS[MeasurePeriod(period)]
    start = period_start(period, plan.starts_on.replace(day=1))
    starts = []
    while start <= plan.ends_on and month_add(start, length - 1) <= last_month:
        starts.append(start)
        start = month_add(start, length)
    return starts


def _source_text(measure: PlanMeasure) -> str:
    linked = measure.scorecard_measure
    per = MeasurePeriod(measure.period).label.lower()
    if linked is None:
        return f"Figures entered by partners for this plan measure, per {per}"
    if linked.kind == MeasureKind.COUNT:
        where = linked.area.name if linked.area else "its area"
        return (
            f'Scorecard measure "{linked.name}" ({linked.scorecard}): '
            f"incidents in its categories in {where}, counted per {per}"
        )
    return f'Scorecard measure "{linked.name}" ({linked.scorecard}): figures partners enter on the scorecard'


def _measure_progress(plan: Plan, measures: list[PlanMeasure], as_of: dt.date) -> dict[int, MeasureProgress]:
    """Each measure's figures for the plan's complete periods: counted ones in one query per area kind."""
    last_complete = month_add(as_of.replace(day=1), -1)
    data_month = min(last_police_month() or last_complete, last_complete)
    linked = {
        m.scorecard_measure_id: m.scorecard_measure for m in measures if m.scorecard_measure is not None
    }
    counted = [s for s in linked.values() if s is not None and s.kind == MeasureKind.COUNT]
    starts = {s.id: _period_starts(s.period, plan, data_month) for s in counted}
    values: dict[tuple[int, dt.date], float] = {}
    if counted:
        values.update(_count_values(plan.partnership, counted, starts))
    values.update(
        _entered_values([s for s in linked.values() if s is not None and s.kind == MeasureKind.ENTERED])
    )
    entered = PlanMeasureValue.objects.filter(measure__in=measures).values_list(
        "measure_id", "period_start", "value"
    )
    own = {(measure_id, start): value for measure_id, start, value in entered}
    result = {}
    for m in measures:
        length = PERIOD_MONTHS[MeasurePeriod(m.period)]
        keyed = (
            {start: v for (mid, start), v in values.items() if mid == m.scorecard_measure_id}
            if m.scorecard_measure_id
            else {start: v for (mid, start), v in own.items() if mid == m.id}
        )
        in_plan = set(
            _period_starts(m.period, plan, last_complete if m.source == MeasureSource.ENTERED else data_month)
        )
        if m.source == MeasureSource.ENTERED:
            # A partner may enter the current period's figure before it ends.
            in_plan |= {
                s for s in keyed if s <= as_of and s <= plan.ends_on and month_add(s, length) > plan.starts_on
            }
        figures = [Figure(s, period_label(m.period, s), keyed[s]) for s in sorted(in_plan) if s in keyed]
        result[m.id] = MeasureProgress(measure=m, figures=figures, source=_source_text(m))
    return result


def _status_on(action: PlanAction, updates: list[ActionUpdate], as_of: dt.date, today: dt.date) -> str:
    """The action's status on `as_of`, read back from its dated updates."""
    if as_of >= today:
        return action.status
    before = [u for u in updates if timezone.localdate(u.written_at) <= as_of]
    if before:
        return max(before, key=lambda u: (u.written_at, u.id)).status
    after = [u for u in updates if timezone.localdate(u.written_at) > as_of]
    return min(after, key=lambda u: (u.written_at, u.id)).status_before if after else action.status


def plan_progress(*, user: Any, plan: Plan, as_of: dt.date | None = None) -> PlanProgress:
    """The plan by priority: objectives, measures (latest figure against target, trend) and actions by RAG."""
    plan = plan_get(user=user, plan_id=plan.pk)  # only a plan the user may see
    today = timezone.localdate()
    as_of = as_of or today
    priorities = list(plan.priorities.order_by("position", "id"))
    objectives = list(Objective.objects.filter(priority__plan=plan).order_by("position", "id"))
    measures = list(
        PlanMeasure.objects.filter(objective__in=objectives)
        .select_related("scorecard_measure__area")
        .order_by("position", "id")
    )
    actions = list(
        PlanAction.objects.filter(objective__in=objectives, created_at__date__lte=as_of)
        .select_related("responsible_organisation", "responsible_group")
        .order_by("target_date", "id")
    )
    updates: dict[int, list[ActionUpdate]] = {}
    for update in ActionUpdate.objects.filter(action__in=actions):
        updates.setdefault(update.action_id, []).append(update)
    progress = _measure_progress(plan, measures, as_of)
    by_objective: dict[int, ObjectiveProgress] = {
        o.id: ObjectiveProgress(objective=o, measures=[], actions=[]) for o in objectives
    }
    for m in measures:
        by_objective[m.objective_id].measures.append(progress[m.id])
    for a in actions:
        status = _status_on(a, updates.get(a.id, []), as_of, today)
        by_objective[a.objective_id].actions.append(
            ActionProgress(
                action=a,
                status=status,
                rag=action_rag(status=status, target_date=a.target_date, today=as_of),
                reason=rag_reason(status=status, target_date=a.target_date, today=as_of),
            )
        )
    rows = []
    for p in priorities:
        under = [by_objective[o.id] for o in objectives if o.priority_id == p.id]
        rows.append(
            PriorityProgress(
                priority=p, objectives=under, rag_counts=_counts([a for o in under for a in o.actions])
            )
        )
    everything = [a for row in rows for o in row.objectives for a in o.actions]
    return PlanProgress(
        plan=plan,
        as_of=as_of,
        priorities=rows,
        rag_counts=_counts(everything),
        source=(
            f"{plan.partnership.name}'s plan {plan.period_label} ({plan.title}) as at {as_of:%-d %B %Y}: its "
            "priorities, objectives and measures; figures for periods complete by then; actions agreed by "
            "then, with their status on that day from their dated updates and RAG by the plan's rule."
        ),
    )


# --- correcting the plan -----------------------------------------------------------------------------------


def _held(*counts: tuple[int, str, str]) -> str:
    """ "2 measures and 1 action": what hangs from an item, leaving out what it has none of."""
    return " and ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)


def removal_refusal(*, item: Priority | Objective | PlanMeasure | PlanAction) -> str:
    """Why a priority, objective, measure or action cannot be removed, or "" when it can: only an item
    nothing hangs from may go, so no one's figures, updates or bids are lost with it."""
    if isinstance(item, Priority):
        held = _held(
            (item.objectives.count(), "objective", "objectives"),
            (
                Project.objects.filter(priorities=item).count(),
                "funding bid supporting it",
                "funding bids supporting it",
            ),
        )
        return f"This priority has {held}: remove or move them first." if held else ""
    if isinstance(item, Objective):
        held = _held(
            (item.measures.count(), "measure", "measures"), (item.actions.count(), "action", "actions")
        )
        return f"This objective has {held}: remove or move them first." if held else ""
    if isinstance(item, PlanMeasure):
        held = _held((item.values.count(), "figure", "figures"))
        return f"This measure has {held} entered: it can be changed instead." if held else ""
    held = _held((item.updates.count(), "update", "updates"))
    return f"This action has {held}: it can be marked withdrawn instead." if held else ""
