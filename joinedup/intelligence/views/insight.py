"""The intelligence home page, trends, emerging issues and harm weights. Thin: selectors do the work."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.core.forms import add_service_errors
from joinedup.partners.decorators import staff_required
from joinedup.places import selectors as place_selectors
from joinedup.places.models import AreaKind

from .. import harm_weights as harm
from .. import policy
from ..charts import trends_chart
from ..models import ImportedFile, Incident, IncidentCategory
from ..trend_selectors import emerging_baseline, emerging_issues, loaded_months, month_add, trends_build
from .analysis_forms import EmergingForm, HarmWeightForm, TrendsForm

# Pages of other parts of the app, linked from the home page once they exist.
OTHER_PAGES = (
    (
        "Hotspot maps",
        "intelligence:hotspots",
        "Grid counts, kernel density and Getis-Ord Gi* hot spots on a map.",
    ),
    ("Imports", "intelligence:import-list", "Load police.uk and partner files, and see what was loaded."),
)


def _readers_only(request: HttpRequest) -> None:
    if not policy.can_read(request.user):
        raise NotPermitted("Only partnership staff read the incident store.")


def _page(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    sources = (
        Incident.objects.visible_to(request.user).order_by().values_list("source").annotate(n=Count("*"))
    )
    return render(
        request,
        "intelligence/home.html",
        {
            "loaded": loaded_months(user=request.user),
            "sources": [(dict(Incident._meta.get_field("source").choices)[s], n) for s, n in sources],  # type: ignore[arg-type]
            "last_import": ImportedFile.objects.visible_to(request.user).first(),
            "other_pages": [(title, url, text) for title, name, text in OTHER_PAGES if (url := _page(name))],
        },
    )


def _defaults(request: HttpRequest) -> dict[str, Any]:
    """The last 12 months held, in the first district of the user's partnerships."""
    loaded = loaded_months(user=request.user)
    last = loaded[1] if loaded else timezone.localdate().replace(day=1)
    district = place_selectors.area_list(user=request.user, kind=AreaKind.DISTRICT).first()
    return {
        "area": str(district.id) if district else "",
        "month_from": f"{month_add(last, -11):%Y-%m}",
        "month_to": f"{last:%Y-%m}",
    }


def _trends_form(request: HttpRequest) -> TrendsForm:
    data: Any = request.GET.copy()
    for key, value in _defaults(request).items():
        data.setdefault(key, value)
    return TrendsForm(data, user=request.user)


@staff_required
def trends(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    form = _trends_form(request)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        try:
            result = trends_build(
                user=request.user,
                area=form.cleaned_data["area"],
                month_from=form.cleaned_data["month_from"],
                month_to=form.cleaned_data["month_to"],
                categories=list(form.cleaned_data["categories"]) or None,
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            chart, description = trends_chart(result)
            context.update(
                trends=result, chart=chart, chart_description=description, query=request.GET.urlencode()
            )
    status = 200 if form.is_valid() else 400
    return render(request, "intelligence/trends.html", context, status=status)


@staff_required
def trends_csv(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    form = _trends_form(request)
    if not form.is_valid():
        return render(request, "intelligence/trends.html", {"form": form}, status=400)
    result = trends_build(
        user=request.user,
        area=form.cleaned_data["area"],
        month_from=form.cleaned_data["month_from"],
        month_to=form.cleaned_data["month_to"],
        categories=list(form.cleaned_data["categories"]) or None,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"counts-{result.area.code}-{result.month_from:%Y-%m}-{result.month_to:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["area_code", "month", "category", "category_name", "incidents"])
    writer.writerows(result.csv_rows())
    return response


def _emerging_form(request: HttpRequest) -> EmergingForm:
    data: Any = request.GET.copy()
    loaded = loaded_months(user=request.user)
    last = loaded[1] if loaded else timezone.localdate().replace(day=1)
    data.setdefault("area_kind", AreaKind.WARD)
    data.setdefault("month_from", f"{month_add(last, -2):%Y-%m}")
    data.setdefault("month_to", f"{last:%Y-%m}")
    return EmergingForm(data, user=request.user)


def _emerging(request: HttpRequest, form: EmergingForm) -> list:
    district = form.cleaned_data["district"]
    districts = (
        [district] if district else list(place_selectors.area_list(user=request.user, kind=AreaKind.DISTRICT))
    )
    return emerging_issues(
        user=request.user,
        area_kind=form.cleaned_data["area_kind"],
        districts=districts,
        month_from=form.cleaned_data["month_from"],
        month_to=form.cleaned_data["month_to"],
    )


@staff_required
def emerging(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    form = _emerging_form(request)
    context: dict[str, Any] = {"form": form, "loaded": loaded_months(user=request.user)}
    if form.is_valid():
        try:
            context.update(
                issues=_emerging(request, form),
                baseline=emerging_baseline(user=request.user, month_from=form.cleaned_data["month_from"]),
                query=request.GET.urlencode(),
            )
        except ApplicationError as error:
            add_service_errors(form, error)
    return render(request, "intelligence/emerging.html", context, status=200 if not form.errors else 400)


@staff_required
def emerging_csv(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    form = _emerging_form(request)
    issues = None
    if form.is_valid():
        try:
            issues = _emerging(request, form)
        except ApplicationError as error:
            add_service_errors(form, error)
    if issues is None:
        return render(request, "intelligence/emerging.html", {"form": form}, status=400)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="emerging-issues.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["area_code", "area_name", "category", "month", "observed", "expected", "ratio", "p_value", "q_value"]
    )
    for issue in issues:
        writer.writerow(
            [
                issue.area.code,
                issue.area.name,
                issue.category.code,
                f"{issue.month:%Y-%m}",
                issue.observed,
                f"{issue.expected:.2f}",
                f"{issue.ratio:.2f}",
                f"{issue.p_value:.3g}",
                f"{issue.q_value:.3g}",
            ]
        )
    return response


@staff_required
def harm_weight_list(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    return render(
        request,
        "intelligence/harm_weights.html",
        {"weights": harm.harm_weight_list(), "may_edit": policy.can_set_harm_weights(request.user)},
    )


@staff_required
def harm_weight_edit(request: HttpRequest, code: str) -> HttpResponse:
    if not policy.can_set_harm_weights(request.user):
        raise NotPermitted("Only coordinators and administrators change harm weights.")
    current = harm.harm_weight_get(code=code)
    form = HarmWeightForm(
        request.POST or None,
        initial={"weight": current.weight, "source": current.source, "version": current.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            harm.harm_weight_set(by=request.user, category=current.category, **form.cleaned_data)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"The harm weight of {current.category.name} is now {form.cleaned_data['weight']:g}."
            )
            return redirect("intelligence:harm-weights")
    status = 400 if form.errors else 200
    return render(
        request, "intelligence/harm_weight_edit.html", {"form": form, "current": current}, status=status
    )


@staff_required
def harm_weight_reset(request: HttpRequest, code: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("intelligence:harm-weights")
    category = IncidentCategory.objects.filter(code=code).first()
    if category is None:
        raise ApplicationError("There is no such category.")
    harm.harm_weight_reset(by=request.user, category=category)
    messages.success(request, f"{category.name} is back to its published default weight.")
    return redirect("intelligence:harm-weights")
