"""The complaints an assessment counts: gathered from reports and case records, or added by hand.

Gathering looks at a year before the application, wider than the 6 months that can qualify, so the
assessment can show why older complaints do not count (REFERENCE.md §1.2).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.cases.models import CaseContact, PersonRole
from joinedup.core.errors import ApplicationError
from joinedup.partners.models import Organisation
from joinedup.reports.models import Report

from .. import threshold
from ..models import CaseReviewApplication, Complaint, ComplaintSource
from .applications import _require_open_to_change, require_date, require_manage

GATHER_MONTHS = 12
# Degrees of latitude per metre; a bounding box narrows the search before the exact distance.
_DEGREES_PER_METRE = 1 / 111_320


def _nearby(application: CaseReviewApplication, reports: Any) -> Any:
    if application.latitude is None or application.longitude is None:
        return reports.none()
    metres = application.procedure.nearby_metres
    lat, lon = application.latitude, application.longitude
    dlat = metres * _DEGREES_PER_METRE
    dlon = dlat / max(0.1, math.cos(math.radians(lat)))
    boxed = reports.filter(
        latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
    ).only("id", "latitude", "longitude")
    ids = [r.id for r in boxed if threshold.metres_between((lon, lat), (r.longitude, r.latitude)) <= metres]
    return reports.filter(id__in=ids)


@transaction.atomic
def complaints_gather(*, by: Any, application: CaseReviewApplication) -> int:
    """Add, once each, the complaints found in reports and linked cases; return how many were new.

    Reports: those linked to the application or its cases, and those of the procedure's ASB categories
    made near the victim's place. Case records: contacts with a victim or complainant in a linked case.
    """
    require_manage(by)
    _require_open_to_change(application)
    procedure = application.procedure
    since = threshold.add_months(application.received_on, -GATHER_MONTHS)
    in_period = Q(created_at__date__gte=since, created_at__date__lte=application.received_on)
    reports = Report.objects.filter(in_period, partnership_id=application.partnership_id)
    linked = reports.filter(Q(case_review_applications=application) | Q(cases__in=application.cases.all()))
    categories = procedure.complaint_categories.all()
    asb = reports.filter(category__in=categories) if categories.exists() else reports
    found = (
        reports.filter(Q(id__in=linked.values("id")) | Q(id__in=_nearby(application, asb).values("id")))
        .exclude(id__in=application.complaints.filter(report__isnull=False).values("report_id"))
        .select_related("category", "lead_partner")
        .order_by("created_at")
    )
    hate = set(procedure.hate_categories.values_list("id", flat=True))
    new = [
        Complaint(
            application=application,
            source=ComplaintSource.REPORT,
            report=report,
            source_reference=report.reference,
            reported_on=timezone.localtime(report.created_at).date(),
            incident_on=timezone.localtime(report.created_at).date(),
            agency=report.lead_partner,
            reporter=report.reporter_name or report.reporter_email,
            place=report.location_text,
            longitude=report.longitude,
            latitude=report.latitude,
            hate=report.category_id in hate,
            summary=report.category.name,
            added_by=by,
        )
        for report in found.distinct()
    ]
    contacts = (
        CaseContact.objects.filter(
            case__in=application.cases.all(),
            happened_on__gte=since,
            happened_on__lte=application.received_on,
            person__roles__role=PersonRole.VICTIM,
            person__roles__case=F("case"),
        )
        .exclude(id__in=application.complaints.filter(contact__isnull=False).values("contact_id"))
        .select_related("case", "person", "organisation")
        .distinct()
    )
    new += [
        Complaint(
            application=application,
            source=ComplaintSource.CONTACT,
            contact=contact,
            source_reference=contact.case.reference,
            reported_on=contact.happened_on,
            incident_on=contact.happened_on,
            agency=contact.organisation,
            reporter=contact.person.full_name if contact.person else "",
            place=contact.case.address,
            summary=f"{contact.get_method_display()} recorded on {contact.case.reference}",
            added_by=by,
        )
        for contact in contacts
    ]
    Complaint.objects.bulk_create(new)
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=application,
        changes={
            "complaints_gathered": len(new),
            "from": sorted({c.source_reference for c in new}),
        },
    )
    return len(new)


@transaction.atomic
def complaint_add(
    *,
    by: Any,
    application: CaseReviewApplication,
    reported_on: dt.date,
    incident_on: dt.date,
    agency: Organisation | None = None,
    reporter: str = "",
    place: str = "",
    hate: bool = False,
    summary: str = "",
    today: dt.date | None = None,
) -> Complaint:
    """A complaint the officer knows of that no report or case records (a call to a housing officer, say)."""
    require_manage(by)
    _require_open_to_change(application)
    today = today or timezone.localdate()
    require_date(incident_on, field="incident_on", label="of the behaviour", today=today)
    require_date(
        reported_on,
        field="reported_on",
        label="it was reported",
        today=today,
        after=incident_on,
        after_label="the behaviour",
    )
    if (
        agency is not None
        and not agency.memberships.filter(partnership_id=application.partnership_id).exists()
    ):
        raise ApplicationError(f"{agency.name} is not a member of the partnership.", field="agency")
    complaint = Complaint.objects.create(
        application=application,
        source=ComplaintSource.MANUAL,
        reported_on=reported_on,
        incident_on=incident_on,
        agency=agency,
        reporter=reporter.strip(),
        place=place.strip(),
        hate=hate,
        summary=summary.strip(),
        added_by=by,
    )
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=application,
        changes={"complaint_added": complaint.id, "reported_on": reported_on.isoformat()},
    )
    return complaint


def _complaint(application: CaseReviewApplication, complaint_id: int | None, field: str) -> Complaint:
    complaint = application.complaints.filter(id=complaint_id or 0).first()
    if complaint is None:
        raise ApplicationError("Choose a complaint of this application", field=field)
    return complaint


@transaction.atomic
def complaint_same_incident(
    *, by: Any, application: CaseReviewApplication, complaint_id: int | None, same_as_id: int | None
) -> Complaint:
    """Mark a complaint as the same incident as another (reported to two agencies); no other: separate."""
    require_manage(by)
    _require_open_to_change(application)
    complaint = _complaint(application, complaint_id, "complaint")
    same_as = _complaint(application, same_as_id, "same_as") if same_as_id else None
    if same_as is not None and same_as.id == complaint.id:
        raise ApplicationError("Choose a different complaint it is the same incident as", field="same_as")
    complaint.same_incident_as = same_as
    complaint.save(update_fields=["same_incident_as"])
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=application,
        changes={"complaint": complaint.id, "same_incident_as": same_as.id if same_as else None},
    )
    return complaint


@transaction.atomic
def complaint_set_aside(
    *,
    by: Any,
    application: CaseReviewApplication,
    complaint_id: int | None,
    reason: str,
    restore: bool = False,
) -> Complaint:
    """Set a gathered complaint aside as not about this problem (with the reason), or count it again."""
    require_manage(by)
    _require_open_to_change(application)
    complaint = _complaint(application, complaint_id, "complaint")
    if not restore and not reason.strip():
        raise ApplicationError("Say why this complaint is not about the problem", field="reason")
    complaint.excluded = not restore
    complaint.excluded_reason = "" if restore else reason.strip()
    complaint.save(update_fields=["excluded", "excluded_reason"])
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=application,
        changes={"complaint": complaint.id, "set_aside": not restore},
    )
    return complaint
