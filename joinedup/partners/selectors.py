"""Reads for partnerships, partners, people, governance groups and sharing agreements.

Every selector takes the acting user and returns only what their partnerships may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from joinedup.core.errors import NotFound, NotPermitted

from . import policy
from .models import (
    AgreementStatus,
    GovernanceGroup,
    Membership,
    Organisation,
    Partnership,
    SharingAgreement,
    User,
)


def partnership_list(*, user: Any) -> QuerySet[Partnership]:
    return Partnership.objects.filter(id__in=policy.partnership_ids_for(user))


def partnership_get(*, user: Any, slug: str) -> Partnership:
    partnership = partnership_list(user=user).filter(slug=slug).first()
    if partnership is None:
        raise NotFound("There is no partnership at this address.")
    return partnership


def organisation_list(
    *, partnership: Partnership | None = None, kind: str | None = None
) -> QuerySet[Organisation]:
    """The public partner directory: who belongs to which partnership is published information."""
    organisations = Organisation.objects.all()
    memberships = Membership.objects.select_related("partnership")
    if partnership is not None:
        organisations = organisations.filter(memberships__partnership=partnership)
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.distinct().prefetch_related(Prefetch("memberships", queryset=memberships), "teams")


def organisation_get(*, organisation_id: int) -> Organisation:
    organisation = organisation_list().filter(id=organisation_id).first()
    if organisation is None:
        raise NotFound("There is no partner at this address.")
    return organisation


def partnership_directory() -> QuerySet[Partnership]:
    """Every partnership, for the public directory's filter."""
    return Partnership.objects.all()


def people_list(*, user: Any, organisation: Organisation) -> QuerySet[User]:
    """Staff of a partner who work in at least one of the viewer's partnerships."""
    if not policy.can_see_people(user):
        raise NotPermitted("Sign in to see the people who work for partners.")
    return (
        User.objects.filter(
            organisation=organisation, is_active=True, partnerships__in=policy.partnership_ids_for(user)
        )
        .select_related("team")
        .distinct()
    )


@dataclass
class GroupNode:
    group: GovernanceGroup
    children: list[GroupNode] = field(default_factory=list)


def group_list(*, user: Any) -> QuerySet[GovernanceGroup]:
    return GovernanceGroup.objects.filter(
        Q(partnership__isnull=True) | Q(partnership_id__in=policy.partnership_ids_for(user))
    ).select_related("partnership", "chair")


def governance_tree(*, user: Any) -> list[GroupNode]:
    """The groups the user may see, as trees: roots are groups whose parent they cannot see or have none."""
    if not policy.is_staff_member(user):
        return []
    groups = list(group_list(user=user).prefetch_related("members"))
    nodes = {g.id: GroupNode(g) for g in groups}
    roots: list[GroupNode] = []
    for group in groups:
        parent = nodes.get(group.parent_id) if group.parent_id else None
        (parent.children if parent else roots).append(nodes[group.id])
    # Shared bodies with nothing visible beneath them say nothing to this user.
    return [r for r in roots if r.group.partnership_id is not None or r.children]


def group_get(*, user: Any, group_id: int) -> GovernanceGroup:
    group = (
        group_list(user=user).filter(id=group_id).select_related("parent").prefetch_related("members").first()
    )
    if group is None:
        raise NotFound("There is no group at this address, or it is not in your partnerships.")
    return group


def group_children(*, user: Any, group: GovernanceGroup) -> QuerySet[GovernanceGroup]:
    """The groups reporting to `group` that the user may see (a shared board has others' groups too)."""
    return group_list(user=user).filter(parent=group)


@dataclass
class AgreementRow:
    agreement: SharingAgreement
    status: AgreementStatus

    @property
    def needs_attention(self) -> bool:
        return self.status in (AgreementStatus.REVIEW_OVERDUE, AgreementStatus.ENDED)


def agreement_list(
    *, user: Any, today: dt.date, partnership: Partnership | None = None
) -> list[AgreementRow]:
    agreements = SharingAgreement.objects.visible_to(user).select_related("partnership")
    if partnership is not None:
        agreements = agreements.filter(partnership=partnership)
    agreements = agreements.prefetch_related("signatories", "data_classes").order_by(
        "partnership__name", "reference"
    )
    return [AgreementRow(a, a.status_on(today)) for a in agreements]


def agreement_get(*, user: Any, agreement_id: int) -> SharingAgreement:
    agreement = (
        SharingAgreement.objects.visible_to(user)
        .select_related("partnership")
        .prefetch_related("signatories", "data_classes")
        .filter(id=agreement_id)
        .first()
    )
    if agreement is None:
        raise NotFound("There is no agreement at this address, or it is not in your partnerships.")
    return agreement
