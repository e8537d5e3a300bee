"""The partnership's Case Review procedure: its timescales and threshold rules, read by staff, set by the
single point of contact."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.cases.views.casework import _casework
from joinedup.core.errors import NotFound, NotPermitted
from joinedup.core.forms import attempt

from .. import forms as review_forms
from .. import policy, selectors
from ..services import procedures

NAMES = ("settings", "rule-add", "rule-remove")


@_casework
def procedure(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    partnership = selectors.figures_partnership(user=user, slug=request.GET.get("partnership", ""))
    current = selectors.procedure_for(partnership)
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {name: getattr(current, name) for name in procedures.SETTINGS}
        initial["requires_written_consent"] = "yes" if current.requires_written_consent else "no"
    settings_form: forms.Form = review_forms.ProcedureForm(initial=initial or None, prefix="settings")
    rule_form: forms.Form = review_forms.RuleForm(prefix="rule")
    bound: forms.Form | None = None
    if request.method == "POST":
        if not policy.can_manage(user):
            raise NotPermitted(policy.MANAGE_DENIED)
        name = request.POST.get("action", "")
        if name not in NAMES:
            raise NotFound("There is no such page.")
        if name == "settings":
            bound = settings_form = review_forms.ProcedureForm(request.POST, prefix="settings")
            if settings_form.is_valid():
                ok, _ = attempt(
                    settings_form,
                    lambda: procedures.procedure_save(
                        by=user,
                        partnership=partnership,
                        **settings_form.service_values(),  # type: ignore[attr-defined]
                    ),
                )
                if ok:
                    messages.success(request, "Procedure saved")
                    return redirect(f"{request.path}?partnership={partnership.slug}")
        elif current is None:
            raise NotFound("Save the procedure before adding rules.")
        elif name == "rule-add":
            bound = rule_form = review_forms.RuleForm(request.POST, prefix="rule")
            if rule_form.is_valid():
                data = rule_form.cleaned_data
                ok, _ = attempt(
                    rule_form,
                    lambda: procedures.rule_add(
                        by=user,
                        procedure=current,
                        kind=data["kind"],
                        count=data["count"],
                        months=data["months"],
                    ),
                )
                if ok:
                    messages.success(request, "Rule added")
                    return redirect(f"{request.path}?partnership={partnership.slug}")
        else:
            rule_id = request.POST.get("rule", "")
            procedures.rule_remove(
                by=user, procedure=current, rule_id=int(rule_id) if rule_id.isdigit() else 0
            )
            messages.success(request, "Rule removed")
            return redirect(f"{request.path}?partnership={partnership.slug}")
    return render(
        request,
        "casereviews/procedure.html",
        {
            "partnership": partnership,
            "procedure": current,
            "rules": current.rules.all() if current else [],
            "can_manage": policy.can_manage(user),
            "settings_form": settings_form,
            "rule_form": rule_form,
            "failed_form": bound,
            "page_has_errors": bool(bound and bound.errors),
        },
    )
