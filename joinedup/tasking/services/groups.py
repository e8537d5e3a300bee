"""Setting up a tasking group on a group of the governance tree, and scheduling its meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import GovernanceGroup, User

from .. import agenda_sources, policy
from ..models import CycleUnit, Meeting, TaskingGroup


class StaleEdit(ApplicationError):
    """Someone saved the record after the editor opened it: refused, never silently overwritten."""


def _check(
    *,
    by: Any,
    partnership_id: int,
    terms_of_reference: str,
    cycle_every: int,
    cycle_unit: str,
    sources: list[str],
) -> None:
    if by is not None and not (policy.coordinates(by) and policy.works_in(by, partnership_id)):
        raise NotPermitted("Only the partnership's coordinators set up tasking groups.")
    if not terms_of_reference.strip():
        raise ApplicationError("Enter the terms of reference", field="terms_of_reference")
    if not 1 <= cycle_every <= 52 or cycle_unit not in CycleUnit.values:
        raise ApplicationError("Say how often the group meets, from every 1 to every 52", field="cycle_every")
    unknown = set(sources) - set(agenda_sources.SOURCE_BY_CODE)
    if unknown:
        raise ApplicationError(
            f"There is no agenda source {', '.join(sorted(unknown))}", field="agenda_sources"
        )


@transaction.atomic
def group_create(
    *,
    by: Any,
    governance_group: GovernanceGroup,
    terms_of_reference: str,
    cycle_every: int,
    cycle_unit: str,
    people: list[User] | None = None,
    agenda_sources: list[str] | None = None,
) -> TaskingGroup:
    """Make a group of the governance tree a tasking group (a group of one partnership)."""
    if governance_group.partnership_id is None:
        raise ApplicationError(
            f"{governance_group.name} sits above several partnerships; tasking groups belong to one.",
            field="governance_group",
        )
    sources = list(agenda_sources or [])
    _check(
        by=by,
        partnership_id=governance_group.partnership_id,
        terms_of_reference=terms_of_reference,
        cycle_every=cycle_every,
        cycle_unit=cycle_unit,
        sources=sources,
    )
    if TaskingGroup.objects.filter(governance_group=governance_group).exists():
        raise ApplicationError(
            f"{governance_group.name} is already a tasking group.", field="governance_group"
        )
    group = TaskingGroup.objects.create(
        partnership_id=governance_group.partnership_id,
        governance_group=governance_group,
        terms_of_reference=terms_of_reference.strip(),
        cycle_every=cycle_every,
        cycle_unit=cycle_unit,
        agenda_sources=sources,
    )
    group.people.set(people or [])
    audit_record(by=by, action=Action.CREATED, obj=group, changes={"cycle": group.cycle_label})
    return group


@transaction.atomic
def group_update(
    *,
    by: Any,
    group: TaskingGroup,
    version: int,
    terms_of_reference: str,
    cycle_every: int,
    cycle_unit: str,
    people: list[User],
    agenda_sources: list[str],
) -> TaskingGroup:
    _check(
        by=by,
        partnership_id=group.partnership_id,
        terms_of_reference=terms_of_reference,
        cycle_every=cycle_every,
        cycle_unit=cycle_unit,
        sources=agenda_sources,
    )
    updated = TaskingGroup.objects.filter(pk=group.pk, version=version).update(
        terms_of_reference=terms_of_reference.strip(),
        cycle_every=cycle_every,
        cycle_unit=cycle_unit,
        agenda_sources=list(agenda_sources),
        version=F("version") + 1,
    )
    if not updated:
        raise StaleEdit(
            f"{group.name} was changed by someone else after you opened it. Your changes have not been "
            "saved: check the group as it is now, then make your changes again."
        )
    group.refresh_from_db()
    group.people.set(people)
    audit_record(by=by, action=Action.CHANGED, obj=group, changes={"cycle": group.cycle_label})
    return group


@transaction.atomic
def meeting_schedule(
    *, by: Any, group: TaskingGroup, scheduled_for: dt.datetime, location: str = "", synthetic: bool = False
) -> Meeting:
    if by is not None and not policy.can_manage(by, group):
        raise NotPermitted("Only the partnership's coordinators schedule meetings.")
    if group.meetings.filter(scheduled_for=scheduled_for).exists():
        raise ApplicationError(f"{group.name} already meets at that time.", field="scheduled_for")
    meeting = Meeting.objects.create(
        partnership_id=group.partnership_id,
        group=group,
        scheduled_for=scheduled_for,
        location=location.strip(),
        created_by=by,
        synthetic=synthetic,
    )
    audit_record(by=by, action=Action.CREATED, obj=meeting, partnership=group.partnership)
    return meeting
