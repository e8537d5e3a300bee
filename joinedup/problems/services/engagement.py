"""Running an engagement programme: its place and dates, the eight steps and their deliverables, the
local delivery group's members, and the training delivered to them.

The step rule: a step may be marked done only when every earlier step has at least started and all
its own deliverables are ticked; a blocked step says why. Dates: a step cannot end before it starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership, Role, User
from joinedup.places.models import Area, AreaKind

from .. import engagement_policy as policy
from ..locations import Point, ward_within
from ..models import (
    Deliverable,
    EngagementProgramme,
    EngagementStep,
    GroupMember,
    Step,
    StepStatus,
    TrainingKind,
    TrainingSession,
)
from ..models.engagement import STEP_ORDER, TIMELINE_WEEKS

WEEKS_PER_STEP = TIMELINE_WEEKS // len(Step.values)


def require_runner(by: Any, programme: EngagementProgramme) -> None:
    if by is not None and not policy.can_run(by, programme):
        raise NotPermitted(
            "Only the partnership's coordinators and the programme lead can change this programme."
        )


def _check_place(
    partnership: Partnership, area: Area | None, location_name: str, point: Point | None
) -> None:
    if area is not None:
        if area.kind not in (AreaKind.WARD, AreaKind.PATCH):
            raise ApplicationError("Choose a ward or one of the partnership's own areas", field="area")
        if area.kind == AreaKind.PATCH and area.partnership_id != partnership.id:
            raise ApplicationError("That area belongs to another partnership", field="area")
        return
    if point is None:
        raise ApplicationError("Choose the ward or area, or give a point and name it", field="area")
    if not location_name.strip():
        raise ApplicationError("Name the place, e.g. the estate or the park", field="location_name")
    ward_within(partnership=partnership, point=point)


def _check_lead(partnership: Partnership, lead: User | None) -> None:
    if lead is not None and not (
        partner_policy.is_staff_member(lead) and lead.partnerships.filter(id=partnership.id).exists()
    ):
        raise ApplicationError(f"The lead must work in {partnership.name}", field="lead")


def _programme_values(
    partnership: Partnership,
    *,
    name: str,
    starts_on: dt.date | None,
    purpose: str,
    area: Area | None,
    location_name: str,
    point: Point | None,
    lead: User | None,
) -> dict[str, Any]:
    """The details checked: a name, a start date, a place in the partnership, a lead who works there."""
    if not name.strip():
        raise ApplicationError("Give the programme a name", field="name")
    if starts_on is None:
        raise ApplicationError("Enter the start date", field="starts_on")
    _check_place(partnership, area, location_name, point)
    _check_lead(partnership, lead)
    return {
        "name": name.strip(),
        "purpose": purpose.strip(),
        "starts_on": starts_on,
        "area": area,
        "location_name": location_name.strip(),
        "longitude": point.longitude if point and area is None else None,
        "latitude": point.latitude if point and area is None else None,
        "lead": lead,
    }


@transaction.atomic
def programme_create(
    *,
    by: Any,
    partnership: Partnership,
    name: str,
    starts_on: dt.date | None,
    purpose: str = "",
    area: Area | None = None,
    location_name: str = "",
    point: Point | None = None,
    lead: User | None = None,
    synthetic: bool = False,
) -> EngagementProgramme:
    """A new programme, with its eight steps planned five weeks each across the 40 weeks."""
    if by is not None and not policy.can_start(by, partnership.id):
        raise NotPermitted(f"Only coordinators of {partnership.name} can start an engagement programme.")
    values = _programme_values(
        partnership,
        name=name,
        starts_on=starts_on,
        purpose=purpose,
        area=area,
        location_name=location_name,
        point=point,
        lead=lead,
    )
    programme = EngagementProgramme.objects.create(
        partnership=partnership, created_by=by, synthetic=synthetic, **values
    )
    start = programme.starts_on
    weeks = dt.timedelta(weeks=WEEKS_PER_STEP)
    EngagementStep.objects.bulk_create(
        EngagementStep(
            programme=programme,
            step=step,
            position=STEP_ORDER[step],
            planned_start=start + weeks * (STEP_ORDER[step] - 1),
            planned_end=start + weeks * STEP_ORDER[step] - dt.timedelta(days=1),
        )
        for step in Step.values
    )
    audit_record(by=by, action=Action.CREATED, obj=programme, changes={"place": programme.place})
    return programme


@transaction.atomic
def programme_update(*, by: Any, programme: EngagementProgramme, **details: Any) -> EngagementProgramme:
    """Change the name, purpose, start date, place or lead (the same details `programme_create` takes)."""
    require_runner(by, programme)
    values = _programme_values(
        programme.partnership,
        **{"purpose": "", "area": None, "location_name": "", "point": None, "lead": None, **details},
    )
    before = {"name": programme.name, "starts_on": str(programme.starts_on), "place": programme.place}
    for key, value in values.items():
        setattr(programme, key, value)
    programme.updated_at = timezone.now()
    programme.save()
    after = {"name": programme.name, "starts_on": str(programme.starts_on), "place": programme.place}
    audit_record(by=by, action=Action.CHANGED, obj=programme, changes=_changed(before, after))
    return programme


@transaction.atomic
def step_update(
    *,
    by: Any,
    step: EngagementStep,
    planned_start: dt.date | None,
    planned_end: dt.date | None,
    status: str,
    blocked_reason: str = "",
    notes: str = "",
    today: dt.date | None = None,
) -> EngagementStep:
    programme = step.programme
    require_runner(by, programme)
    today = today or timezone.localdate()
    if planned_start and planned_end and planned_end < planned_start:
        raise ApplicationError("The planned end must be on or after the planned start", field="planned_end")
    if status not in StepStatus.values:
        raise ApplicationError("Choose the step's status", field="status")
    if status == StepStatus.BLOCKED and not blocked_reason.strip():
        raise ApplicationError("Say why the step is blocked", field="blocked_reason")
    if status == StepStatus.DONE:
        waiting = list(
            programme.steps.filter(position__lt=step.position, status=StepStatus.NOT_STARTED).order_by(
                "position"
            )
        )
        if waiting:
            names = ", ".join(s.get_step_display().lower() for s in waiting)
            raise ApplicationError(
                f"This step cannot be done while earlier steps have not started: {names}", field="status"
            )
        open_items = step.deliverables.filter(done=False).count()
        if open_items:
            raise ApplicationError(
                f"Tick off or remove the {open_items} open deliverable{'s' if open_items > 1 else ''} first",
                field="status",
            )
    before = {"status": step.status, "start": str(step.planned_start), "end": str(step.planned_end)}
    if status == StepStatus.DONE and step.status != StepStatus.DONE:
        step.completed_on = today
    elif status != StepStatus.DONE:
        step.completed_on = None
    step.planned_start, step.planned_end, step.status = planned_start, planned_end, status
    step.blocked_reason = blocked_reason.strip() if status == StepStatus.BLOCKED else ""
    step.notes = notes.strip()
    step.updated_at = timezone.now()
    step.save()
    after = {"status": step.status, "start": str(step.planned_start), "end": str(step.planned_end)}
    _touched(by, programme, step=step.get_step_display(), **_changed(before, after))
    return step


def _changed(before: dict, after: dict) -> dict:
    return {k: [before[k], v] for k, v in after.items() if before[k] != v}


def _touched(by: Any, programme: EngagementProgramme, **changes: Any) -> None:
    EngagementProgramme.objects.filter(pk=programme.pk).update(updated_at=timezone.now())
    audit_record(by=by, action=Action.CHANGED, obj=programme, changes=changes)


@transaction.atomic
def deliverable_add(*, by: Any, step: EngagementStep, text: str) -> Deliverable:
    require_runner(by, step.programme)
    if not text.strip():
        raise ApplicationError("Say what the deliverable is", field="text")
    if step.status == StepStatus.DONE:
        raise ApplicationError("The step is done: set it back to in progress to add to it", field="text")
    deliverable = Deliverable.objects.create(step=step, text=text.strip()[:300])
    _touched(by, step.programme, step=step.get_step_display(), deliverable_added=deliverable.text)
    return deliverable


@transaction.atomic
def deliverable_tick(
    *, by: Any, deliverable: Deliverable, done: bool, today: dt.date | None = None
) -> Deliverable:
    step = deliverable.step
    require_runner(by, step.programme)
    if not done and step.status == StepStatus.DONE:
        raise ApplicationError("The step is done: set it back to in progress first", field="text")
    deliverable.done = done
    deliverable.done_on = (today or timezone.localdate()) if done else None
    deliverable.done_by = by if done else None
    deliverable.save()
    _touched(by, step.programme, step=step.get_step_display(), deliverable=deliverable.text, done=done)
    return deliverable


@transaction.atomic
def deliverable_remove(*, by: Any, deliverable: Deliverable) -> None:
    step = deliverable.step
    require_runner(by, step.programme)
    if step.status == StepStatus.DONE:
        raise ApplicationError("The step is done: set it back to in progress first", field="text")
    text = deliverable.text
    deliverable.delete()
    _touched(by, step.programme, step=step.get_step_display(), deliverable_removed=text)


# --- the local delivery group ------------------------------------------------------------------------------


def _account(email: str) -> User | None:
    if not email.strip():
        return None
    user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if user is None:
        raise ApplicationError(
            "There is no account with that email address: leave it blank, or ask an administrator to "
            "set one up",
            field="account_email",
        )
    return user


@transaction.atomic
def member_add(
    *,
    by: Any,
    programme: EngagementProgramme,
    name: str,
    group_role: str = "",
    organisation: str = "",
    email: str = "",
    phone: str = "",
    consent_on: dt.date | None = None,
    account_email: str = "",
    today: dt.date | None = None,
) -> GroupMember:
    """Add someone to the group; their contact details are kept only if they consented, on a date."""
    require_runner(by, programme)
    today = today or timezone.localdate()
    if not name.strip():
        raise ApplicationError("Enter the member's name", field="name")
    email, phone = email.strip().lower(), phone.strip()
    if (email or phone) and consent_on is None:
        raise ApplicationError(
            "Contact details can only be kept with the member's consent: enter the date they gave it, or "
            "leave the email and phone blank",
            field="consent_on",
        )
    if consent_on is not None and consent_on > today:
        raise ApplicationError("The date of consent cannot be in the future", field="consent_on")
    user = _account(account_email)
    if user is not None and programme.members.filter(user=user).exists():
        raise ApplicationError("That account is already a member of this group", field="account_email")
    member = GroupMember.objects.create(
        programme=programme,
        name=name.strip(),
        group_role=group_role.strip(),
        organisation=organisation.strip(),
        email=email,
        phone=phone,
        contact_consent_on=consent_on if (email or phone) else None,
        contact_consent_recorded_by=by if (email or phone) else None,
        user=user,
        joined_on=today,
    )
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=member,
        partnership=programme.partnership,
        changes={"programme": programme.name, "contact_consent": str(member.contact_consent_on or "")},
    )
    return member


@transaction.atomic
def member_leave(*, by: Any, member: GroupMember, today: dt.date | None = None) -> GroupMember:
    """The member leaves the group: kept in the training records, their contact details erased and their
    account unlinked (so access ends, and they can be added again if they come back)."""
    programme = member.programme
    require_runner(by, programme)
    member.left_on = today or timezone.localdate()
    member.user = None
    member.email, member.phone = "", ""
    member.contact_consent_on, member.contact_consent_recorded_by = None, None
    member.save()
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=member,
        partnership=programme.partnership,
        changes={"left_on": str(member.left_on), "contact_details": "erased"},
    )
    return member


def member_contacts_viewed(*, by: Any, programme: EngagementProgramme) -> None:
    """Group members' contact details were shown: personal data, so it is recorded."""
    audit_record(
        by=by,
        action=Action.VIEWED,
        obj=programme,
        changes={"page": "local delivery group contact details"},
        purpose="Running the engagement programme",
    )


@transaction.atomic
def community_account_create(
    *, by: Any, member: GroupMember, email: str, password: str | None = None
) -> User:
    """An account for a group member, with the community role: it sees their programme and the asset map,
    nothing else. Linked to the member, so it stops working for the programme when they leave."""
    require_runner(by, member.programme)
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ApplicationError(f"There is already an account for {email}.", field="email")
    user = User.objects.create_user(email, password, full_name=member.name, role=Role.COMMUNITY)
    member.user = user
    member.save(update_fields=["user"])
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=user,
        partnership=member.programme.partnership,
        changes={"role": Role.COMMUNITY, "programme": member.programme.name},
    )
    return user


# --- training ---------------------------------------------------------------------------------------------


@transaction.atomic
def training_record(
    *,
    by: Any,
    programme: EngagementProgramme,
    kind: str,
    held_on: dt.date | None,
    trainer: str,
    location: str,
    attendance: int | None,
    attendees: Iterable[GroupMember] = (),
    title: str = "",
    today: dt.date | None = None,
) -> TrainingSession:
    """Training delivered. The count may include people outside the group, never fewer than those named."""
    require_runner(by, programme)
    today = today or timezone.localdate()
    if kind not in TrainingKind.values:
        raise ApplicationError("Choose the kind of training", field="kind")
    if kind == TrainingKind.OTHER and not title.strip():
        raise ApplicationError("Say what the training was", field="title")
    if held_on is None:
        raise ApplicationError("Enter the date of the training", field="held_on")
    if held_on > today:
        raise ApplicationError(
            "Record training once it has been delivered: the date is in the future", field="held_on"
        )
    if not trainer.strip():
        raise ApplicationError("Say who delivered the training", field="trainer")
    if not location.strip():
        raise ApplicationError("Say where the training was held", field="location")
    if attendance is None or attendance < 0:
        raise ApplicationError("Attendance must be 0 or more", field="attendance")
    attendees = list(attendees)
    if any(m.programme_id != programme.id for m in attendees):
        raise ApplicationError("Choose attendees from this programme's group", field="attendees")
    if attendance < len(attendees):
        raise ApplicationError(
            f"Attendance cannot be fewer than the {len(attendees)} members named as attending",
            field="attendance",
        )
    session = TrainingSession.objects.create(
        programme=programme,
        kind=kind,
        title=title.strip(),
        held_on=held_on,
        trainer=trainer.strip(),
        location=location.strip(),
        attendance=attendance,
        recorded_by=by,
    )
    session.attendees.set(attendees)
    _touched(by, programme, training=session.name, held_on=str(held_on), attendance=attendance)
    return session
