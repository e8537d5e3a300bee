"""Reads for funds, bids and funded projects, limited to the partnerships the user works in.

`funding_table`, `funding_tables_for_year` and `outputs_for_period` are what the annual scrutiny report
will print (project, purpose, amount, with the total; what projects delivered); each result says which
query and period its figures come from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from joinedup.core.errors import NotFound
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership

from .models import Fund, Project, ProjectOutput, ProjectStatus, Spend
from .models.funding import year_label

ZERO = Decimal("0")


def funds_visible(*, user: Any) -> QuerySet[Fund]:
    if not partner_policy.is_staff_member(user):
        return Fund.objects.none()
    return Fund.objects.visible_to(user).select_related("partnership")


def fund_list(*, user: Any) -> QuerySet[Fund]:
    return funds_visible(user=user).annotate(
        allocated=Sum(
            "projects__amount_allocated", filter=Q(projects__status=ProjectStatus.FUNDED), default=ZERO
        )
    )


def fund_get(*, user: Any, fund_id: int) -> Fund:
    fund = funds_visible(user=user).filter(id=fund_id).first()
    if fund is None:
        raise NotFound("There is no fund at this address in your partnerships.")
    return fund


def fund_projects(*, fund: Fund) -> QuerySet[Project]:
    """Every bid and project of the fund, funded first, with what each has spent."""
    return (
        fund.projects.select_related("lead_partner", "deferred_from")
        .prefetch_related("priorities")
        .annotate(spent=Sum("spend__amount", default=ZERO))
        .order_by("status", "title", "id")
    )


def project_get(*, user: Any, project_id: int) -> Project:
    project = (
        Project.objects.filter(fund__in=funds_visible(user=user), id=project_id)
        .select_related("fund__partnership", "lead_partner", "deferred_from", "submitted_by")
        .prefetch_related("priorities")
        .first()
    )
    if project is None:
        raise NotFound("There is no project at this address in your partnerships.")
    return project


def project_spend(*, project: Project) -> QuerySet[Spend]:
    return project.spend.select_related("entered_by").order_by("spent_on", "id")


def project_outputs(*, project: Project) -> QuerySet[ProjectOutput]:
    return project.outputs.select_related("entered_by").order_by("period_start", "measure", "id")


# --- the committee report's tables -----------------------------------------------------------------------


@dataclass(frozen=True)
class FundingRow:
    project: Project
    title: str
    purpose: str
    lead_partner: str
    funding_type: str
    amount: Decimal
    spent: Decimal


@dataclass(frozen=True)
class FundingTable:
    fund: Fund
    rows: list[FundingRow]
    total_allocated: Decimal
    total_spent: Decimal
    source: str

    @property
    def remaining(self) -> Decimal:
        return self.fund.total - self.total_allocated


def funding_table(*, user: Any, fund: Fund) -> FundingTable:
    """The committee report's table for one fund: each funded project, its purpose and amount, the total."""
    fund = fund_get(user=user, fund_id=fund.pk)
    projects = (
        fund_projects(fund=fund).filter(status=ProjectStatus.FUNDED).order_by("-amount_allocated", "title")
    )
    rows = [
        FundingRow(
            project=p,
            title=p.title,
            purpose=p.purpose,
            lead_partner=p.lead_partner.name,
            funding_type=p.get_funding_type_display(),
            amount=p.amount_allocated,
            spent=p.spent,  # type: ignore[attr-defined]
        )
        for p in projects
    ]
    return FundingTable(
        fund=fund,
        rows=rows,
        total_allocated=sum((r.amount for r in rows), ZERO),
        total_spent=sum((r.spent for r in rows), ZERO),
        source=(
            f"Funded projects of {fund.name} ({fund.funder}, {fund.year_label}): amount allocated to each, "
            "and the spend recorded against it."
        ),
    )


def funding_tables_for_year(
    *, user: Any, partnership: Partnership, financial_year: int
) -> list[FundingTable]:
    """The tables of every fund the partnership had in a financial year (2025 for 2025/26)."""
    funds = (
        funds_visible(user=user)
        .filter(partnership=partnership, financial_year=financial_year)
        .order_by("name")
    )
    return [funding_table(user=user, fund=f) for f in funds]


@dataclass(frozen=True)
class OutputsForPeriod:
    partnership: Partnership
    start: dt.date
    end: dt.date
    rows: list[ProjectOutput]
    source: str

    @property
    def by_project(self) -> list[tuple[Project, list[ProjectOutput]]]:
        grouped: dict[int, tuple[Project, list[ProjectOutput]]] = {}
        for row in self.rows:
            grouped.setdefault(row.project_id, (row.project, []))[1].append(row)
        return list(grouped.values())


def outputs_for_period(
    *, user: Any, partnership: Partnership, start: dt.date, end: dt.date
) -> OutputsForPeriod:
    """Outputs and outcomes projects reported for periods lying within start to end (inclusive)."""
    rows = list(
        ProjectOutput.objects.filter(
            project__fund__in=funds_visible(user=user).filter(partnership=partnership),
            period_start__gte=start,
            period_end__lte=end,
        )
        .select_related("project__lead_partner", "project__fund")
        .order_by("project__title", "project_id", "period_start", "measure")
    )
    return OutputsForPeriod(
        partnership=partnership,
        start=start,
        end=end,
        rows=rows,
        source=(
            f"Outputs and outcomes reported by {partnership.name}'s funded projects for periods from "
            f"{start:%-d %B %Y} to {end:%-d %B %Y}."
        ),
    )


def financial_years(*, user: Any) -> list[tuple[int, str]]:
    years = (
        funds_visible(user=user)
        .order_by("-financial_year")
        .values_list("financial_year", flat=True)
        .distinct()
    )
    return [(y, year_label(y)) for y in years]
