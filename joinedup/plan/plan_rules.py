"""The plan's statutory cadence and the RAG rule for actions, each in one place.

Cadence (Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007): a strategic
assessment every year, a plan covering three years refreshed every year. Those figures are not
confirmed against the regulations' text, so each is a setting: PLAN_YEARS, PLAN_REFRESH_MONTHS and
PLAN_ASSESSMENT_MONTHS; PLAN_ACTION_WARNING_DAYS sets how near its target date an action that has not
started turns amber.

RAG for an action, in this order:
1. Withdrawn: no RAG (shown as withdrawn, left out of the counts).
2. Complete: complete (blue).
3. Past its target date and not complete: red (overdue), whatever its status says.
4. Off track: red.
5. At risk: amber.
6. Not started, with the target date within the warning window: amber.
7. Otherwise (on track, or not started with time in hand): green.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from joinedup.intelligence.trend_selectors import month_add

from .models import ActionStatus


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"
    WITHDRAWN = "withdrawn", "Withdrawn"


RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE, Rag.WITHDRAWN]
RAG_TAG = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.COMPLETE: "govuk-tag--blue",
    Rag.WITHDRAWN: "govuk-tag--grey",
}


def plan_years() -> int:
    return int(getattr(settings, "PLAN_YEARS", 3))


def refresh_months() -> int:
    return int(getattr(settings, "PLAN_REFRESH_MONTHS", 12))


def assessment_months() -> int:
    return int(getattr(settings, "PLAN_ASSESSMENT_MONTHS", 12))


def warning_days() -> int:
    return int(getattr(settings, "PLAN_ACTION_WARNING_DAYS", 28))


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    first = month_add(day.replace(day=1), months)
    last = (month_add(first, 1) - dt.timedelta(days=1)).day
    return first.replace(day=min(day.day, last))


def action_rag(*, status: str, target_date: dt.date, today: dt.date) -> Rag:
    if status == ActionStatus.WITHDRAWN:
        return Rag.WITHDRAWN
    if status == ActionStatus.COMPLETE:
        return Rag.COMPLETE
    if target_date < today or status == ActionStatus.OFF_TRACK:
        return Rag.RED
    if status == ActionStatus.AT_RISK:
        return Rag.AMBER
    if status == ActionStatus.NOT_STARTED and (target_date - today).days <= warning_days():
        return Rag.AMBER
    return Rag.GREEN


def rag_reason(*, status: str, target_date: dt.date, today: dt.date) -> str:
    """Why the action has its RAG, in words (colour is never the only signal)."""
    rag = action_rag(status=status, target_date=target_date, today=today)
    if rag == Rag.RED and target_date < today:
        return f"Overdue: the target date was {target_date:%-d %B %Y}"
    if rag == Rag.AMBER and status == ActionStatus.NOT_STARTED:
        return f"Not started, and due by {target_date:%-d %B %Y}"
    return ActionStatus(status).label
