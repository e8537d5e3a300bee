"""Who may see and do what with the partnership plan, funding and the services register.

The rules, in the partnership's words:
- Everyone who works in a partnership reads its plan, funds, projects and services register; other
  partnerships' are not found, and the public sees none of it.
- The partnership's coordinators keep the plan (assessment, priorities, objectives, measures, actions),
  the funds and their decisions (allocate, defer, decline) and the list of services.
- The responsible partner's staff add dated updates to their plan actions (for an action a governance
  group owns: the staff of the group's member and chairing organisations); coordinators may too.
- Any partnership staff may enter a figure for an entered plan measure, bid for a fund on behalf of a
  member organisation and comment on a bid.
- The lead partner's staff and coordinators record a project's spend and outputs; the provider's staff
  and coordinators enter a service's figures.
"""

from __future__ import annotations

from typing import Any

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import GovernanceGroup, Role

from .models import PartnershipService, PlanAction, Project

COORDINATING_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}


def works_in(user: Any, partnership_id: int) -> bool:
    return (
        partner_policy.is_staff_member(user)
        and partner_policy.partnership_ids_for(user).filter(id=partnership_id).exists()
    )


def coordinates(user: Any, partnership_id: int) -> bool:
    return works_in(user, partnership_id) and (user.is_superuser or user.role in COORDINATING_ROLES)


def coordinates_any(user: Any) -> bool:
    """Whether to offer the coordinator's buttons (starting a plan, a fund, a service) at all."""
    return partner_policy.is_staff_member(user) and (user.is_superuser or user.role in COORDINATING_ROLES)


def _in_group(user: Any, group: GovernanceGroup) -> bool:
    return user.organisation_id is not None and (
        group.chair_id == user.organisation_id or group.members.filter(id=user.organisation_id).exists()
    )


def can_update_action(user: Any, action: PlanAction, partnership_id: int) -> bool:
    if not works_in(user, partnership_id):
        return False
    if coordinates(user, partnership_id):
        return True
    if action.responsible_organisation_id is not None:
        return user.organisation_id == action.responsible_organisation_id
    return action.responsible_group is not None and _in_group(user, action.responsible_group)


def can_report_on_project(user: Any, project: Project) -> bool:
    partnership_id = project.fund.partnership_id
    return works_in(user, partnership_id) and (
        coordinates(user, partnership_id) or user.organisation_id == project.lead_partner_id
    )


def can_enter_service_figures(user: Any, service: PartnershipService) -> bool:
    return works_in(user, service.partnership_id) and (
        coordinates(user, service.partnership_id)
        or (service.provider_id is not None and user.organisation_id == service.provider_id)
    )
