"""Who may see and act on reports. Selectors and services ask here; templates never decide."""

from __future__ import annotations

from typing import Any

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Role

from .models import Report

COORDINATING_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}


def coordinates(user: Any) -> bool:
    """Coordinators (and administrators) triage, allocate and see every report of their partnerships."""
    return partner_policy.is_staff_member(user) and (user.is_superuser or user.role in COORDINATING_ROLES)


def works_in(user: Any, partnership_id: int) -> bool:
    return partner_policy.partnership_ids_for(user).filter(id=partnership_id).exists()


def is_involved(user: Any, report: Report) -> bool:
    """The user's organisation leads or supports the report."""
    org_id = getattr(user, "organisation_id", None)
    if org_id is None:
        return False
    if report.lead_partner_id == org_id:
        return True
    return report.supporting_partners.filter(id=org_id).exists()


def can_work_on(user: Any, report: Report) -> bool:
    if not works_in(user, report.partnership_id):
        return False
    return coordinates(user) or is_involved(user, report)


def can_see_reporter(user: Any, report: Report) -> bool:
    """The reporter's name and contact details: for those dealing with the report, nobody else."""
    return can_work_on(user, report)
