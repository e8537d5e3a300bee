"""Reporters' personal data leaving the screen: shown on a report's page, or exported with a queue.

Both are recorded in the audit trail. A reporter's contact details go only to those dealing with the
report (`policy.can_see_reporter`); in an export, other rows have those columns blank.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from openpyxl import Workbook

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.spreadsheets import spreadsheet_safe
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership

from .. import policy
from ..models import Report
from ..selectors import QueueFilters, report_queue
from .selectors import report_due

COLUMNS = [
    "Reference",
    "Category",
    "Status",
    "Closed because",
    "Lead partner",
    "Supporting partners",
    "Priority",
    "Ward",
    "Location",
    "Longitude",
    "Latitude",
    "Source",
    "Reported at",
    "Acknowledge by",
    "Resolve by",
    "Service target",
    "Description",
    "Reporter name",
    "Reporter email",
    "Reporter phone",
]


@dataclass(frozen=True)
class Reporter:
    name: str
    email: str
    phone: str


@transaction.atomic
def report_reporter_disclose(*, report: Report, by: Any) -> Reporter | None:
    """The reporter's details for someone dealing with the report, recorded as viewed; None otherwise."""
    if not (report.reporter_name or report.reporter_email or report.reporter_phone):
        return None
    if not policy.can_see_reporter(by, report):
        return None
    audit_record(by=by, action=Action.VIEWED, obj=report, purpose="report handling")
    return Reporter(report.reporter_name, report.reporter_email, report.reporter_phone)


def reporter_visible_ids(*, user: Any, reports: QuerySet[Report]) -> set[int]:
    """Of these reports, those whose reporter the user may see: `policy.can_see_reporter` in one query."""
    mine = reports.filter(partnership_id__in=partner_policy.partnership_ids_for(user))
    if not policy.coordinates(user):
        org_id = getattr(user, "organisation_id", None)
        mine = (
            mine.filter(Q(lead_partner_id=org_id) | Q(supporting_partners__id=org_id))
            if org_id
            else mine.none()
        )
    return set(mine.values_list("id", flat=True))


def _local(moment: Any) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _rows(*, user: Any, reports: QuerySet[Report]) -> Iterator[list[Any]]:
    reports = reports.select_related("category", "lead_partner", "ward", "service_target").prefetch_related(
        "supporting_partners"
    )
    visible = reporter_visible_ids(user=user, reports=reports)
    now = timezone.now()
    for r in reports:
        shown = r.id in visible
        yield [
            r.reference,
            r.category.name,
            r.get_status_display(),
            r.get_closed_reason_display() if r.closed_reason else "",
            r.lead_partner.name if r.lead_partner else "Triage",
            "; ".join(o.name for o in r.supporting_partners.all()),
            r.get_priority_display(),
            r.ward.name if r.ward else "",
            r.location_text,
            r.longitude if r.longitude is not None else "",
            r.latitude if r.latitude is not None else "",
            r.get_source_display(),
            _local(r.created_at),
            _local(r.acknowledge_by),
            _local(r.resolve_by),
            report_due(r, now).label,
            r.description,
            r.reporter_name if shown else "",
            r.reporter_email if shown else "",
            r.reporter_phone if shown else "",
        ]


def _csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows([spreadsheet_safe(v) for v in row] for row in rows)
    # With a byte order mark, Excel opens the file as UTF-8 (names with accents survive).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Reports")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([spreadsheet_safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    filename: str
    count: int


FORMATS = {
    "csv": ("text/csv; charset=utf-8", _csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx),
}


@transaction.atomic
def report_queue_export(*, by: Any, filters: QueueFilters, file_format: str) -> Export:
    """The queue as the user filtered it, as CSV or Excel, recorded in the audit trail."""
    content_type, write = FORMATS[file_format]
    rows = list(_rows(user=by, reports=report_queue(user=by, filters=filters)))
    partnerships = list(Partnership.objects.filter(id__in=partner_policy.partnership_ids_for(by))[:2])
    audit_record(
        by=by,
        action=Action.EXPORTED,
        partnership=partnerships[0] if len(partnerships) == 1 else None,
        changes={"filter": asdict(filters), "count": len(rows), "format": file_format},
        purpose="report queue export",
    )
    stamp = f"{timezone.localtime():%Y-%m-%d-%H%M}"
    return Export(write(rows), content_type, f"reports-{stamp}.{file_format}", len(rows))
