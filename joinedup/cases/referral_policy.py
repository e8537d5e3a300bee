"""Who may keep the list of partner services, refer people to them and decide on referrals.

- Anyone doing casework on a case they can open may refer a person in it.
- Anyone who can open the case may withdraw a referral from it that is not finished.
- The receiving partner's caseworkers, in the referral's partnership, accept, decline and close it.
  They see the referral, never the case file (unless the case is also shared with them).
- Coordinators (and administrators) keep the services of every partner in their partnerships; a
  partner's managers keep their own organisation's.
"""

from __future__ import annotations

from typing import Any

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Role

from . import policy
from .models import PartnerService, Referral, ReferralStatus

MAINTAINS_ALL = {Role.COORDINATOR, Role.ADMINISTRATOR}


def works_in_partnership(user: Any, partnership_id: int) -> bool:
    return partner_policy.partnership_ids_for(user).filter(id=partnership_id).exists()


def can_maintain_services(user: Any) -> bool:
    """Whether the user keeps any services at all (offers the add and change links)."""
    return policy.does_casework(user) and (user.is_superuser or user.role in MAINTAINS_ALL | {Role.MANAGER})


def can_maintain(user: Any, *, partnership_id: int, organisation_id: int) -> bool:
    if not can_maintain_services(user) or not works_in_partnership(user, partnership_id):
        return False
    return user.is_superuser or user.role in MAINTAINS_ALL or user.organisation_id == organisation_id


def can_change_service(user: Any, service: PartnerService) -> bool:
    return can_maintain(user, partnership_id=service.partnership_id, organisation_id=service.organisation_id)


def receives(user: Any, referral: Referral) -> bool:
    """The user works for the partner the referral was sent to, in its partnership."""
    return (
        policy.does_casework(user)
        and user.organisation_id == referral.receiving_organisation_id
        and works_in_partnership(user, referral.partnership_id)
    )


def can_decide(user: Any, referral: Referral) -> bool:
    return referral.status == ReferralStatus.SENT and receives(user, referral)


def can_close(user: Any, referral: Referral) -> bool:
    return referral.status == ReferralStatus.ACCEPTED and receives(user, referral)


def can_withdraw(user: Any, referral: Referral, *, on_case: bool) -> bool:
    """The referrer's side (anyone doing casework who can open the case) may withdraw an open referral."""
    return referral.is_open and on_case and policy.does_casework(user)
