"""Who may see and do what with problem profiles and patrols. Selectors and services ask here.

The rules, in the partnership's words:
- Every member of staff who works in a partnership sees its problem profiles and patrols.
- The owner (the owning partner's staff, and the owning officer) and the partnership's coordinators
  change a profile: its analysis, responses, assessment and stage.
- Anyone in the partnership may plan a patrol; the partners taking part, its planner and the
  coordinators log it and raise what it found.
"""

from __future__ import annotations

from typing import Any

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Role

from .models import Patrol, ProblemProfile

COORDINATING_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}


def works_in(user: Any, partnership_id: int) -> bool:
    return (
        partner_policy.is_staff_member(user)
        and partner_policy.partnership_ids_for(user).filter(id=partnership_id).exists()
    )


def coordinates(user: Any, partnership_id: int) -> bool:
    return works_in(user, partnership_id) and (user.is_superuser or user.role in COORDINATING_ROLES)


def can_start(user: Any) -> bool:
    """Starting a profile makes the starter's organisation its owner, so they must belong to one."""
    return partner_policy.is_staff_member(user) and user.organisation_id is not None


def can_edit(user: Any, profile: ProblemProfile) -> bool:
    if not works_in(user, profile.partnership_id):
        return False
    return (
        coordinates(user, profile.partnership_id)
        or user.organisation_id == profile.owner_partner_id
        or user.id == profile.owner_officer_id
    )


def can_log(user: Any, patrol: Patrol, organisation_ids: set[int]) -> bool:
    """`organisation_ids`: the partners taking part (passed in, so a list page asks no query per row)."""
    if not works_in(user, patrol.partnership_id):
        return False
    return (
        coordinates(user, patrol.partnership_id)
        or user.id == patrol.created_by_id
        or user.organisation_id in organisation_ids
    )
