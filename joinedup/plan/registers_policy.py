"""Who may see and do what with the PSPO register, the DHR tracker and communications. Selectors and
services ask here; templates never decide.

The rules, in the partnership's words:
- Everyone who works in a partnership reads its PSPO register; its coordinators (and administrators) keep
  it. The public see the orders in force, without the register's working detail.
- A Domestic Homicide Review is seen only by the partnership's named DHR leads and the review's own panel
  members. Nobody else, whatever their role, learns that it exists. The partnership's administrators and
  its DHR leads name the leads (an administrator who names themself is recorded doing so).
- Everyone in a partnership logs campaigns and drafts press releases; a release is signed off by a named
  community safety manager, then a named chair (different people), before it is released. The
  coordinators and administrators name who signs at each step.
"""

from __future__ import annotations

from typing import Any

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Role

KEEPING_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}


def works_in(user: Any, partnership_id: int) -> bool:
    return (
        partner_policy.is_staff_member(user)
        and partner_policy.partnership_ids_for(user).filter(id=partnership_id).exists()
    )


def keeps_registers(user: Any, partnership_id: int) -> bool:
    """Coordinators and administrators keep the PSPO register and name press signatories."""
    return works_in(user, partnership_id) and (user.is_superuser or user.role in KEEPING_ROLES)


def is_dhr_lead(user: Any, partnership_id: int) -> bool:
    from .models import DhrLead

    return (
        works_in(user, partnership_id)
        and DhrLead.objects.filter(partnership_id=partnership_id, user=user).exists()
    )


def can_name_dhr_leads(user: Any, partnership_id: int) -> bool:
    return is_dhr_lead(user, partnership_id) or (
        works_in(user, partnership_id) and user.role == Role.ADMINISTRATOR
    )


def can_edit_campaign(user: Any, campaign: Any) -> bool:
    """Whoever logged a campaign, and the coordinators, change or remove it."""
    return works_in(user, campaign.partnership_id) and (
        user.id == campaign.created_by_id or keeps_registers(user, campaign.partnership_id)
    )


def campaigns_with_edit_rights(user: Any, campaigns: Any) -> list[tuple[Any, bool]]:
    """`can_edit_campaign` for a list already limited to the user's partnerships, in one query."""
    keeper = partner_policy.is_staff_member(user) and (user.is_superuser or user.role in KEEPING_ROLES)
    kept = set(partner_policy.partnership_ids_for(user).values_list("id", flat=True)) if keeper else set()
    return [(c, c.created_by_id == user.id or c.partnership_id in kept) for c in campaigns]


def can_edit_release(user: Any, release: Any) -> bool:
    return works_in(user, release.partnership_id) and (
        user.id == release.created_by_id or keeps_registers(user, release.partnership_id)
    )


def signs_off(user: Any, partnership_id: int, step: str) -> bool:
    """Named by the partnership to sign off press releases at `step`."""
    from .models import PressSignatory

    return (
        works_in(user, partnership_id)
        and PressSignatory.objects.filter(partnership_id=partnership_id, step=step, user=user).exists()
    )
