"""Starting and changing a problem profile: its details, analysis, stage, hypotheses and responses.

Every change writes the profile's timeline and the audit trail in the same transaction. A profile
cannot close without an assessment: that is the point of SARA's last step (REFERENCE.md §6).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

import shapely
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from shapely.geometry.base import BaseGeometry

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record

# The timeline's actor, the audit trail's values and the stale-edit refusal, as cases have them.
from joinedup.cases.services.cases import StaleEdit, _show, actor_label
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.intelligence.hotspots import category_ids
from joinedup.partners.models import Organisation, Partnership, User

from .. import policy
from ..models import (
    ActionStatus,
    EventKind,
    Hypothesis,
    InterventionType,
    ProblemProfile,
    ProfileEvent,
    ResponseAction,
    Stage,
)

CLOSE_REFUSED = "A problem profile cannot close without an assessment: make one first (Assessment, below)."
MAX_PERIOD_MONTHS = 60


def event_add(
    profile: ProblemProfile, *, by: Any, kind: str, text: str = "", data: dict | None = None
) -> None:
    """Append to the timeline and mark the profile as active now (the list's order)."""
    now = timezone.now()
    ProblemProfile.objects.filter(pk=profile.pk).update(updated_at=now)
    ProfileEvent.objects.create(
        profile=profile,
        at=now,
        actor=by if getattr(by, "is_authenticated", False) else None,
        actor_label=actor_label(by),
        kind=kind,
        text=text,
        data=data or {},
    )


def require_editor(by: Any, profile: ProblemProfile) -> None:
    if by is not None and not policy.can_edit(by, profile):
        raise NotPermitted(
            f"Only {profile.owner_partner.name}, which owns {profile.reference}, and the partnership's "
            "coordinators can change it."
        )


def _check_officer(partnership: Partnership, organisation: Organisation, officer: User | None) -> None:
    if officer is None:
        return
    if (
        officer.organisation_id != organisation.id
        or not officer.partnerships.filter(id=partnership.id).exists()
    ):
        raise ApplicationError(
            f"{officer.full_name} does not work for {organisation.name} in {partnership.name}.",
            field="owner_officer",
        )


def _check_period(period_from: dt.date, period_to: dt.date) -> None:
    if period_from > period_to:
        raise ApplicationError("The first month scanned must not be after the last.", field="period_from")
    months = (period_to.year - period_from.year) * 12 + period_to.month - period_from.month + 1
    if months > MAX_PERIOD_MONTHS:
        raise ApplicationError(f"Scan at most {MAX_PERIOD_MONTHS} months.", field="period_from")


@transaction.atomic
def profile_create(
    *,
    by: Any,
    partnership: Partnership,
    title: str,
    objective: str,
    source: str,
    target: BaseGeometry,
    period_from: dt.date,
    period_to: dt.date,
    source_note: str = "",
    area: Any = None,
    longitude: float | None = None,
    latitude: float | None = None,
    location_name: str = "",
    categories: Iterable[str] = (),
    review_on: dt.date | None = None,
    owner_officer: User | None = None,
    organisation: Organisation | None = None,
    reports: Iterable[Any] = (),
    cases: Iterable[Any] = (),
    synthetic: bool = False,
) -> ProblemProfile:
    """Start a profile owned by the actor's organisation (or `organisation`, for the system).

    `target` is the target area in WGS84 lon/lat, made from the source (see `services.sources`).
    """
    if by is not None:
        if not policy.can_start(by) or not policy.works_in(by, partnership.id):
            raise NotPermitted(f"You do not work for a partner of {partnership.name}.")
        organisation = by.organisation
    if organisation is None:
        raise ApplicationError("A problem profile needs an owning partner.")
    if not organisation.memberships.filter(partnership=partnership).exists():
        raise ApplicationError(f"{organisation.name} is not a member of {partnership.name}.")
    if not title.strip():
        raise ApplicationError("Give the problem a short title", field="title")
    if not objective.strip():
        raise ApplicationError("Say what the partnership wants to achieve", field="objective")
    if target.is_empty or target.geom_type not in ("Polygon", "MultiPolygon"):
        raise ApplicationError("The problem needs a place: its target area is empty.")
    _check_period(period_from, period_to)
    categories = sorted(set(categories))
    category_ids(tuple(categories))  # unknown codes are refused here
    owner_officer = owner_officer if owner_officer is not None else by
    _check_officer(partnership, organisation, owner_officer)
    profile = ProblemProfile.objects.create(
        partnership=partnership,
        reference=f"pending-{uuid.uuid4().hex[:20]}",
        title=title.strip(),
        objective=objective.strip(),
        source=source,
        source_note=source_note[:300],
        boundary=shapely.to_geojson(target),
        area=area,
        longitude=longitude,
        latitude=latitude,
        location_name=location_name.strip()[:200],
        categories=categories,
        period_from=period_from.replace(day=1),
        period_to=period_to.replace(day=1),
        owner_partner=organisation,
        owner_officer=owner_officer,
        review_on=review_on,
        created_by=by,
        synthetic=synthetic,
    )
    from joinedup.reports.services import reference_prefix

    # The reference comes from the row's own id: unique, and no counter to contend for.
    profile.reference = (
        f"{reference_prefix(partnership)}-P-{profile.created_at.astimezone(dt.UTC).year}-{profile.id:06d}"
    )
    profile.save(update_fields=["reference"])
    profile.reports.set(list(reports))
    profile.cases.set(list(cases))
    event_add(profile, by=by, kind=EventKind.CREATED, text=source_note or profile.get_source_display())
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=profile,
        changes={
            "source": source,
            "owner": organisation.name,
            "reports": [r.reference for r in profile.reports.all()],
            "cases": [c.reference for c in profile.cases.all()],
        },
    )
    return profile


# Fields whose values may go into the audit trail; free text (the analysis may name people) only as changed.
_PLAIN_FIELDS = ("stage", "owner_officer", "review_on", "period_from", "period_to")
_TEXT_FIELDS = (
    "title",
    "objective",
    "pat_victim",
    "pat_offender",
    "pat_location",
    "pat_guardian",
    "pat_handler",
    "pat_manager",
)


@transaction.atomic
def profile_update(*, by: Any, profile: ProblemProfile, version: int, **values: Any) -> ProblemProfile:
    """Change a profile's details, analysis or stage, if nobody has saved it since `version` was read."""
    require_editor(by, profile)
    current = ProblemProfile.objects.select_for_update().get(pk=profile.pk)
    if current.version != version:
        last = current.events.filter(kind__in=[EventKind.CHANGED, EventKind.STAGE]).order_by("-at").first()
        who = f" by {last.actor_label} at {timezone.localtime(last.at):%H:%M on %-d %B}" if last else ""
        raise StaleEdit(
            f"{current.reference} was changed{who} after you opened it. Your changes have not been saved: "
            "check the profile as it is now, then make your changes again."
        )
    unknown = set(values) - set(_PLAIN_FIELDS) - set(_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    for name in _TEXT_FIELDS:
        if name in values:
            values[name] = values[name].strip()
    for name, message in (
        ("title", "Give the problem a short title"),
        ("objective", "Say what the partnership wants to achieve"),
    ):
        if name in values and not values[name]:
            raise ApplicationError(message, field=name)
    if "owner_officer" in values:
        _check_officer(current.partnership, current.owner_partner, values["owner_officer"])
    _check_period(values.get("period_from", current.period_from), values.get("period_to", current.period_to))
    changed = {f: v for f, v in values.items() if getattr(current, f) != v}
    if not changed:
        return current
    if changed.get("stage") == Stage.CLOSED and not current.assessments.exists():
        raise ApplicationError(CLOSE_REFUSED, field="stage")
    before = {f: getattr(current, f) for f in changed}
    now = timezone.now()
    extra: dict[str, Any] = {}
    if "stage" in changed:
        extra["closed_at"] = now if changed["stage"] == Stage.CLOSED else None
    ProblemProfile.objects.filter(pk=current.pk).update(
        **changed, **extra, version=F("version") + 1, updated_at=now
    )
    current.refresh_from_db()
    if "stage" in changed:
        event_add(
            current,
            by=by,
            kind=EventKind.STAGE,
            text=f"{Stage(before['stage']).label} → {current.get_stage_display()}",
        )
    details = [f for f in changed if f != "stage"]
    if details:
        names = ", ".join(str(getattr(ProblemProfile._meta.get_field(f), "verbose_name", f)) for f in details)
        event_add(current, by=by, kind=EventKind.CHANGED, text=f"Changed: {names}")
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=current,
        changes={
            f: ([_show(before[f]), _show(changed[f])] if f in _PLAIN_FIELDS else "changed") for f in changed
        },
    )
    return current


@transaction.atomic
def hypothesis_add(*, by: Any, profile: ProblemProfile, text: str, status: str = "open") -> Hypothesis:
    require_editor(by, profile)
    if not text.strip():
        raise ApplicationError("Write the hypothesis", field="text")
    hypothesis = Hypothesis.objects.create(profile=profile, text=text.strip(), status=status, created_by=by)
    event_add(profile, by=by, kind=EventKind.HYPOTHESIS, text=hypothesis.text)
    audit_record(by=by, action=Action.CHANGED, obj=profile, changes={"hypothesis_added": hypothesis.id})
    return hypothesis


@transaction.atomic
def action_set(
    *,
    by: Any,
    profile: ProblemProfile,
    title: str,
    intervention: InterventionType | None,
    owner_partner: Organisation | None,
    due_on: dt.date | None,
    details: str = "",
    owner_officer: User | None = None,
) -> ResponseAction:
    """A partner's response, tagged from the catalogue. No owner or no due date: refused."""
    require_editor(by, profile)
    if not title.strip():
        raise ApplicationError("Say what will be done", field="title")
    if intervention is None or not intervention.active:
        raise ApplicationError("Choose the type of intervention", field="intervention")
    if owner_partner is None:
        raise ApplicationError("Choose the partner who owns the response", field="owner_partner")
    if not owner_partner.memberships.filter(partnership_id=profile.partnership_id).exists():
        raise ApplicationError(
            f"{owner_partner.name} is not a member of {profile.partnership.name}.", field="owner_partner"
        )
    if due_on is None:
        raise ApplicationError("Enter the date it is due", field="due_on")
    _check_officer(profile.partnership, owner_partner, owner_officer)
    action = ResponseAction.objects.create(
        profile=profile,
        title=title.strip(),
        details=details.strip(),
        intervention=intervention,
        owner_partner=owner_partner,
        owner_officer=owner_officer,
        due_on=due_on,
        created_by=by,
    )
    event_add(
        profile,
        by=by,
        kind=EventKind.ACTION_SET,
        text=f"{action.title} ({intervention.name}), {owner_partner.name}, due {due_on:%-d %B %Y}",
    )
    audit_record(by=by, action=Action.CHANGED, obj=profile, changes={"response_set": action.id})
    return action


@transaction.atomic
def action_update(*, by: Any, action: ResponseAction, status: str) -> ResponseAction:
    """Move a response on. Its owner partner may, as well as the profile's editors."""
    profile = action.profile
    if by is not None and not (
        policy.can_edit(by, profile)
        or (policy.works_in(by, profile.partnership_id) and by.organisation_id == action.owner_partner_id)
    ):
        raise NotPermitted(
            f"Only {action.owner_partner.name} or the profile's owner can update this response."
        )
    if status not in ActionStatus.values:
        raise ApplicationError("Choose the response's status", field="status")
    if status == action.status:
        return action
    previous = ActionStatus(action.status).label
    action.status = status
    action.completed_on = timezone.localdate() if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "completed_on"])
    event_add(
        profile,
        by=by,
        kind=EventKind.ACTION_STATUS,
        text=f"{action.title}: {previous} → {action.get_status_display()}",
    )
    audit_record(by=by, action=Action.CHANGED, obj=profile, changes={"response": [action.id, status]})
    return action


def profile_view(*, by: Any, reference: str) -> ProblemProfile:
    """The profile for its page, recorded as viewed: its analysis and links may describe people."""
    from ..selectors import profile_get

    profile = profile_get(user=by, reference=reference)
    audit_record(by=by, action=Action.VIEWED, obj=profile)
    return profile
