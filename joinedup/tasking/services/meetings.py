"""A meeting from agenda to minutes: generate the agenda from live data, edit and publish it (asking
owners for updates), then record attendance, minutes and the owners' updates."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Organisation, Role, User

from .. import agenda_sources, policy, selectors
from ..models import AgendaItem, Attendance, AttendanceStatus, ItemUpdate, Meeting, MeetingStatus
from .groups import StaleEdit


def require_manager(by: Any, meeting: Meeting) -> None:
    if by is not None and not policy.can_manage(by, meeting.group):
        raise NotPermitted("Only the partnership's coordinators run tasking meetings.")


def _require_status(meeting: Meeting, *allowed: str, doing: str) -> None:
    if meeting.status not in allowed:
        raise ApplicationError(
            f"The agenda cannot be {doing} now: the meeting is {meeting.get_status_display().lower()}."
        )


def _bump(meeting: Meeting, version: int, **changes: Any) -> None:
    """Save changes to the meeting if nobody has since `version`; otherwise refuse, saving nothing."""
    if not Meeting.objects.filter(pk=meeting.pk, version=version).update(version=F("version") + 1, **changes):
        raise StaleEdit(
            "Someone changed this agenda after you opened it. Your changes have not been saved: "
            "check the agenda as it is now, then make your changes again."
        )
    meeting.refresh_from_db()


@transaction.atomic
def agenda_generate(
    *, by: Any, meeting: Meeting, version: int, now: dt.datetime | None = None
) -> list[AgendaItem]:
    """Build the agenda from live data since the group's last meeting. Generating again replaces the
    generated items; items the coordinator added stay, after them."""
    require_manager(by, meeting)
    _require_status(meeting, MeetingStatus.PLANNED, doing="generated")
    window = selectors.agenda_window(meeting=meeting, by=by, now=now)
    drafts = agenda_sources.collect(window, meeting.group.agenda_sources)
    _bump(
        meeting,
        version,
        covers_from=window.since,
        covers_to=window.until,
        data_from=window.months[0] if window.months else None,
        data_to=window.months[-1] if window.months else None,
        generation_notes=window.notes,
        generated_at=window.until,
    )
    meeting.items.exclude(source=agenda_sources.FREE).delete()
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            source=draft.source,
            title=draft.title[:300],
            summary=draft.summary,
            data=draft.data,
            case_id=draft.case_id,
            owner_organisation_id=draft.owner_organisation_id,
            owner_officer_id=draft.owner_officer_id,
        )
        for position, draft in enumerate(drafts, start=1)
    )
    for position, free in enumerate(meeting.items.filter(source=agenda_sources.FREE), start=len(drafts) + 1):
        AgendaItem.objects.filter(pk=free.pk).update(position=position)
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=meeting,
        changes={
            "agenda_generated": len(items),
            "cases": [d.rows[0]["case"] for d in drafts if d.case_id is not None],
        },
    )
    return items


@transaction.atomic
def agenda_edit(
    *,
    by: Any,
    meeting: Meeting,
    version: int,
    positions: dict[int, int],
    notes: dict[int, str],
    remove: set[int],
) -> None:
    """Reorder items (by the numbers given), keep a note on each, remove some. All or nothing."""
    require_manager(by, meeting)
    _require_status(meeting, MeetingStatus.PLANNED, doing="changed")
    items = {item.id: item for item in meeting.items.all()}
    if set(positions) - set(items) or remove - set(items):
        raise ApplicationError("The agenda has changed since you opened it: reload it and try again.")
    _bump(meeting, version)
    kept = sorted(
        (i for i in items.values() if i.id not in remove),
        key=lambda i: (positions.get(i.id, i.position), i.position, i.id),
    )
    AgendaItem.objects.filter(id__in=remove).delete()
    for position, item in enumerate(kept, start=1):
        item.position = position
        item.notes = notes.get(item.id, item.notes).strip()
    AgendaItem.objects.bulk_update(kept, ["position", "notes"])
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=meeting,
        changes={"agenda_edited": len(kept), "removed": len(remove)},
    )


@transaction.atomic
def agenda_item_add(
    *,
    by: Any,
    meeting: Meeting,
    version: int,
    title: str,
    details: str = "",
    owner_organisation: Organisation | None = None,
    owner_officer: User | None = None,
) -> AgendaItem:
    require_manager(by, meeting)
    _require_status(meeting, MeetingStatus.PLANNED, doing="changed")
    if not title.strip():
        raise ApplicationError("Enter the item's title", field="title")
    _bump(meeting, version)
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=last + 1,
        source=agenda_sources.FREE,
        title=title.strip()[:300],
        summary=details.strip(),
        owner_organisation=owner_organisation,
        owner_officer=owner_officer,
    )
    audit_record(by=by, action=Action.CHANGED, obj=meeting, changes={"item_added": item.id})
    return item


def update_recipients(item: AgendaItem) -> list[str]:
    """Who is asked for an item's update: its officer, else its partner's managers and coordinators in
    the partnership."""
    if item.owner_officer is not None and item.owner_officer.is_active:
        return [item.owner_officer.email]
    if item.owner_organisation_id is None:
        return []
    return sorted(
        User.objects.filter(
            is_active=True,
            organisation_id=item.owner_organisation_id,
            partnerships=item.meeting.partnership_id,
            role__in=[Role.MANAGER, Role.COORDINATOR],
        ).values_list("email", flat=True)
    )


@transaction.atomic
def agenda_publish(*, by: Any, meeting: Meeting, version: int) -> int:
    """Publish the agenda and ask each item's owner for an update (emails queued after commit).
    Returns how many emails were queued."""
    from ..tasks import tasking_update_request

    require_manager(by, meeting)
    _require_status(meeting, MeetingStatus.PLANNED, doing="published")
    if meeting.generated_at is None:
        raise ApplicationError("Generate the agenda before publishing it.")
    now = timezone.now()
    _bump(meeting, version, status=MeetingStatus.PUBLISHED, published_at=now)
    asked = []
    for item in meeting.items.select_related("owner_officer", "meeting"):
        emails = update_recipients(item)
        if emails:
            asked.append(item.id)
            if meeting.synthetic:  # the demo's meetings email nobody
                continue
            for email in emails:
                transaction.on_commit(partial(tasking_update_request, item.id, email))
    AgendaItem.objects.filter(id__in=asked).update(update_requested_at=now)
    audit_record(
        by=by, action=Action.CHANGED, obj=meeting, changes={"published": True, "updates_asked": len(asked)}
    )
    return len(asked)


@transaction.atomic
def item_update_write(*, by: Any, item: AgendaItem, text: str) -> ItemUpdate:
    if not policy.can_update(by, item):
        raise NotPermitted("Only the item's owner, or a coordinator, writes its update.")
    if item.meeting.status == MeetingStatus.HELD:
        raise ApplicationError("The meeting has been held: its items take no more updates.")
    if not text.strip():
        raise ApplicationError("Enter your update", field="text")
    update = ItemUpdate.objects.create(item=item, text=text.strip(), author=by, organisation=by.organisation)
    audit_record(by=by, action=Action.CHANGED, obj=item.meeting, changes={"update_on_item": item.id})
    return update


def _in_meeting(by: Any, meeting: Meeting) -> None:
    require_manager(by, meeting)
    if meeting.status == MeetingStatus.PLANNED:
        raise ApplicationError("Publish the agenda before recording the meeting.")


@transaction.atomic
def attendance_record(
    *, by: Any, meeting: Meeting, organisation: Organisation, status: str, person: User | None = None
) -> Attendance:
    """Present or apologies, for a partner (and one of its people). Recording again corrects it."""
    _in_meeting(by, meeting)
    if status not in AttendanceStatus.values:
        raise ApplicationError("Choose present or apologies", field="status")
    if not selectors.group_organisations(group=meeting.group).filter(id=organisation.id).exists():
        raise ApplicationError(
            f"{organisation.name} is not a member of {meeting.group.name}.", field="organisation"
        )
    if person is not None and person.organisation_id != organisation.id:
        raise ApplicationError(f"{person.full_name} does not work for {organisation.name}.", field="person")
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        organisation=organisation,
        person=person,
        defaults={"status": status, "recorded_by": by, "recorded_at": timezone.now()},
    )
    audit_record(
        by=by, action=Action.CHANGED, obj=meeting, changes={"attendance": organisation.name, "status": status}
    )
    return attendance


@transaction.atomic
def minutes_save(*, by: Any, item: AgendaItem, minutes: str) -> AgendaItem:
    _in_meeting(by, item.meeting)
    AgendaItem.objects.filter(pk=item.pk).update(minutes=minutes.strip())
    item.minutes = minutes.strip()
    audit_record(by=by, action=Action.CHANGED, obj=item.meeting, changes={"minutes_on_item": item.id})
    return item


@transaction.atomic
def meeting_hold(*, by: Any, meeting: Meeting) -> Meeting:
    """Mark the meeting held: its minutes stand, and the next agenda covers what happens after it."""
    _in_meeting(by, meeting)
    if meeting.status == MeetingStatus.HELD:
        raise ApplicationError("The meeting is already marked as held.")
    if not meeting.attendance.filter(status=AttendanceStatus.PRESENT).exists():
        raise ApplicationError("Record who attended before marking the meeting as held.")
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.HELD, held_at=timezone.now(), version=F("version") + 1
    )
    meeting.refresh_from_db()
    audit_record(by=by, action=Action.CHANGED, obj=meeting, changes={"held": True})
    return meeting


@transaction.atomic
def agenda_view(*, by: Any, meeting: Meeting, export: bool = False) -> list[selectors.AgendaRow]:
    """The agenda as `by` may read it, recorded with the cases it showed (in full or locked)."""
    agenda = selectors.agenda_for(user=by, meeting=meeting)
    audit_record(
        by=by,
        action=Action.EXPORTED if export else Action.VIEWED,
        obj=meeting,
        changes={"page": "agenda pack" if export else "agenda", "cases": selectors.cases_shown(agenda)},
    )
    return agenda
