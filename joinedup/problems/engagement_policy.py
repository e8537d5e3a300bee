"""Who may see and do what with engagement programmes and the community asset map.

The rules, in the partnership's words:
- Partner staff who work in a partnership see all its programmes and its asset map.
- A community member (an account with the community role) sees only the programmes whose local
  delivery group they belong to, and the asset map of those programmes' partnerships; nothing else
  in the system (`partners.policy.is_staff_member` is false for them, so every other page refuses).
- The partnership's coordinators start programmes; they and the programme's lead run it: steps,
  deliverables, members and training.
- Staff of the partnership, and community members of its programmes, map assets.
- Asset contact details are shown as the contact agreed: staff always; group members only when the
  contact agreed to sharing with local delivery groups or wider. Exports carry them only when the
  contact agreed to their details going into shared lists.
- Group members' contact details are shown to the partnership's staff and to fellow members.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Partnership

from . import policy
from .models import CommunityAsset, ContactSharing, EngagementProgramme


def community_programme_ids(user: Any) -> QuerySet:
    """The programmes whose group a community member currently belongs to, as a subquery."""
    if not partner_policy.is_community_member(user):
        return EngagementProgramme.objects.none().values("id")
    return EngagementProgramme.objects.filter(members__user=user, members__left_on__isnull=True).values("id")


def programme_ids_for(user: Any) -> QuerySet:
    if partner_policy.is_community_member(user):
        return community_programme_ids(user)
    return EngagementProgramme.objects.filter(
        partnership_id__in=partner_policy.partnership_ids_for(user)
    ).values("id")


def asset_partnership_ids_for(user: Any) -> QuerySet:
    """Partnerships whose asset map the user sees."""
    if partner_policy.is_community_member(user):
        return Partnership.objects.filter(
            id__in=EngagementProgramme.objects.filter(id__in=community_programme_ids(user)).values(
                "partnership_id"
            )
        ).values("id")
    return partner_policy.partnership_ids_for(user)


def may_use_engagement(user: Any) -> bool:
    return partner_policy.is_staff_member(user) or partner_policy.is_community_member(user)


def can_start(user: Any, partnership_id: int | None = None) -> bool:
    """A coordinator (of the given partnership, or of any when none is given)."""
    if partnership_id is not None:
        return policy.coordinates(user, partnership_id)
    return partner_policy.is_staff_member(user) and (
        user.is_superuser or user.role in policy.COORDINATING_ROLES
    )


def can_run(user: Any, programme: EngagementProgramme) -> bool:
    return policy.coordinates(user, programme.partnership_id) or (
        policy.works_in(user, programme.partnership_id) and programme.lead_id == user.id
    )


def maps_assets_in(user: Any, partnership_id: int) -> bool:
    return may_use_engagement(user) and asset_partnership_ids_for(user).filter(id=partnership_id).exists()


def sees_asset_contact(user: Any, asset: CommunityAsset) -> bool:
    if not asset.has_contact:
        return False
    if policy.works_in(user, asset.partnership_id):
        return True
    return asset.consent_sharing in (ContactSharing.GROUPS, ContactSharing.PUBLISHED) and maps_assets_in(
        user, asset.partnership_id
    )


def exports_contact(asset: CommunityAsset) -> bool:
    return asset.has_contact and asset.consent_sharing == ContactSharing.PUBLISHED


def sees_member_contacts(user: Any, programme: EngagementProgramme) -> bool:
    return policy.works_in(user, programme.partnership_id) or (
        community_programme_ids(user).filter(id=programme.id).exists()
    )
