"""Opening and changing a case, linking reports, and the timeline entry every change writes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Partnership, User
from joinedup.places.lookup import area_at_point
from joinedup.places.models import Area, AreaKind
from joinedup.places.selectors import area_list
from joinedup.reports.models import Report

from .. import matching, policy, selectors
from ..models import Case, CaseEvent, CaseKind, CaseNamedAccess, CaseStatus, EventKind, Outcome


def actor_label(user: Any) -> str:
    if user is None:
        return "System"
    organisation = getattr(user, "organisation", None)
    return f"{user.full_name}, {organisation.name}" if organisation else user.full_name


def event_add(
    case: Case, *, by: Any, kind: str, text: str = "", note: Any = None, data: dict | None = None
) -> CaseEvent:
    """Append to the timeline and mark the case as active now (the list's order)."""
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(updated_at=now)
    return CaseEvent.objects.create(
        case=case,
        at=now,
        actor=by if getattr(by, "is_authenticated", False) else None,
        actor_label=actor_label(by),
        kind=kind,
        text=text,
        note=note,
        data=data or {},
    )


def require_open(user: Any, case: Case) -> None:
    """Services re-check access: a view may be wrong, the rule may not."""
    if user is not None and not selectors.cases_open_to(user).filter(pk=case.pk).exists():
        raise NotPermitted(f"{case.reference} has not been shared with you.")


def require_lead(user: Any, case: Case) -> None:
    require_open(user, case)
    if user is not None and not policy.leads(user, case):
        raise NotPermitted(f"Only {case.lead_partner.name}, which leads {case.reference}, can do this.")


def _reference(partnership: Partnership, case: Case) -> str:
    from joinedup.reports.services import reference_prefix

    return f"{reference_prefix(partnership)}-C-{case.opened_at.astimezone(dt.UTC).year}-{case.id:06d}"


def _check_lead_officer(partnership: Partnership, organisation: Any, officer: User | None) -> None:
    if officer is None:
        return
    staff = selectors.casework_staff(
        partnership=partnership, organisations=type(organisation).objects.filter(id=organisation.id)
    )
    if not staff.filter(id=officer.id).exists():
        raise ApplicationError(
            f"{officer.full_name} is not a caseworker of {organisation.name} in {partnership.name}.",
            field="lead_officer",
        )


def _place(
    *, by: Any, partnership: Partnership, longitude: float | None, latitude: float | None, area: Area | None
) -> Area | None:
    if (longitude is None) != (latitude is None):
        raise ApplicationError("Give both the latitude and the longitude, or neither.", field="latitude")
    if (
        area is not None
        and by is not None
        and not area_list(user=by, partnership=partnership).filter(id=area.id).exists()
    ):
        raise ApplicationError(f"{area.name} is not in {partnership.name}.", field="area")
    if area is None and longitude is not None and latitude is not None:
        area = area_at_point(lon=longitude, lat=latitude, kind=AreaKind.WARD)
    return area


@transaction.atomic
def case_create(
    *,
    by: Any,
    partnership: Partnership,
    kind: CaseKind,
    summary: str,
    organisation: Any = None,
    lead_officer: User | None = None,
    address: str = "",
    postcode: str = "",
    longitude: float | None = None,
    latitude: float | None = None,
    area: Area | None = None,
    risk_level: str = "",
    review_on: dt.date | None = None,
    restricted: bool | None = None,
    restriction_reason: str = "",
    opened_at: dt.datetime | None = None,
    synthetic: bool = False,
) -> Case:
    """Open a case led by the actor's organisation (or `organisation`, for the system)."""
    if by is not None:
        if not policy.does_casework(by):
            raise NotPermitted(selectors.CASEWORK_DENIED)
        if not selectors.works_in(by, partnership):
            raise NotPermitted(f"You do not work in {partnership.name}.")
        organisation = by.organisation
    if organisation is None:
        raise ApplicationError("Your account belongs to no partner, so it cannot lead a case.")
    if not organisation.memberships.filter(partnership=partnership).exists():
        raise ApplicationError(f"{organisation.name} is not a member of {partnership.name}.")
    if not summary.strip():
        raise ApplicationError("Describe the case", field="summary")
    lead_officer = lead_officer or by
    _check_lead_officer(partnership, organisation, lead_officer)
    restricted = kind.restricted_by_default if restricted is None else restricted
    if restricted and not restriction_reason:
        raise ApplicationError("Choose why the case is restricted", field="restriction_reason")
    area = _place(by=by, partnership=partnership, longitude=longitude, latitude=latitude, area=area)
    case = Case.objects.create(
        partnership=partnership,
        reference=f"pending-{uuid.uuid4().hex[:20]}",
        kind=kind,
        summary=summary.strip(),
        lead_partner=organisation,
        lead_officer=lead_officer,
        address=address.strip(),
        postcode=postcode.strip().upper(),
        address_key=matching.address_key(address, postcode),
        longitude=longitude,
        latitude=latitude,
        area=area,
        risk_level=risk_level,
        review_on=review_on,
        restricted=restricted,
        restriction_reason=restriction_reason if restricted else "",
        opened_at=opened_at or timezone.now(),
        created_by=by,
        synthetic=synthetic,
    )
    # The reference comes from the row's own id: unique, and no counter to contend for.
    case.reference = _reference(partnership, case)
    case.save(update_fields=["reference"])
    if restricted:
        for user in {u for u in (by, lead_officer) if u is not None}:
            CaseNamedAccess.objects.create(case=case, user=user, added_by=by)
    event_add(case, by=by, kind=EventKind.OPENED, text=f"{kind.name}, led by {organisation.name}")
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=case,
        changes={"kind": kind.code, "lead_partner": organisation.name, "restricted": restricted},
    )
    return case


# Fields whose values may go into the audit trail; free text may hold personal data, so for those
# the trail records only that they changed (it is append-only and outlives the case).
_PLAIN_FIELDS = (
    "kind",
    "status",
    "outcome",
    "lead_officer",
    "risk_level",
    "review_on",
    "area",
    "restricted",
    "restriction_reason",
)
_TEXT_FIELDS = ("summary", "address", "postcode", "longitude", "latitude", "outcome_note")


class StaleEdit(ApplicationError):
    """Someone saved the record after the editor opened it: refused, never silently overwritten."""


def _show(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


@transaction.atomic
def case_update(*, by: Any, case: Case, version: int, **values: Any) -> Case:
    """Change a case's details or status, if nobody has saved it since `version` was read."""
    require_lead(by, case)
    current = Case.objects.select_for_update().select_related("kind", "lead_partner").get(pk=case.pk)
    if current.version != version:
        last = current.events.filter(kind__in=[EventKind.CHANGED, EventKind.STATUS]).order_by("-at").first()
        who = f" by {last.actor_label} at {timezone.localtime(last.at):%H:%M on %-d %B}" if last else ""
        raise StaleEdit(
            f"{case.reference} was changed{who} after you opened it. Your changes have not been saved: "
            "check the case as it is now, then make your changes again."
        )
    values = _validated(by=by, case=current, values=values)
    changed = {f: v for f, v in values.items() if getattr(current, f) != v}
    if not changed:
        return current
    if "kind" in changed and current.shares.filter(ended_at__isnull=True).exists():
        from .sharing import check_shares_cover

        check_shares_cover(case=current, extra=set(changed["kind"].data_classes))
    before = {f: getattr(current, f) for f in changed}
    now = timezone.now()
    if "status" in changed:
        changed["closed_at"] = now if changed["status"] == CaseStatus.CLOSED else None
    if "address" in changed or "postcode" in changed:
        changed["address_key"] = matching.address_key(
            changed.get("address", current.address), changed.get("postcode", current.postcode)
        )
    Case.objects.filter(pk=current.pk).update(**changed, version=F("version") + 1, updated_at=now)
    current.refresh_from_db()
    if changed.get("restricted"):
        for user in {u for u in (by, current.lead_officer) if u is not None}:
            CaseNamedAccess.objects.get_or_create(case=current, user=user, defaults={"added_by": by})
    if "status" in changed:
        event_add(
            current,
            by=by,
            kind=EventKind.STATUS,
            text=f"{CaseStatus(before['status']).label} → {current.get_status_display()}"
            + (f": {current.get_outcome_display()}" if current.is_closed else ""),
        )
    details = [
        f for f in changed if f not in ("status", "outcome", "outcome_note", "closed_at", "address_key")
    ]
    if details:
        names = ", ".join(str(getattr(Case._meta.get_field(f), "verbose_name", f)) for f in details)
        event_add(current, by=by, kind=EventKind.CHANGED, text=f"Changed: {names}")
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=current,
        changes={
            f: ([_show(before[f]), _show(changed[f])] if f in _PLAIN_FIELDS else "changed")
            for f in changed
            if f in _PLAIN_FIELDS or f in _TEXT_FIELDS
        },
    )
    return current


def _validated(*, by: Any, case: Case, values: dict[str, Any]) -> dict[str, Any]:
    allowed = set(_PLAIN_FIELDS) | set(_TEXT_FIELDS)
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Not case fields: {sorted(unknown)}")
    if "summary" in values and not values["summary"].strip():
        raise ApplicationError("Describe the case", field="summary")
    for name in ("summary", "address", "outcome_note"):
        if name in values:
            values[name] = values[name].strip()
    if "postcode" in values:
        values["postcode"] = values["postcode"].strip().upper()
    if "lead_officer" in values:
        _check_lead_officer(case.partnership, case.lead_partner, values["lead_officer"])
    status = values.get("status", case.status)
    if status == CaseStatus.CLOSED:
        if not values.get("outcome", case.outcome):
            raise ApplicationError("Choose the outcome of the case", field="outcome")
    else:
        values["outcome"] = ""
    if values.get("outcome") and values["outcome"] not in Outcome.values:
        raise ApplicationError("Choose the outcome of the case", field="outcome")
    restricted = values.get("restricted", case.restricted)
    if restricted and not values.get("restriction_reason", case.restriction_reason):
        raise ApplicationError("Choose why the case is restricted", field="restriction_reason")
    if not restricted:
        values["restriction_reason"] = ""
    if {"longitude", "latitude", "area"} & set(values):
        values["area"] = _place(
            by=by,
            partnership=case.partnership,
            longitude=values.get("longitude", case.longitude),
            latitude=values.get("latitude", case.latitude),
            area=values.get("area", case.area),
        )
    return values


@transaction.atomic
def case_link_report(*, by: Any, case: Case, reference: str) -> Report:
    """Link a report the actor can see, of the case's partnership."""
    from joinedup.core.errors import NotFound
    from joinedup.reports.selectors import report_get

    require_open(by, case)
    try:
        report = report_get(user=by, reference=reference.strip().upper())
    except NotFound:
        raise ApplicationError(
            f"There is no report {reference.strip()} in your partnerships", field="reference"
        ) from None
    if report.partnership_id != case.partnership_id:
        raise ApplicationError(f"{report.reference} belongs to another partnership.", field="reference")
    if case.reports.filter(pk=report.pk).exists():
        raise ApplicationError(f"{report.reference} is already linked to this case.", field="reference")
    case.reports.add(report)
    event_add(
        case, by=by, kind=EventKind.REPORT_LINKED, text=report.reference, data={"report": report.reference}
    )
    audit_record(by=by, action=Action.CHANGED, obj=case, changes={"report_linked": report.reference})
    return report
