"""The multi-agency tactical group list: putting a person or a problem location on it with a risk
management plan, changing the plan, and taking it off with a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record, changes_between
from joinedup.core.errors import ApplicationError
from joinedup.partners.models import Organisation

from .. import selectors
from ..models import Case, EventKind, Person, TacticalListEntry, TacticalStatus, TacticalSubject
from ..tactical_selectors import TacticalRow, tactical_list
from .cases import StaleEdit, event_add, require_open


def _plan(
    *, case: Case, plan: str, plan_owner: Organisation | None, review_on: dt.date | None, today: dt.date
) -> str:
    if not plan.strip():
        raise ApplicationError("Describe the risk management plan", field="plan")
    if (
        plan_owner is None
        or not selectors.case_partner_organisations(case=case).filter(id=plan_owner.id).exists()
    ):
        raise ApplicationError(
            "Choose a partner that can see the case to own the plan. Share the case with them first.",
            field="plan_owner",
        )
    if review_on is None or review_on < today:
        raise ApplicationError("The review date must be today or in the future", field="review_on")
    return plan.strip()


def _what(entry: TacticalListEntry) -> str:
    return entry.person.full_name if entry.person else f"the location {entry.location}".rstrip()


@transaction.atomic
def tactical_entry_add(
    *,
    by: Any,
    case: Case,
    subject: str,
    plan: str,
    plan_owner: Organisation | None,
    review_on: dt.date | None,
    person: Person | None = None,
    location: str = "",
    today: dt.date | None = None,
) -> TacticalListEntry:
    """Put a person in the case, or the place the case is about, on the partnership's tactical list."""
    require_open(by, case)
    today = today or timezone.localdate()
    if subject == TacticalSubject.PERSON:
        if person is None or not case.people.filter(person=person).exists():
            raise ApplicationError("Choose a person in this case", field="person")
        location = ""
    elif subject == TacticalSubject.LOCATION:
        person = None
        location = location.strip() or ", ".join(v for v in (case.address, case.postcode) if v)
        if not location:
            raise ApplicationError("Describe the location: the case has no address", field="location")
    else:
        raise ApplicationError("Choose a person or the problem location", field="subject")
    text = _plan(case=case, plan=plan, plan_owner=plan_owner, review_on=review_on, today=today)
    assert plan_owner is not None and review_on is not None  # checked by _plan
    try:
        with transaction.atomic():
            entry = TacticalListEntry.objects.create(
                partnership=case.partnership,
                case=case,
                subject=subject,
                person=person,
                location=location[:300],
                plan=text,
                plan_owner=plan_owner,
                review_on=review_on,
                added_by=by,
            )
    except IntegrityError:
        raise ApplicationError(
            "They are already on the tactical list for this case"
            if person
            else "This case's location is already on the tactical list",
            field="person" if person else "subject",
        ) from None
    event_add(
        case,
        by=by,
        kind=EventKind.CHANGED,
        text=f"Added to the tactical group list: {_what(entry)}. Plan owned by {plan_owner.name}, "
        f"review by {review_on:%-d %B %Y}",
    )
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=entry,
        changes={
            "case": case.reference,
            "subject": subject,
            "plan_owner": plan_owner.name,
            "review_on": review_on.isoformat(),
        },
    )
    return entry


def _current(by: Any, entry: TacticalListEntry, version: int) -> TacticalListEntry:
    require_open(by, entry.case)
    current = (
        TacticalListEntry.objects.select_for_update(of=("self",))
        .select_related("person", "plan_owner")
        .get(pk=entry.pk)
    )
    if current.version != version:
        raise StaleEdit(
            "This entry was changed by someone else after you opened it. Your changes have not been saved: "
            "check the entry as it is now, then make your changes again."
        )
    if not current.is_active:
        raise ApplicationError("This entry has been taken off the tactical list.")
    current.case = entry.case
    return current


@transaction.atomic
def tactical_entry_update(
    *,
    by: Any,
    entry: TacticalListEntry,
    version: int,
    plan: str,
    plan_owner: Organisation | None,
    review_on: dt.date | None,
    today: dt.date | None = None,
) -> TacticalListEntry:
    """Change the plan, its owner or the review date, if nobody has saved the entry since `version`."""
    current = _current(by, entry, version)
    today = today or timezone.localdate()
    text = _plan(case=current.case, plan=plan, plan_owner=plan_owner, review_on=review_on, today=today)
    before = {"plan": current.plan, "plan_owner": current.plan_owner.name, "review_on": current.review_on}
    after = {"plan": text, "plan_owner": plan_owner.name if plan_owner else "", "review_on": review_on}
    changed = changes_between(before, after)
    if not changed:
        return current
    # The plan is free text that may name people: the trail records only that it changed.
    return _save(
        by,
        current,
        {"plan": text, "plan_owner": plan_owner, "review_on": review_on},
        event=lambda e: f"Tactical group list: the plan for {_what(e)} changed",
        changes={k: ("changed" if k == "plan" else [str(v[0]), str(v[1])]) for k, v in changed.items()},
    )


@transaction.atomic
def tactical_entry_remove(
    *, by: Any, entry: TacticalListEntry, version: int, reason: str
) -> TacticalListEntry:
    """Take an entry off the list. The row stays, with the reason, for the group's records."""
    current = _current(by, entry, version)
    if not reason.strip():
        raise ApplicationError("Say why it is coming off the list", field="reason")
    values = {
        "status": TacticalStatus.REMOVED,
        "removed_reason": reason.strip(),
        "removed_by": by,
        "removed_at": timezone.now(),
    }
    return _save(
        by,
        current,
        values,
        event=lambda e: f"Taken off the tactical group list: {_what(e)}. {e.removed_reason}",
        changes={"status": ["active", "removed"]},
    )


def _save(
    by: Any, current: TacticalListEntry, values: dict[str, Any], *, event: Any, changes: dict[str, Any]
) -> TacticalListEntry:
    """Write a change with a new version, then its timeline entry and audit event."""
    TacticalListEntry.objects.filter(pk=current.pk).update(
        **values, updated_at=timezone.now(), version=F("version") + 1
    )
    current.refresh_from_db()
    event_add(current.case, by=by, kind=EventKind.CHANGED, text=event(current))
    audit_record(by=by, action=Action.CHANGED, obj=current, changes=changes)
    return current


@transaction.atomic
def tactical_list_view(*, by: Any, partnership: Any, today: dt.date | None = None) -> list[TacticalRow]:
    """The tactical list as the user may see it, recorded as viewed with the entries shown in full."""
    rows = tactical_list(partnership, user=by, today=today)
    audit_record(
        by=by,
        action=Action.VIEWED,
        partnership=partnership,
        changes={
            "page": "tactical group list",
            "entries_shown": [r.entry.id for r in rows if r.open],
            "entries_locked": [r.entry.id for r in rows if not r.open],
        },
    )
    return rows
