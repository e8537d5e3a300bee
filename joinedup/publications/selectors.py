"""Counts of the partnership's own records for documents: reports, cases and tasking actions in a ward.

Counts only, never the records: a document may reach a councillor, or be made by the system. Each
read is limited to the partnerships the reader works in (`Reader.partnerships`) and is taken for an
explicit period or point in time, so a document made again for a past period gives the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from joinedup.cases.models import Case
from joinedup.partners.models import Partnership
from joinedup.places.models import Area
from joinedup.reports.models import Report
from joinedup.tasking.models import TaskingAction

from .periods import Months


def small_count_limit() -> int:
    """Counts below this are shown as "fewer than N" so no one in a small group can be singled out."""
    return int(getattr(settings, "PUBLICATIONS_SMALL_COUNT", 5))


def shown_count(n: int) -> str:
    limit = small_count_limit()
    return f"fewer than {limit}" if 0 < n < limit else f"{n:,}"


def _open_at(moment: dt.datetime, *, opened: str, ended: tuple[str, ...]) -> Q:
    still = Q(**{f"{opened}__lt": moment})
    for field in ended:
        still &= Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": moment})
    return still


@dataclass(frozen=True)
class ReportCounts:
    received: list[tuple[str, int]]  # (category, reports received in the period)
    open_by_state: list[tuple[str, int, int]]  # (category, not yet acknowledged, acknowledged)
    oldest_open: Report | None


def ward_reports(
    *, partnerships: QuerySet[Partnership], ward: Area, period: Months, moment: dt.datetime
) -> ReportCounts:
    """Reports in the ward: received in the period, and open at `moment` by category and state."""
    reports = Report.objects.filter(partnership__in=partnerships, ward=ward)
    received = (
        reports.filter(created_at__gte=period.starts_at, created_at__lt=period.ends_at)
        .values_list("category__name")
        .annotate(n=Count("id"))
        .order_by("-n", "category__name")
    )
    still_open = reports.filter(_open_at(moment, opened="created_at", ended=("resolved_at", "closed_at")))
    acknowledged = Q(acknowledged_at__lt=moment)
    by_state = (
        still_open.values_list("category__name")
        .annotate(waiting=Count("id", filter=~acknowledged), acknowledged=Count("id", filter=acknowledged))
        .order_by("category__name")
    )
    return ReportCounts(
        received=list(received),
        open_by_state=list(by_state),
        oldest_open=still_open.select_related("category").order_by("created_at", "id").first(),
    )


def ward_cases(
    *, partnerships: QuerySet[Partnership], ward: Area, period: Months, moment: dt.datetime
) -> list[tuple[str, int, int]]:
    """(kind, cases opened in the period, cases open at `moment`) for cases placed in the ward."""
    cases = Case.objects.filter(partnership__in=partnerships, area=ward)
    opened = Q(opened_at__gte=period.starts_at, opened_at__lt=period.ends_at)
    still_open = _open_at(moment, opened="opened_at", ended=("closed_at",))
    rows = (
        cases.values_list("kind__name")
        .annotate(opened=Count("id", filter=opened), open=Count("id", filter=still_open))
        .order_by("kind__order", "kind__name")
    )
    return [(kind, n_opened, n_open) for kind, n_opened, n_open in rows if n_opened or n_open]


def ward_actions(
    *, partnerships: QuerySet[Partnership], ward: Area, period: Months, moment: dt.datetime
) -> list[tuple[str, int, int, int]]:
    """(owner, agreed in the period, open at `moment`, of which overdue) for tasking actions on cases
    placed in the ward: the only tie between an action and a place the records hold."""
    actions = TaskingAction.objects.filter(partnership__in=partnerships, item__case__area=ward)
    agreed = Q(created_at__gte=period.starts_at, created_at__lt=period.ends_at)
    still_open = _open_at(moment, opened="created_at", ended=("closed_at",))
    overdue = still_open & Q(due_on__lt=timezone.localdate(moment))
    rows = (
        actions.values_list("owner_organisation__name")
        .annotate(
            agreed=Count("id", filter=agreed),
            open=Count("id", filter=still_open),
            overdue=Count("id", filter=overdue),
        )
        .order_by("owner_organisation__name")
    )
    return [row for row in rows if row[1] or row[2]]
