"""Actions agreed at a meeting, and their progress until closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Organisation, User

from .. import policy
from ..models import ActionStatus, ActionUpdate, AgendaItem, Meeting, TaskingAction
from .meetings import _in_meeting


@transaction.atomic
def action_add(
    *,
    by: Any,
    meeting: Meeting,
    title: str,
    owner_organisation: Organisation | None,
    due_on: dt.date | None,
    owner_officer: User | None = None,
    item: AgendaItem | None = None,
) -> TaskingAction:
    """A decision becomes an action: an owner partner and a due date are required, an officer optional."""
    _in_meeting(by, meeting)
    if not title.strip():
        raise ApplicationError("Say what the action is", field="title")
    if owner_organisation is None:
        raise ApplicationError("Choose the partner who owns the action", field="owner_organisation")
    if due_on is None:
        raise ApplicationError("Enter the date the action is due", field="due_on")
    if owner_officer is not None and owner_officer.organisation_id != owner_organisation.id:
        raise ApplicationError(
            f"{owner_officer.full_name} does not work for {owner_organisation.name}.", field="owner_officer"
        )
    if item is not None and item.meeting_id != meeting.id:
        raise ApplicationError("That item is on another meeting's agenda.")
    action = TaskingAction.objects.create(
        partnership_id=meeting.partnership_id,
        group_id=meeting.group_id,
        meeting=meeting,
        item=item,
        title=title.strip()[:300],
        owner_organisation=owner_organisation,
        owner_officer=owner_officer,
        due_on=due_on,
        created_by=by,
    )
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=action,
        changes={"owner": owner_organisation.name, "due_on": due_on.isoformat()},
    )
    return action


def can_update_action(user: Any, action: TaskingAction) -> bool:
    """The owner partner's staff or a coordinator write an action's progress."""
    return policy.can_manage(user, action.group) or (
        policy.works_in(user, action.partnership_id) and user.organisation_id == action.owner_organisation_id
    )


@transaction.atomic
def action_update(
    *, by: Any, action: TaskingAction, text: str, close: bool = False, meeting: Meeting | None = None
) -> ActionUpdate:
    if not can_update_action(by, action):
        raise NotPermitted("Only the action's owner partner, or a coordinator, updates it.")
    current = TaskingAction.objects.select_for_update().get(pk=action.pk)
    if current.status == ActionStatus.CLOSED:
        raise ApplicationError("This action is already closed.")
    if not text.strip():
        raise ApplicationError("Say what has been done" if close else "Enter the update", field="text")
    update = ActionUpdate.objects.create(
        action=current, meeting=meeting, text=text.strip(), closed=close, author=by
    )
    if close:
        TaskingAction.objects.filter(pk=current.pk).update(
            status=ActionStatus.CLOSED, closed_at=timezone.now()
        )
    audit_record(by=by, action=Action.CHANGED, obj=current, changes={"update": update.id, "closed": close})
    return update
