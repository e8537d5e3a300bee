"""Services and outputs register pages: the table by service and quarter for a financial year (and its
CSV), adding a service, and entering a service's figures for a month or quarter."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import NotFound, NotPermitted
from joinedup.core.spreadsheets import spreadsheet_safe
from joinedup.partners import selectors as partner_selectors
from joinedup.partners.models import Organisation, Partnership

from .. import plan_policy, services_register_forms, services_register_selectors
from ..services import services_register as register_services
from .plan import attempt, coordinated_partnerships, form_page, plan_page


def _choices(request: HttpRequest) -> tuple[Partnership, int, Any]:
    """The partnership (?partnership=slug, else the user's first) and financial year (?year=2025)."""
    partnerships = partner_selectors.partnership_list(user=request.user).order_by("name")
    slug = request.GET.get("partnership")
    partnership = partnerships.filter(slug=slug).first() if slug else partnerships.first()
    if partnership is None:
        raise NotFound("You do not work in that partnership.")
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = services_register_selectors.current_financial_year()
    if not 2000 <= year <= 2100:
        year = services_register_selectors.current_financial_year()
    return partnership, year, partnerships


@plan_page
def register(request: HttpRequest) -> HttpResponse:
    partnership, year, partnerships = _choices(request)
    return render(
        request,
        "plan/services_register.html",
        {
            "table": services_register_selectors.services_register(
                user=request.user, partnership=partnership, financial_year=year
            ),
            "partnerships": partnerships,
            "years": range(services_register_selectors.current_financial_year(), 2019, -1),
            "coordinates": plan_policy.coordinates(request.user, partnership.id),
        },
    )


@plan_page
def register_csv(request: HttpRequest) -> HttpResponse:
    partnership, year, _ = _choices(request)
    table = services_register_selectors.services_register(
        user=request.user, partnership=partnership, financial_year=year
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="services-register-{partnership.slug}-{year}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["Service", "Figure", "Unit", *table.quarter_labels, f"Total {table.year_label}"])
    for row in table.rows:
        writer.writerow(
            [spreadsheet_safe(v) for v in (row.service.name, row.figure.name, row.figure.unit)]
            + ["" if q is None else f"{q.normalize():f}" for q in row.quarters]
            + [f"{row.total.normalize():f}"]
        )
    audit_record(
        by=request.user,
        action=Action.EXPORTED,
        partnership=partnership,
        changes={"export": "Services and outputs register", "year": table.year_label},
    )
    return response


@plan_page
def service_new(request: HttpRequest) -> HttpResponse:
    partnerships = coordinated_partnerships(request.user)
    if not partnerships.exists():
        raise NotPermitted("Only a partnership's coordinators add services to its register.")
    form = services_register_forms.ServiceForm(
        request.POST or None,
        partnerships=partnerships,
        organisations=Organisation.objects.filter(memberships__partnership__in=partnerships)
        .distinct()
        .order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["figures"] = data["figures"].splitlines()
        ok, service = attempt(form, lambda: register_services.service_add(by=request.user, **data))
        if ok:
            messages.success(request, f"Service added: {service.name}")
            return redirect("plan:service", service_id=service.id)
    return form_page(
        request,
        form,
        title="Add a service to the register",
        button="Add the service",
        back="/plan/services/",
        back_text="Services and outputs register",
    )


@plan_page
def service_detail(request: HttpRequest, service_id: int) -> HttpResponse:
    service = services_register_selectors.service_get(user=request.user, service_id=service_id)
    can_enter = plan_policy.can_enter_service_figures(request.user, service)
    form = services_register_forms.FiguresForm(request.POST or None, service=service)
    if request.method == "POST":
        if not can_enter:
            raise NotPermitted("Only the service's provider and the coordinators enter its figures.")
        if form.is_valid():
            ok, _ = attempt(
                form,
                lambda: register_services.figures_enter(
                    by=request.user,
                    service=service,
                    period_start_on=form.cleaned_data["period"],
                    values=form.values(),
                    note=form.cleaned_data["note"],
                ),
            )
            if ok:
                messages.success(request, "Figures saved")
                return redirect("plan:service", service_id=service.id)
    return render(
        request,
        "plan/service_detail.html",
        {
            "service": service,
            "values": services_register_selectors.service_values(service=service)[:120],
            "form": form,
            "can_enter": can_enter,
        },
    )
