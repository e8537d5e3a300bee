"""Setting up a partnership's Case Review procedure: its timescales and threshold rules, held as data."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.cases import selectors as case_selectors
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Partnership

from ..models import STATUTORY_MAXIMUM_COMPLAINTS, CaseReviewProcedure, RuleKind, ThresholdRule, WindowUnit
from .applications import require_manage

SETTINGS = (
    "name",
    "complaint_window",
    "complaint_window_unit",
    "acknowledge_days",
    "decision_days",
    "meeting_days",
    "outcome_days",
    "requires_written_consent",
    "escalation_route",
    "nearby_metres",
    "year_start_month",
)


def _check(values: dict[str, Any]) -> None:
    if values.get("complaint_window_unit", WindowUnit.MONTHS) not in WindowUnit.values:
        raise ApplicationError("Choose months or days", field="complaint_window_unit")
    if not 1 <= int(values.get("year_start_month", 4)) <= 12:
        raise ApplicationError("Choose the month the reporting year starts", field="year_start_month")
    if int(values.get("complaint_window", 1)) < 1:
        raise ApplicationError(
            "A complaint must be allowed at least 1 day or month", field="complaint_window"
        )


def _require_partnership(by: Any, partnership: Partnership) -> None:
    require_manage(by)
    if by is not None and not case_selectors.works_in(by, partnership):
        raise NotPermitted(f"You do not work in {partnership.name}.")


@transaction.atomic
def procedure_save(
    *, by: Any, partnership: Partnership, categories: Any = None, hate_categories: Any = None, **values: Any
) -> CaseReviewProcedure:
    """Create or change the partnership's procedure (§1.3: every timescale is local)."""
    _require_partnership(by, partnership)
    unknown = set(values) - set(SETTINGS)
    if unknown:
        raise ValueError(f"Not procedure settings: {sorted(unknown)}")
    _check(values)
    procedure, created = CaseReviewProcedure.objects.update_or_create(
        partnership=partnership, defaults={**values, "updated_at": timezone.now()}
    )
    if categories is not None:
        procedure.complaint_categories.set(categories)
    if hate_categories is not None:
        procedure.hate_categories.set(hate_categories)
    audit_record(
        by=by,
        action=Action.CREATED if created else Action.CHANGED,
        obj=procedure,
        changes={k: v for k, v in values.items() if k != "escalation_route"},
    )
    return procedure


@transaction.atomic
def rule_add(
    *, by: Any, procedure: CaseReviewProcedure, kind: str, count: int, months: int = 6
) -> ThresholdRule:
    """Add a threshold rule. No rule may need more than 3 complaints: the law sets that ceiling (§1.2)."""
    _require_partnership(by, procedure.partnership)
    if kind not in RuleKind.values:
        raise ApplicationError("Choose what the rule counts", field="kind")
    if count < 1:
        raise ApplicationError("A rule needs at least 1", field="count")
    if count > STATUTORY_MAXIMUM_COMPLAINTS:
        raise ApplicationError(
            f"A rule cannot need more than {STATUTORY_MAXIMUM_COMPLAINTS}: the law makes "
            f"{STATUTORY_MAXIMUM_COMPLAINTS} qualifying complaints enough everywhere (2014 Act s.104)",
            field="count",
        )
    if not 1 <= months <= 12:
        raise ApplicationError("Enter a number of months from 1 to 12", field="months")
    rule = ThresholdRule.objects.create(
        procedure=procedure, kind=kind, count=count, months=months, order=procedure.rules.count()
    )
    audit_record(by=by, action=Action.CHANGED, obj=procedure, changes={"rule_added": rule.describe()})
    return rule


@transaction.atomic
def rule_remove(*, by: Any, procedure: CaseReviewProcedure, rule_id: int) -> None:
    _require_partnership(by, procedure.partnership)
    rule = procedure.rules.filter(id=rule_id).first()
    if rule is None:
        raise ApplicationError("There is no such rule in this procedure.")
    audit_record(by=by, action=Action.CHANGED, obj=procedure, changes={"rule_removed": rule.describe()})
    rule.delete()
