"""Writes for reports: submit (route, set targets, durably save), then the lifecycle.

Every change is made by someone: services take the actor as `by` (None for the public or the system)
and add a timeline event, and an audit event where personal data is involved, in the same transaction.
Emails go out only after the transaction commits, so nobody is told about a report that was not saved.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_event_new
from joinedup.core import rows
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Organisation, Partnership
from joinedup.places.models import Area, AreaKind

from . import policy
from .clock import due_at
from .models import (
    OPEN_STATUSES,
    Category,
    ClosedReason,
    EventKind,
    Report,
    ReportEvent,
    Source,
    Status,
    Subscriber,
    Visibility,
)
from .routing import route_for, routing_table

MAX_DESCRIPTION = 5000


def _label(by: Any, fallback: str = "Member of the public") -> str:
    if by is None:
        return fallback
    organisation = getattr(by, "organisation", None)
    return f"{by.full_name} ({organisation.name})" if organisation else by.full_name


def _event_new(
    report: Report,
    *,
    by: Any,
    kind: str,
    text: str = "",
    visibility: str = Visibility.PARTNERS,
    organisation: Organisation | None = None,
    data: dict | None = None,
    label: str | None = None,
    at: dt.datetime | None = None,
) -> ReportEvent:
    """A timeline entry, not yet saved (several can then be written in one statement)."""
    return ReportEvent(
        report=report,
        at=at or timezone.now(),
        actor=by if getattr(by, "is_authenticated", False) else None,
        actor_label=label or _label(by),
        kind=kind,
        visibility=visibility,
        organisation=organisation,
        text=text,
        data=data or {},
    )


def _routed(
    report: Report, *, partner: Organisation, at: dt.datetime | None = None, **data: Any
) -> ReportEvent:
    """The public timeline entry saying which partner now deals with the report (not yet saved)."""
    return _event_new(
        report,
        by=None,
        label="Joined Up",
        kind=EventKind.ROUTED,
        visibility=Visibility.PUBLIC,
        at=at,
        text=f"Sent to {partner.name}",
        data={**data, "partner": partner.id},
    )


def _event(report: Report, **entry: Any) -> ReportEvent:
    """Add a timeline entry (see `_event_new` for its fields)."""
    event = _event_new(report, **entry)
    event.save(force_insert=True)
    return event


def _notify_later(report: Report, *templates: str, **extra: str) -> None:
    """Email the report's followers each template, in order, once the transaction commits."""
    from .tasks import report_notify_subscribers

    if report.synthetic:  # made-up demo reports email nobody
        return
    # One task for them all: each queued task costs the web request a round trip to the queue.
    transaction.on_commit(lambda: report_notify_subscribers(report.id, list(templates), extra))


def reference_prefix(partnership: Partnership) -> str:
    return (partnership.reference_prefix or partnership.slug[:3]).upper()


# --- where a report is ------------------------------------------------------------------------------


def locate(
    *, partnership: Partnership, longitude: float | None, latitude: float | None, ward: Area | None
) -> tuple[Area | None, str, list[Area]]:
    """The ward, LSOA code and routing areas of a report, checking it is in the partnership's patch."""
    if longitude is None or latitude is None:
        if ward is None:
            raise ApplicationError(
                "Choose where the problem is: a point on the map, a street or a ward.", field="location"
            )
        if ward.parent is None or not partnership.areas.filter(id=ward.parent.id).exists():
            raise ApplicationError(f"{ward.name} is not in the area {partnership.name} covers.", field="ward")
        return ward, "", [ward]
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ApplicationError("That location is not a real place on the map.", field="location")
    table = routing_table(partnership)
    found = table.area_ids_at(longitude, latitude)
    district_id = found[AreaKind.DISTRICT]
    if district_id is None or district_id not in table.district_ids:
        raise ApplicationError(
            f"That location is outside the area {partnership.name} covers. Report it to the local council "
            "for that area.",
            field="location",
        )
    areas = table.areas_by_id(i for i in found.values() if i is not None)
    ward_id, lsoa_id = found[AreaKind.WARD], found[AreaKind.LSOA]
    found_ward = areas.get(ward_id) if ward_id else None
    lsoa_code = areas[lsoa_id].code if lsoa_id else ""
    return found_ward, lsoa_code, [*areas.values(), *table.patches_at(longitude, latitude)]


def _check_answers(category: Category, answers: dict[str, Any]) -> dict[str, str]:
    cleaned = {}
    for question in category.questions:
        code = question["code"]
        value = str(answers.get(code, "") or "").strip()
        if question.get("required") and not value:
            raise ApplicationError(f"Enter {question['label'].lower()}", field=f"answer_{code}")
        if value and question.get("choices") and value not in question["choices"]:
            raise ApplicationError(
                f"Choose one of the options for {question['label'].lower()}", field=f"answer_{code}"
            )
        if len(value) > 500:
            raise ApplicationError(
                f"{question['label']} must be 500 characters or fewer", field=f"answer_{code}"
            )
        if value:
            cleaned[code] = value
    return cleaned


# --- submitting ---------------------------------------------------------------------------------------


@transaction.atomic
def report_submit(
    *,
    partnership: Partnership,
    category: Category,
    description: str,
    by: Any = None,
    longitude: float | None = None,
    latitude: float | None = None,
    ward: Area | None = None,
    location_text: str = "",
    answers: dict[str, Any] | None = None,
    reporter_name: str = "",
    reporter_email: str = "",
    reporter_phone: str = "",
    source: str = Source.WEB,
    street_audit: Any = None,
    open311_client: Any = None,
    when: dt.datetime | None = None,
    synthetic: bool = False,
    open311_token: str = "",
    media_url: str = "",
) -> Report:
    """Take in a report, route it to the best-placed partner and save it durably.

    `by` is the member of staff who logged it (phone, email, walk-in, street audit), or None when the
    public reported it themselves. `media_url` is a link an Open311 app sent: kept for partners to
    follow, never fetched, so a report cannot make this server request arbitrary addresses.
    """
    when = when or timezone.now()
    if category.partnership_id != partnership.id or not category.active:
        raise ApplicationError("Choose what you are reporting from the list.", field="category")
    if category.staff_only and not partner_policy.is_staff_member(by):
        raise ApplicationError("Choose what you are reporting from the list.", field="category")
    if by is not None and not policy.works_in(by, partnership.id):
        raise NotPermitted(f"You do not work in {partnership.name}.")
    description = (description or "").strip()
    if not description:
        raise ApplicationError("Describe the problem", field="description")
    if len(description) > MAX_DESCRIPTION:
        raise ApplicationError(
            f"The description must be {MAX_DESCRIPTION} characters or fewer", field="description"
        )
    ward_area, lsoa_code, areas = locate(
        partnership=partnership, longitude=longitude, latitude=latitude, ward=ward
    )
    decision = route_for(category=category, areas=areas, when=when, rules=routing_table(partnership).rules)
    rule = decision.rule
    report = Report(
        partnership=partnership,
        category=category,
        source=source,
        longitude=longitude,
        latitude=latitude,
        location_text=location_text.strip()[:300],
        ward=ward_area,
        ward_code=ward_area.code if ward_area else "",
        lsoa_code=lsoa_code,
        description=description,
        answers=_check_answers(category, answers or {}),
        reporter_name=reporter_name.strip()[:200],
        reporter_email=reporter_email.strip().lower(),
        reporter_phone=reporter_phone.strip()[:40],
        logged_by=by,
        lead_partner=rule.lead_partner if rule else None,
        routing_rule=rule,
        priority=rule.priority if rule else "normal",
        service_target=rule.service_target if rule else None,
        created_at=when,
        updated_at=when,
        street_audit=street_audit,
        open311_client=open311_client,
        open311_token=open311_token,
        synthetic=synthetic,
    )
    # The reference comes from the row's own id: unique, and no counter to contend for.
    rows.allocate_id(report)
    report.reference = f"{reference_prefix(partnership)}-{when.astimezone(dt.UTC).year}-{report.id:06d}"
    if rule is not None:
        target = rule.service_target
        report.acknowledge_by = due_at(when, target.acknowledge_within, target.acknowledge_unit)
        report.resolve_by = due_at(when, target.resolve_within, target.resolve_unit)
    # Every row goes to the database at the end, in one round trip (see core.rows).
    new_rows: list[Any] = [report]
    if rule is not None:
        # Straight into the link table: a new report has no links to read or clash with first.
        link = Report.supporting_partners.through
        new_rows += [
            link(report_id=report.id, organisation_id=partner.id)
            for partner in rule.supporting_partners.all()
        ]

    events = [
        _event_new(
            report,
            by=by,
            kind=EventKind.SUBMITTED,
            visibility=Visibility.PUBLIC,
            at=when,
            text=f"Reported {Source(source).label.lower()}",
            data={"source": source},
        )
    ]
    if rule is not None:
        events.append(_routed(report, partner=rule.lead_partner, at=when, rule=rule.name))
    else:
        events.append(
            _event_new(
                report,
                by=None,
                label="Joined Up",
                kind=EventKind.TRIAGE,
                at=when,
                text="No routing rule matched; waiting in the coordinator's triage queue",
            )
        )
    if media_url:
        events.append(
            _event_new(
                report,
                by=None,
                label=f"{open311_client.name} (Open311 app)" if open311_client else "Joined Up",
                kind=EventKind.NOTE,
                at=when,
                text=f"Photo or other media sent with the report, not checked: {media_url}",
                data={"media_url": media_url},
            )
        )
    new_rows += events
    if report.reporter_email:
        new_rows.append(Subscriber(report=report, email=report.reporter_email, name=report.reporter_name))
    if report.reporter_email or report.reporter_name or report.reporter_phone:
        new_rows.append(
            audit_event_new(
                by=by,
                action=Action.CREATED,
                obj=report,
                purpose="report received with contact details",
                label=None if by else "Member of the public",
            )
        )
    rows.insert(new_rows)
    if report.reporter_email:  # a new report's only follower is its reporter
        _notify_later(report, "report_received", *(["report_allocated"] if rule is not None else []))
    return report


@transaction.atomic
def report_add_reporter(*, report: Report, email: str = "", name: str = "", by: Any = None) -> Report:
    """Someone else reports the same problem: record them and keep them informed, not a duplicate."""
    if not report.is_open:
        raise ApplicationError("That report is already closed; make a new report instead.")
    email = email.strip().lower()
    if email:
        Subscriber.objects.get_or_create(report=report, email=email, defaults={"name": name.strip()[:200]})
    _event(
        report,
        by=by,
        kind=EventKind.REPORTER_ADDED,
        text="Also reported by another person",
        data={"subscribed": bool(email)},
    )
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    return report


# --- the lifecycle ------------------------------------------------------------------------------------


def _require_worker(report: Report, by: Any) -> None:
    if not policy.can_work_on(by, report):
        raise NotPermitted("Only the partners dealing with this report, or a coordinator, can change it.")


def _require_open(report: Report) -> None:
    if not report.is_open:
        raise ApplicationError(
            f"{report.reference} is {report.get_status_display().lower()}; reopen it first."
        )


def _set(report: Report, **fields: Any) -> None:
    fields["updated_at"] = timezone.now()
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(update_fields=list(fields))


@transaction.atomic
def report_acknowledge(*, report: Report, by: Any) -> Report:
    _require_worker(report, by)
    if report.status != Status.NEW:
        raise ApplicationError(f"{report.reference} has already been acknowledged.")
    if report.lead_partner_id is None:
        raise ApplicationError("Allocate the report to a partner before acknowledging it.")
    _set(report, status=Status.ACKNOWLEDGED, acknowledged_at=timezone.now())
    _event(
        report,
        by=by,
        kind=EventKind.ACKNOWLEDGED,
        visibility=Visibility.PUBLIC,
        text=f"{report.lead_partner} has the report",
    )
    _notify_later(report, "report_acknowledged")
    return report


@transaction.atomic
def report_start(*, report: Report, by: Any) -> Report:
    _require_worker(report, by)
    _require_open(report)
    if report.status == Status.IN_PROGRESS:
        raise ApplicationError(f"Work on {report.reference} has already started.")
    if report.lead_partner_id is None:
        raise ApplicationError("Allocate the report to a partner before starting work.")
    _set(report, status=Status.IN_PROGRESS, acknowledged_at=report.acknowledged_at or timezone.now())
    _event(report, by=by, kind=EventKind.STARTED, visibility=Visibility.PUBLIC, text="Work has started")
    return report


@transaction.atomic
def report_resolve(*, report: Report, by: Any, public_note: str) -> Report:
    _require_worker(report, by)
    _require_open(report)
    public_note = public_note.strip()
    if not public_note:
        raise ApplicationError("Say what was done: the reporter will be told", field="public_note")
    now = timezone.now()
    _set(
        report,
        status=Status.RESOLVED,
        resolved_at=now,
        acknowledged_at=report.acknowledged_at or now,
        public_note=public_note,
    )
    _event(report, by=by, kind=EventKind.RESOLVED, visibility=Visibility.PUBLIC, text=public_note)
    _notify_later(report, "report_resolved")
    return report


@transaction.atomic
def report_close(
    *, report: Report, by: Any, reason: str, public_note: str = "", duplicate_of: Report | None = None
) -> Report:
    _require_worker(report, by)
    _require_open(report)
    if reason not in ClosedReason.values:
        raise ApplicationError("Choose why the report is being closed", field="reason")
    if reason == ClosedReason.DUPLICATE:
        if duplicate_of is None:
            raise ApplicationError("Give the reference of the report this duplicates", field="duplicate_of")
        return report_merge(duplicate=report, into=duplicate_of, by=by)
    public_note = public_note.strip()
    if reason == ClosedReason.REFERRED and not public_note:
        raise ApplicationError(
            "Say who the report was referred to: the reporter will be told", field="public_note"
        )
    _set(
        report, status=Status.CLOSED, closed_reason=reason, closed_at=timezone.now(), public_note=public_note
    )
    _event(
        report,
        by=by,
        kind=EventKind.CLOSED,
        visibility=Visibility.PUBLIC,
        text=public_note or ClosedReason(reason).label,
        data={"reason": reason},
    )
    _notify_later(report, "report_closed")
    return report


def reopen_deadline(report: Report) -> dt.datetime | None:
    finished = report.resolved_at or report.closed_at
    return finished + dt.timedelta(days=settings.REPORT_REOPEN_DAYS) if finished else None


@transaction.atomic
def report_reopen(*, report: Report, reason: str, by: Any = None) -> Report:
    """Reopen a resolved or closed report: the reporter within the reopening period, or its partners."""
    if report.is_open:
        raise ApplicationError(f"{report.reference} is still open.")
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Say why the problem is not fixed", field="reason")
    if by is None:
        deadline = reopen_deadline(report)
        if report.closed_reason == ClosedReason.DUPLICATE or deadline is None or timezone.now() > deadline:
            raise ApplicationError(
                f"{report.reference} can no longer be reopened. Make a new report instead.", field="reason"
            )
    else:
        _require_worker(report, by)
    now = timezone.now()
    fields: dict[str, Any] = {
        "status": Status.NEW,
        "resolved_at": None,
        "closed_at": None,
        "closed_reason": "",
        "acknowledged_at": None,
    }
    target = report.service_target
    if target is not None:
        fields["acknowledge_by"] = due_at(now, target.acknowledge_within, target.acknowledge_unit)
        fields["resolve_by"] = due_at(now, target.resolve_within, target.resolve_unit)
    _set(report, **fields)
    _event(
        report,
        by=by,
        kind=EventKind.REOPENED,
        visibility=Visibility.PUBLIC,
        text=reason,
        label=None if by else "The reporter",
    )
    _notify_later(report, "report_reopened", reason=reason)
    return report


def _require_partner(report: Report, organisation: Organisation) -> None:
    if not organisation.memberships.filter(partnership_id=report.partnership_id).exists():
        raise ApplicationError(
            f"{organisation.name} is not a partner of {report.partnership.name}.", field="partner"
        )


@transaction.atomic
def report_reassign(*, report: Report, by: Any, to: Organisation, reason: str) -> Report:
    """Give the report to another partner: the coordinator, or the partner that has it."""
    is_lead = report.lead_partner_id is not None and report.lead_partner_id == getattr(
        by, "organisation_id", None
    )
    if not (policy.works_in(by, report.partnership_id) and (policy.coordinates(by) or is_lead)):
        raise NotPermitted("Only the lead partner or a coordinator can reassign a report.")
    _require_open(report)
    _require_partner(report, to)
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Say why the report is going to another partner", field="reason")
    if report.lead_partner_id == to.id:
        raise ApplicationError(f"{to.name} already has this report.", field="partner")
    from_name = report.lead_partner.name if report.lead_partner else "triage"
    # The new partner has not seen it yet: they acknowledge it afresh.
    fields: dict[str, Any] = {"lead_partner": to, "status": Status.NEW, "acknowledged_at": None}
    if report.service_target_id is None:
        # From triage with no rule: the partnership's default target, if it has one, starts now.
        from .models import ServiceTarget

        target = ServiceTarget.objects.filter(partnership_id=report.partnership_id).order_by("id").first()
        if target is not None:
            now = timezone.now()
            fields.update(
                service_target=target,
                acknowledge_by=due_at(now, target.acknowledge_within, target.acknowledge_unit),
                resolve_by=due_at(now, target.resolve_within, target.resolve_unit),
            )
    _set(report, **fields)
    _event(report, by=by, kind=EventKind.REASSIGNED, text=reason, data={"from": from_name, "to": to.name})
    _routed(report, partner=to).save(force_insert=True)
    _notify_later(report, "report_allocated")
    return report


@transaction.atomic
def report_decline(*, report: Report, by: Any, reason: str) -> Report:
    """The lead partner cannot deal with it: back to the coordinator's triage queue, with the reason."""
    if report.lead_partner_id is None or report.lead_partner_id != getattr(by, "organisation_id", None):
        raise NotPermitted("Only the partner a report is allocated to can decline it.")
    _require_open(report)
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Say why your organisation cannot deal with this report", field="reason")
    declined_by = report.lead_partner.name if report.lead_partner else ""
    _set(report, lead_partner=None, status=Status.NEW, acknowledged_at=None)
    _event(report, by=by, kind=EventKind.DECLINED, text=reason, data={"partner": declined_by})
    return report


@transaction.atomic
def report_add_note(*, report: Report, by: Any, text: str, public: bool = False) -> ReportEvent:
    """An internal note (seen only by the writer's organisation) or a public update (seen by everyone)."""
    if not policy.can_work_on(by, report):
        raise NotPermitted("Only the partners dealing with this report, or a coordinator, can add notes.")
    text = text.strip()
    if not text:
        raise ApplicationError("Enter the note", field="text")
    if len(text) > MAX_DESCRIPTION:
        raise ApplicationError(f"The note must be {MAX_DESCRIPTION} characters or fewer", field="text")
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    if public:
        return _event(report, by=by, kind=EventKind.PUBLIC_UPDATE, visibility=Visibility.PUBLIC, text=text)
    if by.organisation_id is None:
        raise ApplicationError(
            "An internal note belongs to an organisation, and you have none: add a public update instead.",
            field="text",
        )
    return _event(
        report,
        by=by,
        kind=EventKind.NOTE,
        visibility=Visibility.ORGANISATION,
        organisation=by.organisation,
        text=text,
    )


@transaction.atomic
def report_merge(*, duplicate: Report, into: Report, by: Any) -> Report:
    """Close `duplicate` as a duplicate of `into`; its reporters follow `into` from now on."""
    _require_worker(duplicate, by)
    if duplicate.pk == into.pk:
        raise ApplicationError("A report cannot duplicate itself.", field="duplicate_of")
    if into.partnership_id != duplicate.partnership_id:
        raise ApplicationError(f"{into.reference} belongs to another partnership.", field="duplicate_of")
    if not into.is_open:
        raise ApplicationError(
            f"{into.reference} is closed; merge into an open report.", field="duplicate_of"
        )
    from .selectors import reports_visible

    if not reports_visible(user=by).filter(pk=into.pk).exists():
        raise ApplicationError(
            f"There is no report {into.reference} in your partnerships.", field="duplicate_of"
        )
    _require_open(duplicate)
    for subscriber in duplicate.subscribers.all():
        Subscriber.objects.get_or_create(
            report=into, email=subscriber.email, defaults={"name": subscriber.name}
        )
    _set(
        duplicate,
        status=Status.CLOSED,
        closed_reason=ClosedReason.DUPLICATE,
        duplicate_of=into,
        closed_at=timezone.now(),
        public_note=f"The same problem as {into.reference}, which is being dealt with.",
    )
    _event(
        duplicate,
        by=by,
        kind=EventKind.MERGED,
        visibility=Visibility.PUBLIC,
        text=f"The same problem as {into.reference}",
        data={"into": into.reference},
    )
    _event(
        into,
        by=by,
        kind=EventKind.MERGED,
        text=f"{duplicate.reference} merged into this report",
        data={"from": duplicate.reference},
    )
    Report.objects.filter(pk=into.pk).update(updated_at=timezone.now())
    return duplicate


def _escalation_recipients(report: Report) -> list[str]:
    from joinedup.partners.models import Role, User

    people = User.objects.filter(is_active=True, partnerships=report.partnership_id)
    managers = people.filter(organisation__led_reports=report, role=Role.MANAGER)
    coordinators = people.filter(role=Role.COORDINATOR)
    return sorted(
        set(managers.values_list("email", flat=True)) | set(coordinators.values_list("email", flat=True))
    )


@transaction.atomic
def reports_escalate(*, now: dt.datetime | None = None) -> int:
    """Tell the lead partner's managers and the coordinators about reports at risk of, or past, their target.

    Each report is escalated once per target and state, so a report is not chased every run.
    """
    from .clock import TargetState, target_state
    from .notifications import escalation_email

    now = now or timezone.now()
    candidates = (
        Report.objects.filter(
            status__in=OPEN_STATUSES, lead_partner__isnull=False, service_target__isnull=False
        )
        .select_related("service_target", "lead_partner", "category", "partnership")
        .prefetch_related("events")
    )
    escalated = 0
    for report in candidates:
        target = report.service_target
        checks = [("resolve", report.resolve_by, report.resolved_at)]
        if report.status == Status.NEW:
            checks.insert(0, ("acknowledge", report.acknowledge_by, report.acknowledged_at))
        done = {
            (e.data.get("target"), e.data.get("state"))
            for e in report.events.all()
            if e.kind == EventKind.ESCALATED
        }
        for name, due, finished in checks:
            state = target_state(
                started=report.created_at, due=due, done=finished, now=now, at_risk_after=target.at_risk_after
            )
            if state not in (TargetState.AT_RISK, TargetState.BREACHED) or (name, state) in done:
                continue
            recipients = _escalation_recipients(report)
            _event(
                report,
                by=None,
                label="Joined Up",
                kind=EventKind.ESCALATED,
                text=f"{TargetState.LABELS[state]}: {name} by {timezone.localtime(due):%d %b %Y %H:%M}",
                data={"target": name, "state": state, "to": len(recipients)},
            )
            transaction.on_commit(partial(escalation_email, report, state, due, recipients))
            escalated += 1
            break  # one escalation a report a run: the most pressing target
    return escalated
