"""Funds, bids and funded projects: submitting, allocating (never past the fund's total), deferring,
declining, comments, spend and the outputs and outcomes projects report.

Allocation locks the fund's row first, so two coordinators allocating at once cannot together pass its
total. Money is Decimal pounds and pence throughout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Organisation, Partnership

from .. import plan_policy
from ..models import (
    Fund,
    FundingType,
    OutputKind,
    Priority,
    Project,
    ProjectComment,
    ProjectOutput,
    ProjectStatus,
    Spend,
)
from .plan import _required

PENNY = Decimal("0.01")


def pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def _money(amount: Decimal | None, label: str, field: str, *, allow_zero: bool = True) -> Decimal:
    if amount is None:
        raise ApplicationError(f"Enter the {label}", field=field)
    if not amount.is_finite() or amount < 0:
        raise ApplicationError(f"The {label} cannot be negative", field=field)
    if not allow_zero and amount == 0:
        raise ApplicationError(f"The {label} must be more than £0", field=field)
    if amount != amount.quantize(PENNY):
        raise ApplicationError(f"Enter the {label} in pounds and pence, like 1250.50", field=field)
    return amount


def _require_funding_coordinator(by: Any, partnership_id: int) -> None:
    if by is not None and not plan_policy.coordinates(by, partnership_id):
        raise NotPermitted("Only the partnership's coordinators manage its funds and decide on bids.")


@transaction.atomic
def fund_create(
    *,
    by: Any,
    partnership: Partnership,
    name: str,
    funder: str,
    financial_year: int | None,
    total: Decimal | None,
    description: str = "",
) -> Fund:
    _require_funding_coordinator(by, partnership.id)
    name = _required(name, "Enter the fund's name", "name")
    funder = _required(funder, "Enter who gives the money", "funder")
    if financial_year is None or not 2000 <= financial_year <= 2100:
        raise ApplicationError(
            "Enter the year the financial year starts in, like 2025", field="financial_year"
        )
    total = _money(total, "fund's total", "total")
    try:
        with transaction.atomic():
            fund = Fund.objects.create(
                partnership=partnership,
                name=name,
                funder=funder,
                financial_year=financial_year,
                total=total,
                description=description.strip(),
                created_by=by,
            )
    except IntegrityError:
        raise ApplicationError("The partnership already has a fund of this name", field="name") from None
    audit_record(
        by=by, action=Action.CREATED, obj=fund, changes={"total": str(total), "year": fund.year_label}
    )
    return fund


def allocated_total(fund: Fund, *, excluding: Project | None = None) -> Decimal:
    projects = fund.projects.filter(status=ProjectStatus.FUNDED)
    if excluding is not None:
        projects = projects.exclude(pk=excluding.pk)
    return projects.aggregate(total=Sum("amount_allocated"))["total"] or Decimal("0")


def _check_priorities(fund: Fund, priorities: list[Priority]) -> None:
    strays = [p.title for p in priorities if p.plan.partnership_id != fund.partnership_id]
    if strays:
        raise ApplicationError("Choose priorities from your partnership's plan", field="priorities")


@transaction.atomic
def project_submit(
    *,
    by: Any,
    fund: Fund,
    title: str,
    purpose: str,
    lead_partner: Organisation | None,
    amount_requested: Decimal | None,
    funding_type: str = FundingType.LOCAL,
    priorities: Iterable[Priority] = (),
) -> Project:
    """A bid to the fund for a project led by a member organisation."""
    partnership = fund.partnership
    if by is not None and not plan_policy.works_in(by, partnership.id):
        raise NotPermitted(f"You do not work in {partnership.name}.")
    title = _required(title, "Enter the project's name", "title")
    purpose = _required(purpose, "Say what the money is for", "purpose")
    if lead_partner is None:
        raise ApplicationError("Choose the lead partner", field="lead_partner")
    if not partnership.memberships.filter(organisation=lead_partner).exists():
        raise ApplicationError(
            f"{lead_partner.name} is not a member of {partnership.name}", field="lead_partner"
        )
    amount_requested = _money(amount_requested, "amount requested", "amount_requested", allow_zero=False)
    if funding_type not in FundingType.values:
        raise ApplicationError("Choose whether the project is top-sliced or local", field="funding_type")
    priorities = list(priorities)
    _check_priorities(fund, priorities)
    project = Project.objects.create(
        fund=fund,
        title=title,
        purpose=purpose,
        lead_partner=lead_partner,
        amount_requested=amount_requested,
        funding_type=funding_type,
        submitted_by=by,
    )
    project.priorities.set(priorities)
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=project,
        partnership=partnership,
        changes={"fund": fund.name, "requested": str(amount_requested), "lead": lead_partner.name},
    )
    return project


def _locked_project(project: Project, statuses: Iterable[str], doing: str) -> tuple[Fund, Project]:
    fund = Fund.objects.select_for_update().get(pk=project.fund_id)
    current = Project.objects.select_for_update().get(pk=project.pk)
    if current.status not in statuses:
        raise ApplicationError(
            f"This project is {current.get_status_display().lower()}: it cannot be {doing}."
        )
    return fund, current


@transaction.atomic
def project_allocate(*, by: Any, project: Project, amount: Decimal | None, comment: str = "") -> Project:
    """Fund the project with `amount`, or change its allocation; refused past the fund's remaining total."""
    _require_funding_coordinator(by, project.fund.partnership_id)
    amount = _money(amount, "amount allocated", "amount", allow_zero=False)
    fund, current = _locked_project(
        project, (ProjectStatus.SUBMITTED, ProjectStatus.FUNDED, ProjectStatus.DEFERRED), "allocated money"
    )
    others = allocated_total(fund, excluding=current)
    remaining = fund.total - others
    if amount > remaining:
        raise ApplicationError(
            f"{pounds(amount)} is more than the {pounds(remaining)} left in {fund.name} "
            f"({pounds(fund.total)} in total, {pounds(others)} already allocated to other projects)",
            field="amount",
        )
    before = current.amount_allocated
    Project.objects.filter(pk=current.pk).update(
        status=ProjectStatus.FUNDED, amount_allocated=amount, decided_at=timezone.now()
    )
    if comment.strip():
        ProjectComment.objects.create(project=current, text=comment.strip(), written_by=by)
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=current,
        partnership=fund.partnership,
        changes={"allocated": [str(before), str(amount)]},
    )
    project.refresh_from_db()
    return project


@transaction.atomic
def project_defer(*, by: Any, project: Project, reason: str, to_fund: Fund | None = None) -> Project:
    """Put a bid off: to a later round (another fund of the partnership) or until one is announced."""
    _require_funding_coordinator(by, project.fund.partnership_id)
    reason = _required(reason, "Say why the bid is deferred", "reason")
    fund, current = _locked_project(project, (ProjectStatus.SUBMITTED, ProjectStatus.DEFERRED), "deferred")
    if to_fund is not None:
        if to_fund.partnership_id != fund.partnership_id or to_fund.pk == fund.pk:
            raise ApplicationError("Choose a later round of your partnership's funding", field="to_fund")
        if to_fund.financial_year < fund.financial_year:
            raise ApplicationError("A bid can only be deferred to a later round", field="to_fund")
    if to_fund is None:
        Project.objects.filter(pk=current.pk).update(status=ProjectStatus.DEFERRED, deferral_reason=reason)
        text = f"Deferred: {reason}"
    else:
        # Moved into the later round, where it waits for a decision like any new bid.
        Project.objects.filter(pk=current.pk).update(
            status=ProjectStatus.SUBMITTED, fund=to_fund, deferred_from=fund, deferral_reason=reason
        )
        text = f"Deferred from {fund.name} to {to_fund.name}: {reason}"
    ProjectComment.objects.create(project=current, text=text, written_by=by)
    audit_record(
        by=by, action=Action.CHANGED, obj=current, partnership=fund.partnership, changes={"deferred": text}
    )
    project.refresh_from_db()
    return project


@transaction.atomic
def project_decline(*, by: Any, project: Project, reason: str) -> Project:
    _require_funding_coordinator(by, project.fund.partnership_id)
    reason = _required(reason, "Say why the bid is declined", "reason")
    fund, current = _locked_project(project, (ProjectStatus.SUBMITTED, ProjectStatus.DEFERRED), "declined")
    Project.objects.filter(pk=current.pk).update(status=ProjectStatus.DECLINED, decided_at=timezone.now())
    ProjectComment.objects.create(project=current, text=f"Declined: {reason}", written_by=by)
    audit_record(
        by=by, action=Action.CHANGED, obj=current, partnership=fund.partnership, changes={"declined": reason}
    )
    project.refresh_from_db()
    return project


@transaction.atomic
def project_comment(*, by: Any, project: Project, text: str) -> ProjectComment:
    if by is not None and not plan_policy.works_in(by, project.fund.partnership_id):
        raise NotPermitted("Only people working in the partnership comment on its bids.")
    text = _required(text, "Write the comment", "text")
    comment = ProjectComment.objects.create(project=project, text=text, written_by=by)
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=project,
        partnership=project.fund.partnership,
        changes={"comment": text},
    )
    return comment


def _require_reporter(by: Any, project: Project) -> None:
    if by is not None and not plan_policy.can_report_on_project(by, project):
        raise NotPermitted("Only the lead partner's staff and the coordinators report on this project.")
    if project.status != ProjectStatus.FUNDED:
        raise ApplicationError("Only a funded project has spend and outputs to report.")


@transaction.atomic
def spend_record(
    *,
    by: Any,
    project: Project,
    spent_on: dt.date | None,
    amount: Decimal | None,
    description: str,
    today: dt.date | None = None,
) -> Spend:
    """Money spent; refused past the project's allocation, which is all the fund gave it."""
    _require_reporter(by, project)
    if spent_on is None:
        raise ApplicationError("Enter the date of the spend", field="spent_on")
    if spent_on > (today or timezone.localdate()):
        raise ApplicationError("The date of the spend cannot be in the future", field="spent_on")
    amount = _money(amount, "amount spent", "amount", allow_zero=False)
    description = _required(description, "Say what the money was spent on", "description")
    Project.objects.select_for_update().get(pk=project.pk)
    spent = project.spend.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if spent + amount > project.amount_allocated:
        raise ApplicationError(
            f"This would take spend to {pounds(spent + amount)}, more than the "
            f"{pounds(project.amount_allocated)} allocated",
            field="amount",
        )
    spend = Spend.objects.create(
        project=project, spent_on=spent_on, amount=amount, description=description[:300], entered_by=by
    )
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=spend,
        partnership=project.fund.partnership,
        changes={"amount": str(amount)},
    )
    return spend


@transaction.atomic
def output_report(
    *,
    by: Any,
    project: Project,
    measure: str,
    value: Decimal | None,
    period_start: dt.date | None,
    period_end: dt.date | None,
    kind: str = OutputKind.OUTPUT,
    unit: str = "",
    note: str = "",
) -> ProjectOutput:
    """A figure the project reports for a period, e.g. 653 personal alarms issued."""
    _require_reporter(by, project)
    measure = _required(measure, 'Say what is counted, e.g. "individuals supported"', "measure")
    if kind not in OutputKind.values:
        raise ApplicationError("Choose whether this is an output or an outcome", field="kind")
    if value is None:
        raise ApplicationError("Enter the figure", field="value")
    if not value.is_finite() or value < 0:
        raise ApplicationError("The figure cannot be negative", field="value")
    if period_start is None:
        raise ApplicationError("Enter the date the period starts", field="period_start")
    if period_end is None:
        raise ApplicationError("Enter the date the period ends", field="period_end")
    if period_end < period_start:
        raise ApplicationError("The period must end on or after the day it starts", field="period_end")
    output = ProjectOutput.objects.create(
        project=project,
        kind=kind,
        measure=measure,
        unit=unit.strip(),
        value=value,
        period_start=period_start,
        period_end=period_end,
        note=note.strip(),
        entered_by=by,
    )
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=output,
        partnership=project.fund.partnership,
        changes={"measure": measure, "value": str(value), "period": f"{period_start} to {period_end}"},
    )
    return output
