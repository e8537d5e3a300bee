"""Who may see and do what with ASB Case Review applications. Selectors and services ask here.

- Every application is passed on to all the relevant bodies (2014 Act s.104, REFERENCE.md §1.1): staff
  of the partnership's member organisations who do casework may read it.
- The single point of contact records applications and each step: the partnership's coordinators and
  administrators.
- The four published figures (§1.4) hold no personal data: any member of staff may read them, and the
  public page shows them to everyone.
"""

from __future__ import annotations

from typing import Any

from joinedup.cases import policy as case_policy
from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Role

MANAGING_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}

READ_DENIED = "ASB Case Review applications are for partner officers, managers and coordinators."
MANAGE_DENIED = "Only the partnership's single point of contact (a coordinator) records Case Review steps."


def can_read(user: Any) -> bool:
    return case_policy.does_casework(user)


def can_manage(user: Any) -> bool:
    return partner_policy.is_staff_member(user) and (user.is_superuser or user.role in MANAGING_ROLES)


def can_read_figures(user: Any) -> bool:
    return partner_policy.is_staff_member(user)


def can_update_recommendation(user: Any, recommendation: Any) -> bool:
    """The single point of contact, or the organisation the recommendation was made to."""
    return can_manage(user) or (
        can_read(user) and getattr(user, "organisation_id", None) == recommendation.owner_id
    )
