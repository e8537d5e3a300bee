"""Recording an application, linking the cases and reports it is about, and recording who looked at it.

Every view of an application is written to the audit trail (it holds the victim's details); the trail
keeps which fields changed, never the free text typed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.cases import selectors as case_selectors
from joinedup.cases.services.cases import StaleEdit
from joinedup.core.errors import ApplicationError, NotFound, NotPermitted
from joinedup.partners.models import Partnership

from .. import policy, selectors, threshold
from ..models import CaseReviewApplication, ReceivedBy, VictimKind


def require_manage(user: Any) -> None:
    if user is not None and not policy.can_manage(user):
        raise NotPermitted(policy.MANAGE_DENIED)


def require_date(
    value: dt.date | None,
    *,
    field: str,
    label: str,
    today: dt.date,
    after: dt.date | None = None,
    after_label: str = "",
) -> dt.date:
    """A step's date: given, not in the future, and not before the step it follows."""
    if value is None:
        raise ApplicationError(f"Enter the date {label}", field=field)
    if value > today:
        raise ApplicationError(f"The date {label} must be today or in the past", field=field)
    if after is not None and value < after:
        raise ApplicationError(
            f"The date {label} must be on or after {after_label} ({threshold.long_date(after)})", field=field
        )
    return value


def lock(application: CaseReviewApplication, version: int) -> CaseReviewApplication:
    """The application as it is now, locked for this change, if nobody has changed it since `version`."""
    current = (
        CaseReviewApplication.objects.select_for_update()
        .select_related("procedure", "partnership")
        .get(pk=application.pk)
    )
    if current.version != version:
        raise StaleEdit(
            f"{current.reference} was updated by someone else after you opened it. Nothing has been saved: "
            "check the application as it is now, then try again."
        )
    return current


def save_step(current: CaseReviewApplication, *, by: Any, step: str, **values: Any) -> CaseReviewApplication:
    """Save one step's fields, bump the version and write the audit event (dates and choices only)."""
    CaseReviewApplication.objects.filter(pk=current.pk).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    current.refresh_from_db()
    plain = {
        k: v.isoformat() if isinstance(v, dt.date) else v
        for k, v in values.items()
        if isinstance(v, dt.date | bool) or k in ("decision", "decision_rule")
    }
    audit_record(by=by, action=Action.CHANGED, obj=current, changes={"step": step, **plain})
    return current


def _reference(partnership: Partnership, application: CaseReviewApplication) -> str:
    from joinedup.reports.services import reference_prefix

    return f"{reference_prefix(partnership)}-CR-{application.received_on.year}-{application.id:05d}"


@transaction.atomic
def application_record(
    *,
    by: Any,
    partnership: Partnership,
    received_on: dt.date,
    received_by: str,
    problem: str,
    victim_name: str,
    victim_kind: str = VictimKind.PERSON,
    victim_address: str = "",
    victim_postcode: str = "",
    victim_email: str = "",
    victim_phone: str = "",
    longitude: float | None = None,
    latitude: float | None = None,
    on_behalf: bool = False,
    representative_name: str = "",
    representative_relationship: str = "",
    representative_email: str = "",
    representative_phone: str = "",
    consent_on: dt.date | None = None,
    consent_written: bool = False,
    today: dt.date | None = None,
    synthetic: bool = False,
) -> CaseReviewApplication:
    """Record an application received by the single point of contact (REFERENCE.md §1.1)."""
    require_manage(by)
    if by is not None and not case_selectors.works_in(by, partnership):
        raise NotPermitted(f"You do not work in {partnership.name}.")
    procedure = selectors.procedure_for(partnership)
    if procedure is None:
        raise ApplicationError(f"{partnership.name} has no ASB Case Review procedure set up yet.")
    today = today or timezone.localdate()
    require_date(received_on, field="received_on", label="the application was received", today=today)
    if received_by not in ReceivedBy.values:
        raise ApplicationError("Choose how the application was received", field="received_by")
    if victim_kind not in VictimKind.values:
        raise ApplicationError("Choose who the victim is", field="victim_kind")
    if not victim_name.strip():
        raise ApplicationError(
            "Enter the victim's name, or the business or group's name", field="victim_name"
        )
    if not problem.strip():
        raise ApplicationError("Describe the behaviour the application is about", field="problem")
    if (longitude is None) != (latitude is None):
        raise ApplicationError("Give both the latitude and the longitude, or neither", field="latitude")
    if on_behalf:
        if not representative_name.strip():
            raise ApplicationError("Enter the name of the person applying", field="representative_name")
        if not representative_relationship.strip():
            raise ApplicationError(
                "Say how the person applying knows the victim", field="representative_relationship"
            )
        require_date(consent_on, field="consent_on", label="the victim gave consent", today=today)
        if procedure.requires_written_consent and not consent_written:
            raise ApplicationError(
                f"{partnership.name}'s procedure needs the victim's written consent to an application made "
                "for them",
                field="consent_written",
            )
    else:
        representative_name = representative_relationship = representative_email = representative_phone = ""
        consent_on, consent_written = None, False
    application = CaseReviewApplication.objects.create(
        partnership=partnership,
        procedure=procedure,
        reference=f"pending-{uuid.uuid4().hex[:20]}",
        received_on=received_on,
        received_by=received_by,
        problem=problem.strip(),
        victim_kind=victim_kind,
        victim_name=victim_name.strip(),
        victim_address=victim_address.strip(),
        victim_postcode=victim_postcode.strip().upper(),
        victim_email=victim_email.strip(),
        victim_phone=victim_phone.strip(),
        longitude=longitude,
        latitude=latitude,
        on_behalf=on_behalf,
        representative_name=representative_name.strip(),
        representative_relationship=representative_relationship.strip(),
        representative_email=representative_email.strip(),
        representative_phone=representative_phone.strip(),
        consent_on=consent_on,
        consent_written=consent_written,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        synthetic=synthetic,
    )
    # The reference comes from the row's own id: unique, and no counter to contend for.
    application.reference = _reference(partnership, application)
    application.save(update_fields=["reference"])
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=application,
        changes={
            "received_on": received_on.isoformat(),
            "received_by": received_by,
            "victim_kind": victim_kind,
            "on_behalf": on_behalf,
        },
    )
    return application


@transaction.atomic
def application_view(*, by: Any, reference: str, page: str = "application") -> CaseReviewApplication:
    """An application, recorded as viewed (it holds the victim's and applicant's details)."""
    application = selectors.application_get(user=by, reference=reference)
    audit_record(by=by, action=Action.VIEWED, obj=application, changes={"page": page})
    return application


@transaction.atomic
def application_list_view(*, by: Any, show: str) -> list[selectors.ApplicationRow]:
    rows = selectors.application_rows(user=by, show=show)
    audit_record(
        by=by,
        action=Action.VIEWED,
        changes={"page": "case review list", "show": show, "shown": [r.application.reference for r in rows]},
    )
    return rows


def _require_open_to_change(application: CaseReviewApplication) -> None:
    if application.decision:
        raise ApplicationError(
            "The threshold decision has been made, so the complaints it was made on are kept as they were."
        )


@transaction.atomic
def application_link_case(*, by: Any, application: CaseReviewApplication, reference: str) -> Any:
    """Link a case the applicant's complaints are recorded in, then gather its complaints.

    A restricted case is not linked: every relevant body reads the application, so its complaints are
    added by hand with only what may be shared.
    """
    from .complaints import complaints_gather

    require_manage(by)
    _require_open_to_change(application)
    try:
        case = case_selectors.case_get_open(user=by, reference=reference.strip().upper())
    except (NotFound, NotPermitted) as error:
        raise ApplicationError(error.message, field="reference") from None
    if case.partnership_id != application.partnership_id:
        raise ApplicationError(f"{case.reference} belongs to another partnership.", field="reference")
    if case.restricted:
        raise ApplicationError(
            f"{case.reference} is restricted, and every relevant body reads this application. Add the "
            "complaints it records by hand, with only what may be shared.",
            field="reference",
        )
    if application.cases.filter(pk=case.pk).exists():
        raise ApplicationError(f"{case.reference} is already linked.", field="reference")
    application.cases.add(case)
    audit_record(by=by, action=Action.CHANGED, obj=application, changes={"case_linked": case.reference})
    complaints_gather(by=by, application=application)
    return case


@transaction.atomic
def application_link_report(*, by: Any, application: CaseReviewApplication, reference: str) -> Any:
    """Link a report about the behaviour (wherever it was made), then gather it as a complaint."""
    from joinedup.reports.selectors import report_get

    from .complaints import complaints_gather

    require_manage(by)
    _require_open_to_change(application)
    try:
        report = report_get(user=by, reference=reference.strip().upper())
    except NotFound:
        raise ApplicationError(
            f"There is no report {reference.strip()} in your partnerships", field="reference"
        ) from None
    if report.partnership_id != application.partnership_id:
        raise ApplicationError(f"{report.reference} belongs to another partnership.", field="reference")
    if application.reports.filter(pk=report.pk).exists():
        raise ApplicationError(f"{report.reference} is already linked.", field="reference")
    application.reports.add(report)
    audit_record(by=by, action=Action.CHANGED, obj=application, changes={"report_linked": report.reference})
    complaints_gather(by=by, application=application)
    return report
