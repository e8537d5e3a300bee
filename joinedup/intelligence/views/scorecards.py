"""Scorecard pages: a partnership's measures with RAG status, defining measures, entering figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.core.forms import add_service_errors
from joinedup.partners import selectors as partner_selectors
from joinedup.partners.decorators import staff_required

from .. import measures, policy
from ..models import MeasureKind
from .analysis_forms import MeasureForm, MeasureValueForm


@staff_required
def scorecard_list(request: HttpRequest) -> HttpResponse:
    partnerships = list(partner_selectors.partnership_list(user=request.user))
    if not partnerships:
        raise NotPermitted("Scorecards belong to partnerships, and you work in none.")
    chosen = next((p for p in partnerships if p.slug == request.GET.get("partnership")), partnerships[0])
    return render(
        request,
        "intelligence/scorecards.html",
        {
            "partnerships": partnerships,
            "chosen": chosen,
            "cards": measures.scorecard(user=request.user, partnership=chosen),
            "may_define": policy.can_define_measures(request.user, chosen),
            "may_enter": policy.can_enter_values(request.user, chosen),
        },
    )


def _scorecard_url(slug: str) -> str:
    return f"{reverse('intelligence:scorecards')}?partnership={slug}"


def _partnership(request: HttpRequest, slug: str) -> Any:
    found = partner_selectors.partnership_list(user=request.user).filter(slug=slug).first()
    if found is None:
        raise NotFound("There is no partnership at this address.")
    if not policy.can_define_measures(request.user, found):
        raise NotPermitted("Only the partnership's coordinators define its measures.")
    return found


@staff_required
def measure_edit(request: HttpRequest, slug: str, measure_id: int | None = None) -> HttpResponse:
    partnership = _partnership(request, slug)
    measure = measures.measure_get(user=request.user, measure_id=measure_id) if measure_id else None
    if measure is not None and measure.partnership_id != partnership.id:
        raise NotFound("There is no such measure in this partnership.")
    initial: dict[str, Any] = {"period": "quarter", "direction": "down", "tolerance": 5}
    if measure is not None:
        initial = {
            **{
                f: getattr(measure, f) for f in ("name", "scorecard", "description", "kind", "period", "unit")
            },
            **{f: getattr(measure, f) for f in ("target", "direction", "tolerance", "area")},
            "categories": list(measure.categories.all()),
        }
    form = MeasureForm(
        request.POST or None, initial=initial, areas=measures.measure_areas(partnership=partnership)
    )
    if request.method == "POST" and form.is_valid():
        try:
            measures.measure_save(
                by=request.user,
                partnership=partnership,
                measure=measure,
                **{**form.cleaned_data, "categories": list(form.cleaned_data["categories"])},
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Measure “{form.cleaned_data['name']}” saved.")
            return redirect(_scorecard_url(partnership.slug))
    return render(
        request,
        "intelligence/measure_edit.html",
        {"form": form, "partnership": partnership, "measure": measure},
        status=400 if form.errors else 200,
    )


@staff_required
def measure_value_enter(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = measures.measure_get(user=request.user, measure_id=measure_id)
    if measure.kind != MeasureKind.ENTERED:
        raise NotFound("This measure is counted from the incident store: there is nothing to enter.")
    if not policy.can_enter_values(request.user, measure.partnership):
        raise NotPermitted("Only people working in the partnership enter its figures.")
    form = MeasureValueForm(request.POST or None, periods=measures.measure_periods_open(measure=measure))
    if request.method == "POST" and form.is_valid():
        try:
            measures.measure_value_enter(
                by=request.user,
                measure=measure,
                period_start=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Figure for “{measure.name}” saved.")
            return redirect(_scorecard_url(measure.partnership.slug))
    return render(
        request,
        "intelligence/measure_value.html",
        {"form": form, "measure": measure},
        status=400 if form.errors else 200,
    )
