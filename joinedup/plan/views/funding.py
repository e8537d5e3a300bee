"""Funding pages: funds, the committee-report table (and its CSV), bids and funded projects with their
decisions, comments, spend and outputs."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import NotFound, NotPermitted
from joinedup.core.spreadsheets import spreadsheet_safe

from .. import funding_forms, funding_selectors, plan_policy
from ..models import Fund, Priority, Project, ProjectStatus
from ..services import funding
from .plan import attempt, coordinated_partnerships, form_page, member_organisations, plan_page


@plan_page
def fund_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plan/fund_list.html",
        {
            "funds": funding_selectors.fund_list(user=request.user),
            "coordinates": plan_policy.coordinates_any(request.user),
        },
    )


@plan_page
def fund_new(request: HttpRequest) -> HttpResponse:
    partnerships = coordinated_partnerships(request.user)
    if not partnerships.exists():
        raise NotPermitted("Only a partnership's coordinators add its funds.")
    form = funding_forms.FundForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        ok, fund = attempt(form, lambda: funding.fund_create(by=request.user, **form.cleaned_data))
        if ok:
            messages.success(request, f"Fund added: {fund.name}")
            return redirect("plan:fund", fund_id=fund.id)
    return form_page(
        request, form, title="Add a fund", button="Add the fund", back="/plan/funding/", back_text="Funding"
    )


@plan_page
def fund_detail(request: HttpRequest, fund_id: int) -> HttpResponse:
    fund = funding_selectors.fund_get(user=request.user, fund_id=fund_id)
    return render(
        request,
        "plan/fund_detail.html",
        {
            "fund": fund,
            "table": funding_selectors.funding_table(user=request.user, fund=fund),
            "projects": funding_selectors.fund_projects(fund=fund).exclude(status=ProjectStatus.FUNDED),
            "coordinates": plan_policy.coordinates(request.user, fund.partnership_id),
        },
    )


CSV_HEADINGS = ["Project", "Purpose", "Lead partner", "Top-sliced or local", "Amount (£)", "Spent (£)"]


@plan_page
def fund_csv(request: HttpRequest, fund_id: int) -> HttpResponse:
    fund = funding_selectors.fund_get(user=request.user, fund_id=fund_id)
    table = funding_selectors.funding_table(user=request.user, fund=fund)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="funding-{fund.financial_year}-{fund.id}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADINGS)
    for row in table.rows:
        writer.writerow(
            [spreadsheet_safe(v) for v in (row.title, row.purpose, row.lead_partner, row.funding_type)]
            + [f"{row.amount:.2f}", f"{row.spent:.2f}"]
        )
    writer.writerow(["Total", "", "", "", f"{table.total_allocated:.2f}", f"{table.total_spent:.2f}"])
    audit_record(
        by=request.user,
        action=Action.EXPORTED,
        obj=fund,
        changes={"export": "Funding table", "rows": len(table.rows)},
    )
    return response


def _priorities(fund: Fund) -> Any:
    return (
        Priority.objects.filter(plan__partnership=fund.partnership_id)
        .select_related("plan")
        .order_by("-plan__starts_on", "position")
    )


@plan_page
def project_new(request: HttpRequest, fund_id: int) -> HttpResponse:
    fund = funding_selectors.fund_get(user=request.user, fund_id=fund_id)
    form = funding_forms.ProjectForm(
        request.POST or None,
        organisations=member_organisations(fund.partnership),
        priorities=_priorities(fund),
        initial={"lead_partner": request.user.organisation_id},  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        ok, project = attempt(
            form, lambda: funding.project_submit(by=request.user, fund=fund, **form.cleaned_data)
        )
        if ok:
            messages.success(request, f"Bid submitted: {project.title}")
            return redirect("plan:project", project_id=project.id)
    return form_page(
        request,
        form,
        title="Bid for funding",
        caption=fund.name,
        button="Submit the bid",
        back=f"/plan/funding/{fund.id}/",
        back_text=fund.name,
    )


def _project_forms(project: Project, data: Any = None, failed: str = "") -> dict[str, forms.Form]:
    later = Fund.objects.filter(
        partnership=project.fund.partnership_id, financial_year__gte=project.fund.financial_year
    ).exclude(pk=project.fund_id)
    made = {
        "allocate": funding_forms.AllocateForm(
            initial={"amount": project.amount_allocated or project.amount_requested}, prefix="allocate"
        ),
        "defer": funding_forms.DeferForm(funds=later, prefix="defer"),
        "decline": funding_forms.DeclineForm(prefix="decline"),
        "comment": funding_forms.CommentForm(prefix="comment"),
        "spend": funding_forms.SpendForm(prefix="spend"),
        "output": funding_forms.OutputForm(prefix="output"),
    }
    if failed:
        kwargs: dict[str, Any] = {"funds": later} if failed == "defer" else {}
        made[failed] = type(made[failed])(data, prefix=failed, **kwargs)
    return made


def _project_page(
    request: HttpRequest, project: Project, made: dict[str, forms.Form], failed: str = ""
) -> HttpResponse:
    user: Any = request.user
    partnership_id = project.fund.partnership_id
    return render(
        request,
        "plan/project_detail.html",
        {
            "project": project,
            "forms": made,
            "form": made[failed] if failed else None,  # the one with errors, for the summary at the top
            "spend": funding_selectors.project_spend(project=project),
            "spent": sum(
                (s.amount for s in funding_selectors.project_spend(project=project)), funding_selectors.ZERO
            ),
            "outputs": funding_selectors.project_outputs(project=project),
            "comments": project.comments.select_related("written_by"),
            "coordinates": plan_policy.coordinates(user, partnership_id),
            "reports": plan_policy.can_report_on_project(user, project)
            and project.status == ProjectStatus.FUNDED,
            "decidable": project.status in (ProjectStatus.SUBMITTED, ProjectStatus.DEFERRED),
        },
    )


@plan_page
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = funding_selectors.project_get(user=request.user, project_id=project_id)
    return _project_page(request, project, _project_forms(project))


PROJECT_ACTIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "allocate": (funding.project_allocate, "Money allocated"),
    "defer": (funding.project_defer, "Bid deferred"),
    "decline": (funding.project_decline, "Bid declined"),
    "comment": (funding.project_comment, "Comment added"),
    "spend": (funding.spend_record, "Spend recorded"),
    "output": (funding.output_report, "Figure recorded"),
}


@plan_page
@require_POST
def project_act(request: HttpRequest, project_id: int, name: str) -> HttpResponse:
    if name not in PROJECT_ACTIONS:
        raise NotFound("There is no such page.")
    project = funding_selectors.project_get(user=request.user, project_id=project_id)
    made = _project_forms(project, request.POST, failed=name)
    form = made[name]
    service, done = PROJECT_ACTIONS[name]
    if form.is_valid():
        ok, _ = attempt(form, lambda: service(by=request.user, project=project, **form.cleaned_data))
        if ok:
            messages.success(request, done)
            return redirect("plan:project", project_id=project.id)
    return _project_page(request, project, made, failed=name)
