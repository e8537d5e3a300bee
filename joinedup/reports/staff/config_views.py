"""The coordinator's configuration pages: categories, service targets and routing rules.

Thin: `joinedup.reports.configuration` checks who may change what, validates and audits.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.partners.decorators import staff_required

from .. import configuration as config
from ..models import Category, CategoryGroup, RoutingRule, ServiceTarget
from . import forms as staff_forms
from .views import show_error


def _partnership(request: HttpRequest, slug: str) -> Any:
    return config.configuration_partnership_get(user=request.user, slug=slug)


def _get(model: Any, partnership: Any, object_id: int, what: str) -> Any:
    found = model.objects.filter(partnership=partnership, id=object_id).first()
    if found is None:
        raise NotFound(f"There is no such {what} in {partnership.name}.")
    return found


def _save(form: Any, save: Any) -> Any:
    """Run a configuration service, showing its error on the form; the saved object or None."""
    try:
        return save()
    except (NotPermitted, NotFound):
        raise
    except ApplicationError as error:
        show_error(form, error)
        return None


@staff_required
def reporting_settings(request: HttpRequest) -> HttpResponse:
    partnerships = config.configuration_partnerships(user=request.user)
    if not partnerships:
        raise NotPermitted("Only coordinators change how reports are handled.")
    return render(request, "reports/staff/config/index.html", {"partnerships": partnerships})


# --- categories -------------------------------------------------------------------------------------------


@staff_required
def category_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    return render(
        request,
        "reports/staff/config/category_list.html",
        {"partnership": partnership, "categories": config.categories_configured(partnership=partnership)},
    )


@staff_required
def category_edit(request: HttpRequest, slug: str, category_id: int | None = None) -> HttpResponse:
    partnership = _partnership(request, slug)
    category = _get(Category, partnership, category_id, "category") if category_id else None
    initial: dict[str, Any] = {}
    if category is not None:
        initial = {
            "group": category.group,
            "name": category.name,
            "hint": category.hint,
            "questions": config.questions_format(questions=category.questions),
            "urgent_notice": category.urgent_notice,
            "flags": [
                f
                for f in ("staff_only", "sensitive", "never_public", "victim_support")
                if getattr(category, f)
            ],
        }
    form = staff_forms.CategoryForm(
        request.POST or None,
        initial=initial,
        groups=CategoryGroup.objects.filter(partnership=partnership),
        editing=category is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        flags = set(data["flags"])

        def save() -> Category:
            return config.category_save(
                partnership=partnership,
                by=request.user,
                category=category,
                group=data["group"],
                new_group=data["new_group"],
                name=data["name"],
                code=data.get("code", ""),
                hint=data["hint"],
                questions=config.questions_parse(text=data["questions"]),
                urgent_notice=data["urgent_notice"],
                staff_only="staff_only" in flags,
                sensitive="sensitive" in flags,
                never_public="never_public" in flags,
                victim_support="victim_support" in flags,
            )

        saved = _save(form, save)
        if saved is not None:
            messages.success(request, f"Category {saved.name} saved")
            return redirect("category-list", slug=partnership.slug)
    return render(
        request,
        "reports/staff/config/category_form.html",
        {
            "partnership": partnership,
            "category": category,
            "form": form,
            "page_has_errors": bool(form.errors),
        },
    )


@staff_required
@require_POST
def category_active(request: HttpRequest, slug: str, category_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    category = _get(Category, partnership, category_id, "category")
    active = request.POST.get("active") == "1"
    config.category_set_active(category=category, by=request.user, active=active)
    messages.success(request, f"{category.name} is {'offered again' if active else 'no longer offered'}")
    return redirect("category-list", slug=partnership.slug)


# --- service targets --------------------------------------------------------------------------------------


@staff_required
def service_target_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    return render(
        request,
        "reports/staff/config/target_list.html",
        {"partnership": partnership, "targets": config.service_targets_configured(partnership=partnership)},
    )


@staff_required
def service_target_edit(request: HttpRequest, slug: str, target_id: int | None = None) -> HttpResponse:
    partnership = _partnership(request, slug)
    target = _get(ServiceTarget, partnership, target_id, "service target") if target_id else None
    initial = {}
    if target is not None:
        initial = {
            "name": target.name,
            "acknowledge_within": target.acknowledge_within,
            "acknowledge_unit": target.acknowledge_unit,
            "resolve_within": target.resolve_within,
            "resolve_unit": target.resolve_unit,
            "at_risk_percent": round(target.at_risk_after * 100),
        }
    form = staff_forms.ServiceTargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _save(
            form,
            lambda: config.service_target_save(
                partnership=partnership,
                by=request.user,
                target=target,
                name=data["name"],
                acknowledge_within=data["acknowledge_within"],
                acknowledge_unit=data["acknowledge_unit"],
                resolve_within=data["resolve_within"],
                resolve_unit=data["resolve_unit"],
                at_risk_after=data["at_risk_percent"] / 100,
            ),
        )
        if saved is not None:
            messages.success(request, f"Service target {saved.name} saved")
            return redirect("service-target-list", slug=partnership.slug)
    return render(
        request,
        "reports/staff/config/target_form.html",
        {"partnership": partnership, "target": target, "form": form, "page_has_errors": bool(form.errors)},
    )


@staff_required
@require_POST
def service_target_delete(request: HttpRequest, slug: str, target_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    target = _get(ServiceTarget, partnership, target_id, "service target")
    try:
        config.service_target_delete(target=target, by=request.user)
    except (NotPermitted, NotFound):
        raise
    except ApplicationError as error:
        return render(
            request,
            "reports/staff/config/target_list.html",
            {
                "partnership": partnership,
                "targets": config.service_targets_configured(partnership=partnership),
                "error": error.message,
                "page_has_errors": True,
            },
        )
    messages.success(request, f"Service target {target.name} removed")
    return redirect("service-target-list", slug=partnership.slug)


# --- routing rules ----------------------------------------------------------------------------------------


@staff_required
def routing_rule_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    rules = config.routing_rules_configured(partnership=partnership)
    return render(
        request,
        "reports/staff/config/rule_list.html",
        {"partnership": partnership, "rules": [(rule, config.rule_summary(rule)) for rule in rules]},
    )


@staff_required
def routing_rule_edit(request: HttpRequest, slug: str, rule_id: int | None = None) -> HttpResponse:
    partnership = _partnership(request, slug)
    rule = _get(RoutingRule, partnership, rule_id, "routing rule") if rule_id else None
    initial: dict[str, Any] = {}
    if rule is not None:
        initial = {
            "name": rule.name,
            "category": rule.category,
            "area": rule.area,
            "days": rule.days,
            "starts_at": f"{rule.starts_at:%H:%M}" if rule.starts_at else "",
            "ends_at": f"{rule.ends_at:%H:%M}" if rule.ends_at else "",
            "lead_partner": rule.lead_partner,
            "supporting_partners": list(rule.supporting_partners.all()),
            "priority": rule.priority,
            "service_target": rule.service_target,
        }
    form = staff_forms.RoutingRuleForm(
        request.POST or None,
        initial=initial,
        categories=config.categories_configured(partnership=partnership),
        areas=config.routing_areas(partnership=partnership),
        partners=config.partnership_partners(partnership=partnership),
        targets=config.service_targets_configured(partnership=partnership),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _save(
            form,
            lambda: config.routing_rule_save(
                partnership=partnership,
                by=request.user,
                rule=rule,
                name=data["name"],
                category=data["category"],
                area=data["area"],
                days=data["days"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                lead_partner=data["lead_partner"],
                supporting_partners=data["supporting_partners"],
                priority=data["priority"],
                service_target=data["service_target"],
            ),
        )
        if saved is not None:
            messages.success(request, f"Routing rule {saved.name} saved")
            return redirect("routing-rule-list", slug=partnership.slug)
    return render(
        request,
        "reports/staff/config/rule_form.html",
        {"partnership": partnership, "rule": rule, "form": form, "page_has_errors": bool(form.errors)},
    )


@staff_required
@require_POST
def routing_rule_active(request: HttpRequest, slug: str, rule_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    rule = _get(RoutingRule, partnership, rule_id, "routing rule")
    active = request.POST.get("active") == "1"
    config.routing_rule_set_active(rule=rule, by=request.user, active=active)
    messages.success(
        request, f"Routing rule {rule.name} {'is in use again' if active else 'is no longer used'}"
    )
    return redirect("routing-rule-list", slug=partnership.slug)
