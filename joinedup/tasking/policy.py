"""Who may see and do what in tasking. Selectors and services ask here; templates never decide.

The rules, in the partnership's words:
- A group's meetings are for the staff of its member organisations and the people it names, in the
  group's partnership.
- Coordinators (and administrators) of the partnership manage groups and meetings: schedule,
  generate and edit agendas, publish, record attendance, minutes and actions.
- The owner of an agenda item (their organisation or they themselves) writes its update, even when
  their organisation is not a member of the group.
- What an agenda says about a case follows the cases rules for whoever reads it (see `selectors`).
"""

from __future__ import annotations

from typing import Any

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Role

from .models import AgendaItem, TaskingGroup

MANAGING_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}

DENIED = "Tasking meetings are for the members of the group and the partnership's coordinators."


def works_in(user: Any, partnership_id: int) -> bool:
    return (
        partner_policy.is_staff_member(user)
        and partner_policy.partnership_ids_for(user).filter(id=partnership_id).exists()
    )


def coordinates(user: Any) -> bool:
    return partner_policy.is_staff_member(user) and (user.is_superuser or user.role in MANAGING_ROLES)


def can_manage(user: Any, group: TaskingGroup) -> bool:
    return coordinates(user) and works_in(user, group.partnership_id)


def is_member(user: Any, group: TaskingGroup) -> bool:
    if not works_in(user, group.partnership_id):
        return False
    return (
        group.governance_group.members.filter(id=user.organisation_id).exists()
        or group.people.filter(id=user.id).exists()
    )


def can_see(user: Any, group: TaskingGroup) -> bool:
    return can_manage(user, group) or is_member(user, group)


def can_update(user: Any, item: AgendaItem) -> bool:
    """The item's owner organisation or officer, or a coordinator of the group's partnership."""
    group = item.meeting.group
    if can_manage(user, group):
        return True
    if not works_in(user, group.partnership_id):
        return False
    return user.id == item.owner_officer_id or (
        item.owner_organisation_id is not None and user.organisation_id == item.owner_organisation_id
    )
