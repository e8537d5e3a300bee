"""Repeat and vulnerable victims: looking at the list (audited), setting the partnership's rule,
dismissing a suggestion with a reason, and opening a case from one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record, changes_between
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Partnership

from .. import repeat_selectors as repeats
from ..models import Case, EventKind, PersonRole, RepeatDismissal, RepeatVictimRule
from . import cases, people
from .cases import StaleEdit, event_add

RULE_LIMITS = {
    "incidents": (2, 50, "The number of incidents"),
    "window_days": (7, 1095, "The number of days"),
    "same_place_metres": (1, 100, "The distance"),
}


def _record_view(
    *, by: Any, partnership: Partnership, page: str, rows: list[repeats.RepeatVictim], **extra: Any
) -> None:
    """Record a disclosure: which records were shown identified, never who they are."""
    identified = [r for r in rows if r.identified]
    audit_record(
        by=by,
        action=Action.VIEWED,
        partnership=partnership,
        changes={
            "page": page,
            **extra,
            "rows": len(rows),
            "identified": len(identified),
            "people_shown": sorted({str(r.person) for r in identified if r.person is not None}),
            "reports_shown": sorted({i.reference for r in identified for i in r.incidents if i.identified}),
        },
    )


@transaction.atomic
def repeat_victims_view(
    *, by: Any, partnership: Partnership, show: str = "current", now: dt.datetime | None = None
) -> repeats.RepeatVictimList:
    found = repeats.repeat_victims(user=by, partnership=partnership, show=show, now=now)
    _record_view(by=by, partnership=partnership, page="repeat victims", rows=found.rows, show=show)
    return found


@transaction.atomic
def repeat_rule_set(
    *,
    by: Any,
    partnership: Partnership,
    version: int,
    incidents: int,
    window_days: int,
    same_place_metres: int,
) -> RepeatVictimRule:
    """Change the partnership's repeat-victim rule (REFERENCE.md §7.1: a local definition)."""
    if not repeats.can_set_rule(by, partnership):
        raise NotPermitted(f"Only a coordinator of {partnership.name} can change the repeat-victim rule.")
    values = {"incidents": incidents, "window_days": window_days, "same_place_metres": same_place_metres}
    for name, value in values.items():
        low, high, label = RULE_LIMITS[name]
        if value is None or not low <= value <= high:
            raise ApplicationError(f"{label} must be between {low} and {high}", field=name)
    rule, created = RepeatVictimRule.objects.select_for_update().get_or_create(partnership=partnership)
    current = 0 if created else rule.version
    if version != current:
        raise StaleEdit(
            f"The rule was changed by someone else after you opened it, to {rule}. "
            "Your change has not been saved: check the rule as it is now, then change it again."
        )
    before = {name: getattr(rule, name) for name in values}
    RepeatVictimRule.objects.filter(pk=rule.pk).update(
        **values, updated_by=by, updated_at=timezone.now(), version=F("version") + (0 if created else 1)
    )
    rule.refresh_from_db()
    audit_record(
        by=by,
        action=Action.CREATED if created else Action.CHANGED,
        obj=rule,
        changes=changes_between({} if created else before, values),
    )
    return rule


@transaction.atomic
def repeat_dismiss(
    *, by: Any, partnership: Partnership, token: str, reason: str, now: dt.datetime | None = None
) -> RepeatDismissal:
    """Stop suggesting a case for this person or place until a newer incident arrives."""
    row = repeats.repeat_victim_get(user=by, partnership=partnership, token=token, now=now)
    if not row.identified:
        raise NotPermitted("Only a partner who deals with these incidents can dismiss the suggestion.")
    if row.dismissal is not None:
        raise ApplicationError("This suggestion has already been dismissed.")
    if row.covered_by or not row.repeat:
        raise ApplicationError("There is no suggestion to dismiss: an open case already covers it.")
    if not reason.strip():
        raise ApplicationError("Say why no case is needed", field="reason")
    latest = row.latest
    assert latest is not None  # a repeat has incidents
    dismissal = RepeatDismissal.objects.create(
        partnership=partnership,
        keys=repeats.row_key_hashes(row),
        incidents_up_to=latest,
        incident_count=len(row.incidents),
        reason=reason.strip(),
        dismissed_by=by,
    )
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=dismissal,
        changes={"dismissed": row.dimension, "incidents": [i.reference for i in row.incidents if i.open]},
    )
    return dismissal


def repeat_case_prefill(*, row: repeats.RepeatVictim, rule: RepeatVictimRule) -> dict[str, Any]:
    """What a new case for this row starts with: the officer checks and changes it before opening."""
    first, last = row.incidents[-1].at, row.incidents[0].at
    listed = "; ".join(
        f"{i.reference} {i.what} ({timezone.localtime(i.at):%-d %b %Y})"
        for i in reversed(row.incidents)
        if i.open
    )
    who = "at the same place" if row.dimension == repeats.PLACE else "to the same person"
    summary = (
        f"Repeat victim: {len(row.incidents)} incidents {who} between {timezone.localtime(first):%-d %B %Y} "
        f"and {timezone.localtime(last):%-d %B %Y} (the partnership's rule is {rule}). {listed}."
    )
    values: dict[str, Any] = {
        "kind": "problem-location" if row.dimension == repeats.PLACE and not row.postcode else "personal-asb",
        "summary": summary,
        "address": row.place,
        "postcode": row.postcode,
    }
    if row.point is not None:
        values["longitude"], values["latitude"] = (round(v, 6) for v in row.point)
    return values


@transaction.atomic
def repeat_case_open(
    *,
    by: Any,
    partnership: Partnership,
    token: str,
    reports: list[str],
    now: dt.datetime | None = None,
    **values: Any,
) -> Case:
    """Open a case for a repeat victim: link the chosen reports, and add the person as victim if on record."""
    row = repeats.repeat_victim_get(user=by, partnership=partnership, token=token, now=now)
    if not row.can_open_case:
        raise ApplicationError(
            "A case can no longer be opened from this suggestion: it is covered or dismissed."
        )
    offered = {i.reference for i in row.reports}
    unknown = set(reports) - offered
    if unknown:
        raise ApplicationError("Choose reports from this person's or place's incidents only", field="reports")
    case = cases.case_create(by=by, partnership=partnership, **values)
    for reference in reports:
        cases.case_link_report(by=by, case=case, reference=reference)
    if row.person is not None:
        people.case_person_add(by=by, case=case, person=row.person, role=PersonRole.VICTIM)
    event_add(
        case,
        by=by,
        kind=EventKind.CHANGED,
        text=f"Opened from a repeat-victim suggestion: {len(row.incidents)} incidents",
    )
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=case,
        changes={"opened_from": "repeat victim suggestion", "reports": sorted(reports)},
    )
    return case


@transaction.atomic
def repeat_victim_view(
    *, by: Any, partnership: Partnership, token: str, now: dt.datetime | None = None
) -> repeats.RepeatVictim:
    """One row, to open a case from it, recorded as viewed."""
    row = repeats.repeat_victim_get(user=by, partnership=partnership, token=token, now=now)
    _record_view(by=by, partnership=partnership, page="repeat victim: open a case", rows=[row])
    return row
