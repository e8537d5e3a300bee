"""Partnership plan pages: the plans, the progress view by priority, and keeping the plan.

Thin: selectors decide what is shown and to whom, services make every change and record it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.core.errors import NotFound, NotPermitted
from joinedup.core.forms import attempt
from joinedup.intelligence.models import Measure
from joinedup.partners import selectors as partner_selectors
from joinedup.partners.models import GovernanceGroup, Organisation, Partnership

from .. import plan_forms, plan_policy, plan_rules, plan_selectors
from ..models import MeasureSource, Objective, Plan
from ..services import plan as plan_services
from .registers_common import staff_page as plan_page


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    button: str,
    back: str,
    back_text: str,
    caption: str = "",
) -> HttpResponse:
    """A page of one form, every field in GOV.UK markup, errors summarised at the top."""
    return render(
        request,
        "plan/form.html",
        {
            "form": form,
            "title": title,
            "button": button,
            "back": back,
            "back_text": back_text,
            "caption": caption,
        },
    )


def coordinated_partnerships(user: Any) -> Any:
    return Partnership.objects.filter(
        id__in=[
            p.id for p in partner_selectors.partnership_list(user=user) if plan_policy.coordinates(user, p.id)
        ]
    )


def member_organisations(partnership: Partnership) -> Any:
    return Organisation.objects.filter(memberships__partnership=partnership).order_by("name")


@plan_page
def plan_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plan/plan_home.html",
        {
            "plans": plan_selectors.plan_list(user=request.user),
            "coordinates": plan_policy.coordinates_any(request.user),
        },
    )


@plan_page
def plan_new(request: HttpRequest) -> HttpResponse:
    partnerships = coordinated_partnerships(request.user)
    if not partnerships.exists():
        raise NotPermitted("Only a partnership's coordinators start its plan.")
    form = plan_forms.PlanStartForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        ok, plan = attempt(form, lambda: plan_services.plan_start(by=request.user, **form.cleaned_data))
        if ok:
            messages.success(request, f"Plan {plan.period_label} started")
            return redirect("plan:plan", plan_id=plan.id)
    return form_page(
        request,
        form,
        title="Start a partnership plan",
        button="Start the plan",
        back="/plan/",
        back_text="Plans",
    )


@plan_page
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_selectors.plan_get(user=request.user, plan_id=plan_id)
    return render(
        request,
        "plan/plan_detail.html",
        {
            "progress": plan_selectors.plan_progress(user=request.user, plan=plan),
            "assessments": plan_selectors.assessments_for(plan=plan),
            "coordinates": plan_policy.coordinates(request.user, plan.partnership_id),
            "warning_days": plan_rules.warning_days(),
        },
    )


def _coordinated_plan(request: HttpRequest, plan_id: int) -> Plan:
    plan = plan_selectors.plan_get(user=request.user, plan_id=plan_id)
    plan_services.require_coordinator(request.user, plan.partnership)
    return plan


@plan_page
def plan_refresh(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _coordinated_plan(request, plan_id)
    form = plan_forms.PlanRefreshForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(
            form, lambda: plan_services.plan_refresh(by=request.user, plan=plan, **form.cleaned_data)
        )
        if ok:
            messages.success(request, "Plan refreshed on the new strategic assessment")
            return redirect("plan:plan", plan_id=plan.id)
    return form_page(
        request,
        form,
        title="Refresh the plan",
        caption=str(plan),
        button="Refresh the plan",
        back=f"/plan/{plan.id}/",
        back_text="The plan",
    )


PlanForm = Callable[[HttpRequest, Plan, dict], forms.Form]


def priority_form(request: HttpRequest, plan: Plan, initial: dict) -> forms.Form:
    return plan_forms.PriorityForm(request.POST or None, initial=initial)


def objective_form(request: HttpRequest, plan: Plan, initial: dict) -> forms.Form:
    return plan_forms.ObjectiveForm(request.POST or None, priorities=plan.priorities.all(), initial=initial)


def _objectives(plan: Plan) -> Any:
    return (
        Objective.objects.filter(priority__plan=plan)
        .select_related("priority")
        .order_by("priority__position", "position")
    )


def measure_form(request: HttpRequest, plan: Plan, initial: dict) -> forms.Form:
    return plan_forms.MeasureForm(
        request.POST or None,
        objectives=_objectives(plan),
        scorecard_measures=Measure.objects.filter(partnership=plan.partnership),
        initial=initial,
    )


def action_form(request: HttpRequest, plan: Plan, initial: dict) -> forms.Form:
    return plan_forms.ActionForm(
        request.POST or None,
        objectives=_objectives(plan),
        organisations=member_organisations(plan.partnership),
        groups=GovernanceGroup.objects.filter(partnership=plan.partnership).order_by("name"),
        initial=initial,
    )


def service_values(form: forms.Form) -> dict[str, Any]:
    """The form's values as its service takes them (an action's one "responsible" choice split in two)."""
    data = dict(form.cleaned_data)
    if isinstance(form, plan_forms.ActionForm):
        del data["responsible"]
        data |= form.responsible_values()
    return data


ADDITIONS: dict[str, tuple[str, PlanForm, Callable[..., Any]]] = {
    "priority": ("Add a priority", priority_form, lambda **data: plan_services.priority_add(**data)),
    "objective": (
        "Add an objective",
        objective_form,
        lambda plan, **data: plan_services.objective_add(**data),
    ),
    "measure": ("Add a measure", measure_form, lambda plan, **data: plan_services.measure_add(**data)),
    "action": ("Add an action", action_form, lambda plan, **data: plan_services.action_add(**data)),
}


@plan_page
def plan_add(request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
    if kind not in ADDITIONS:
        raise NotFound("There is no such page.")
    plan = _coordinated_plan(request, plan_id)
    title, make, add = ADDITIONS[kind]
    initial = {name: request.GET.get(name) for name in ("priority", "objective")}
    form = make(request, plan, initial | {"source": MeasureSource.SCORECARD})
    if request.method == "POST" and form.is_valid():
        ok, added = attempt(form, lambda: add(by=request.user, plan=plan, **service_values(form)))
        if ok:
            messages.success(request, f"{kind.capitalize()} added: {added}")
            return redirect("plan:plan", plan_id=plan.id)
    return form_page(
        request,
        form,
        title=title,
        caption=str(plan),
        button=title,
        back=f"/plan/{plan.id}/",
        back_text="The plan",
    )


@plan_page
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    action = plan_selectors.action_get(user=request.user, action_id=action_id)
    plan = action.objective.priority.plan
    can_update = plan_policy.can_update_action(request.user, action, plan.partnership_id)
    form = plan_forms.ActionUpdateForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST":
        if not can_update:
            raise NotPermitted(
                "Only the partner responsible for this action, and the coordinators, can update it."
            )
        if form.is_valid():
            ok, _ = attempt(
                form,
                lambda: plan_services.action_update_add(by=request.user, action=action, **form.cleaned_data),
            )
            if ok:
                messages.success(
                    request, f"Update added: the action is now {action.get_status_display().lower()}"
                )
                return redirect("plan:action", action_id=action.id)
    progress = plan_selectors.plan_progress(user=request.user, plan=plan)
    row = next(
        a for p in progress.priorities for o in p.objectives for a in o.actions if a.action.id == action.id
    )
    return render(
        request,
        "plan/action_detail.html",
        {
            "action": action,
            "row": row,
            "plan": plan,
            "updates": plan_selectors.action_updates(action=action),
            "form": form,
            "can_update": can_update,
            "coordinates": plan_policy.coordinates(request.user, plan.partnership_id),
        },
    )


@plan_page
def measure_detail(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = plan_selectors.measure_get(user=request.user, measure_id=measure_id)
    plan = measure.objective.priority.plan
    form = plan_forms.MeasureValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            form,
            lambda: plan_services.measure_value_enter(
                by=request.user,
                measure=measure,
                period_start_on=data["period"],
                value=data["value"],
                note=data["note"],
            ),
        )
        if ok:
            messages.success(request, "Figure saved")
            return redirect("plan:measure", measure_id=measure.id)
    progress = plan_selectors.plan_progress(user=request.user, plan=plan)
    row = next(
        m for p in progress.priorities for o in p.objectives for m in o.measures if m.measure.id == measure.id
    )
    return render(
        request,
        "plan/measure_detail.html",
        {
            "measure": measure,
            "row": row,
            "plan": plan,
            "form": form,
            "coordinates": plan_policy.coordinates(request.user, plan.partnership_id),
            "can_enter": measure.source == MeasureSource.ENTERED
            and plan_policy.works_in(request.user, plan.partnership_id),
        },
    )
