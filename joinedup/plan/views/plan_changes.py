"""Correcting the plan: change a priority, objective, measure or action on its add form, or remove one
added by mistake. Coordinators of the plan's partnership only; other partnerships' items are not found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.core.errors import NotFound
from joinedup.core.forms import attempt

from .. import plan_selectors
from ..models import Objective, Plan, PlanAction, Priority
from ..services import plan as plan_services
from ..services import plan_changes
from .plan import (
    PlanForm,
    action_form,
    form_page,
    measure_form,
    objective_form,
    plan_page,
    priority_form,
    service_values,
)


def _action_initial(action: PlanAction) -> dict[str, Any]:
    chosen = (
        f"organisation-{action.responsible_organisation_id}"
        if action.responsible_organisation_id
        else f"group-{action.responsible_group_id}"
    )
    return model_to_dict(action) | {"responsible": chosen}


def _on_plan(item: Priority | Objective) -> str:
    plan_id = item.plan_id if isinstance(item, Priority) else item.priority.plan_id
    return reverse("plan:plan", args=[plan_id]) + f"#priority-{getattr(item, 'priority_id', item.pk)}"


@dataclass(frozen=True)
class ItemKind:
    """One kind of plan item: how to find it for a user, its form, its change service and its page."""

    name: str
    find: Callable[[Any, int], Any]
    plan_of: Callable[[Any], Plan]
    form: PlanForm
    change: Callable[..., Any]
    page: Callable[[Any], str]
    initial: Callable[[Any], dict[str, Any]] = model_to_dict


KINDS = {
    "priority": ItemKind(
        name="priority",
        find=lambda user, pk: plan_selectors.priority_get(user=user, priority_id=pk),
        plan_of=lambda item: item.plan,
        form=priority_form,
        change=lambda item, **data: plan_changes.priority_change(priority=item, **data),
        page=_on_plan,
    ),
    "objective": ItemKind(
        name="objective",
        find=lambda user, pk: plan_selectors.objective_get(user=user, objective_id=pk),
        plan_of=lambda item: item.priority.plan,
        form=objective_form,
        change=lambda item, **data: plan_changes.objective_change(objective=item, **data),
        page=_on_plan,
    ),
    "measure": ItemKind(
        name="measure",
        find=lambda user, pk: plan_selectors.measure_get(user=user, measure_id=pk),
        plan_of=lambda item: item.objective.priority.plan,
        form=measure_form,
        change=lambda item, **data: plan_changes.measure_change(measure=item, **data),
        page=lambda item: reverse("plan:measure", args=[item.pk]),
    ),
    "action": ItemKind(
        name="action",
        find=lambda user, pk: plan_selectors.action_get(user=user, action_id=pk),
        plan_of=lambda item: item.objective.priority.plan,
        form=action_form,
        change=lambda item, **data: plan_changes.action_change(action=item, **data),
        page=lambda item: reverse("plan:action", args=[item.pk]),
        initial=_action_initial,
    ),
}


def _coordinated_item(request: HttpRequest, kind: str, item_id: int) -> tuple[ItemKind, Any, Plan]:
    """The item, if the user's partnerships hold it (else not found) and they coordinate (else refused)."""
    if kind not in KINDS:
        raise NotFound("There is no such page.")
    found = KINDS[kind]
    item = found.find(request.user, item_id)
    plan = found.plan_of(item)
    plan_services.require_coordinator(request.user, plan.partnership)
    return found, item, plan


@plan_page
def item_change(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    found, item, plan = _coordinated_item(request, kind, item_id)
    form = found.form(request, plan, found.initial(item))
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(form, lambda: found.change(item, by=request.user, **service_values(form)))
        if ok:
            messages.success(request, f"{kind.capitalize()} changed: {item}")
            return redirect(found.page(item))
    return form_page(
        request,
        form,
        title=f"Change the {kind}",
        caption=str(plan),
        button="Save the changes",
        back=found.page(item),
        back_text=f"The {kind}" if kind in ("measure", "action") else "The plan",
    )


@plan_page
def item_remove(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    found, item, plan = _coordinated_item(request, kind, item_id)
    form = forms.Form(request.POST or None)
    form.cleaned_data = {}  # an unbound form can still carry a refusal to its error summary
    if request.method == "POST":
        title = str(item)
        ok, _ = attempt(form, lambda: plan_changes.plan_item_remove(by=request.user, item=item))
        if ok:
            messages.success(request, f"{kind.capitalize()} removed: {title}")
            return redirect("plan:plan", plan_id=plan.id)
    return render(
        request,
        "plan/registers/remove.html",
        {
            "form": form,
            "thing": kind,
            "title": item,
            "caption": plan,
            "back": found.page(item),
            "refusal": "" if form.errors else plan_selectors.removal_refusal(item=item),
            "instead": (reverse("plan:plan-change", args=[kind, item.pk]), f"Change the {kind}"),
            "what_happens": f"Only remove a {kind} added by mistake. It is taken out of the plan; the audit "
            "trail keeps a record of it.",
        },
    )
