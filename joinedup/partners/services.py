"""Writes for partnerships, partners, people, governance groups and sharing agreements.

Each service takes the actor as `by`, checks the partnership rules and writes the audit event in
the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record, changes_between
from joinedup.core.errors import ApplicationError, NotPermitted

from .models import (
    DataClass,
    GovernanceGroup,
    Membership,
    Organisation,
    Partnership,
    Role,
    SharingAgreement,
    Team,
    User,
)


@transaction.atomic
def partnership_create(
    *, by: Any, name: str, slug: str, short_name: str = "", description: str = ""
) -> Partnership:
    partnership = Partnership.objects.create(
        name=name, slug=slug, short_name=short_name, description=description
    )
    audit_record(by=by, action=Action.CREATED, obj=partnership, partnership=partnership)
    return partnership


@transaction.atomic
def organisation_create(
    *,
    by: Any,
    name: str,
    kind: str,
    partnerships: Iterable[Partnership] = (),
    short_name: str = "",
    description: str = "",
    website: str = "",
) -> Organisation:
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ApplicationError(f"There is already a partner called {name}.", field="name")
    organisation = Organisation.objects.create(
        name=name, kind=kind, short_name=short_name, description=description, website=website
    )
    audit_record(by=by, action=Action.CREATED, obj=organisation)
    for partnership in partnerships:
        membership_add(by=by, partnership=partnership, organisation=organisation)
    return organisation


@transaction.atomic
def membership_add(
    *, by: Any, partnership: Partnership, organisation: Organisation, joined_on: dt.date | None = None
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        partnership=partnership, organisation=organisation, defaults={"joined_on": joined_on}
    )
    if created:
        audit_record(
            by=by,
            action=Action.CHANGED,
            obj=organisation,
            partnership=partnership,
            changes={"joined": partnership.name},
        )
    return membership


@transaction.atomic
def team_create(*, by: Any, organisation: Organisation, name: str) -> Team:
    team, _ = Team.objects.get_or_create(organisation=organisation, name=name)
    return team


@transaction.atomic
def user_create(
    *,
    by: Any,
    email: str,
    full_name: str,
    organisation: Organisation,
    role: str = Role.OFFICER,
    team: Team | None = None,
    partnerships: Iterable[Partnership] | None = None,
    job_title: str = "",
    password: str | None = None,
) -> User:
    """Add a member of staff. They work in the given partnerships, or all their organisation's."""
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ApplicationError(f"There is already an account for {email}.", field="email")
    if team is not None and team.organisation_id != organisation.id:
        raise ApplicationError(f"{team.name} is not a team of {organisation.name}.", field="team")
    member_of = set(organisation.partnerships.all())
    chosen = set(partnerships) if partnerships is not None else member_of
    outside = chosen - member_of
    if outside:
        names = ", ".join(sorted(p.name for p in outside))
        raise ApplicationError(f"{organisation.name} is not a member of {names}.", field="partnerships")
    user = User.objects.create_user(
        email,
        password,
        full_name=full_name,
        organisation=organisation,
        role=role,
        team=team,
        job_title=job_title,
    )
    user.partnerships.set(chosen)
    audit_record(
        by=by, action=Action.CREATED, obj=user, changes={"role": role, "organisation": organisation.name}
    )
    return user


def user_record_sign_in(*, by: User) -> None:
    audit_record(by=by, action=Action.SIGNED_IN, obj=by)


def user_record_sign_out(*, by: User) -> None:
    audit_record(by=by, action=Action.SIGNED_OUT, obj=by)


def user_record_failed_sign_in(*, email: str) -> None:
    # The address typed is kept (truncated) so repeated attempts on one account can be spotted.
    audit_record(
        by=None,
        action=Action.SIGN_IN_FAILED,
        changes={"email": email[:120]},
        label="Unknown (failed sign-in)",
    )


def _check_no_cycle(group: GovernanceGroup, parent: GovernanceGroup | None) -> None:
    seen = set()
    while parent is not None:
        if parent.pk == group.pk or parent.pk in seen:
            raise ApplicationError("A group cannot report to itself or to a group below it.", field="parent")
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def group_create(
    *,
    by: Any,
    partnership: Partnership | None,
    name: str,
    kind: str,
    parent: GovernanceGroup | None = None,
    purpose: str = "",
    meets: str = "",
    chair: Organisation | None = None,
    members: Iterable[Organisation] = (),
) -> GovernanceGroup:
    """Add a group to the governance tree. It reports to a group of its own partnership or a shared body."""
    if parent is not None and parent.partnership_id not in (None, getattr(partnership, "id", None)):
        raise ApplicationError(
            f"{name} cannot report to {parent.name}, which belongs to another partnership.", field="parent"
        )
    members = list(members)
    if partnership is not None:
        member_ids = set(partnership.memberships.values_list("organisation_id", flat=True))
        strangers = [m.name for m in members if m.id not in member_ids]
        if strangers:
            raise ApplicationError(
                f"Not members of {partnership.name}: {', '.join(strangers)}.", field="members"
            )
    group = GovernanceGroup(
        partnership=partnership,
        name=name,
        kind=kind,
        parent=parent,
        purpose=purpose,
        meets=meets,
        chair=chair,
    )
    _check_no_cycle(group, parent)
    group.save()
    group.members.set(members)
    audit_record(by=by, action=Action.CREATED, obj=group, partnership=partnership)
    return group


def _validate_agreement(
    *,
    partnership: Partnership,
    signatories: list[Organisation],
    data_classes: list[DataClass],
    starts_on: dt.date,
    review_due_on: dt.date,
    ends_on: dt.date | None,
) -> None:
    if len(signatories) < 2:
        raise ApplicationError("Choose at least two partners who signed the agreement.", field="signatories")
    member_ids = set(partnership.memberships.values_list("organisation_id", flat=True))
    strangers = sorted(o.name for o in signatories if o.id not in member_ids)
    if strangers:
        raise ApplicationError(
            f"Only members of {partnership.name} can sign its agreements: {', '.join(strangers)} is not.",
            field="signatories",
        )
    if not data_classes:
        raise ApplicationError("Choose the classes of data the agreement covers.", field="data_classes")
    if review_due_on <= starts_on:
        raise ApplicationError("The review date must be after the start date.", field="review_due_on")
    if ends_on is not None and ends_on < starts_on:
        raise ApplicationError("The end date must be on or after the start date.", field="ends_on")


_AGREEMENT_FIELDS = (
    "reference",
    "title",
    "purpose",
    "legal_gateway",
    "lawful_basis",
    "starts_on",
    "review_due_on",
    "ends_on",
    "retention",
)


def _snapshot(agreement: SharingAgreement) -> dict:
    values = {f: getattr(agreement, f) for f in _AGREEMENT_FIELDS}
    values = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}
    values["signatories"] = sorted(o.name for o in agreement.signatories.all()) if agreement.pk else []
    values["data_classes"] = sorted(d.name for d in agreement.data_classes.all()) if agreement.pk else []
    return values


@transaction.atomic
def agreement_save(
    *,
    by: Any,
    partnership: Partnership,
    reference: str,
    title: str,
    purpose: str,
    lawful_basis: str,
    signatories: Iterable[Organisation],
    data_classes: Iterable[DataClass],
    starts_on: dt.date,
    review_due_on: dt.date,
    ends_on: dt.date | None = None,
    retention: str = "",
    legal_gateway: str = "Crime and Disorder Act 1998, section 115",
    agreement: SharingAgreement | None = None,
) -> SharingAgreement:
    """Record a new information sharing agreement, or change one (`agreement=`)."""
    from . import policy

    if by is not None:  # None is the system itself: the demo loader or an operator's command
        if not policy.can_manage_agreements(by):
            raise NotPermitted("Only coordinators, managers and administrators can record agreements.")
        if not policy.partnership_ids_for(by).filter(id=partnership.id).exists():
            raise NotPermitted(f"You do not work in {partnership.name}.", field="partnership")
    signatories, data_classes = list(signatories), list(data_classes)
    _validate_agreement(
        partnership=partnership,
        signatories=signatories,
        data_classes=data_classes,
        starts_on=starts_on,
        review_due_on=review_due_on,
        ends_on=ends_on,
    )
    clash = SharingAgreement.objects.filter(partnership=partnership, reference__iexact=reference)
    if agreement is not None:
        clash = clash.exclude(pk=agreement.pk)
    existing = clash.first()
    if existing is not None:
        raise ApplicationError(
            f"{partnership.name} already has an agreement {existing.reference}.", field="reference"
        )

    before = _snapshot(agreement) if agreement is not None else {}
    agreement = agreement or SharingAgreement(partnership=partnership)
    agreement.partnership = partnership
    for field, value in {
        "reference": reference,
        "title": title,
        "purpose": purpose,
        "legal_gateway": legal_gateway,
        "lawful_basis": lawful_basis,
        "starts_on": starts_on,
        "review_due_on": review_due_on,
        "ends_on": ends_on,
        "retention": retention,
    }.items():
        setattr(agreement, field, value)
    agreement.save()
    agreement.signatories.set(signatories)
    agreement.data_classes.set(data_classes)
    after = _snapshot(agreement)
    audit_record(
        by=by,
        action=Action.CHANGED if before else Action.CREATED,
        obj=agreement,
        changes=changes_between(before, after),
    )
    return agreement
