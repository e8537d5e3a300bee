"""Reads for the multi-agency tactical group list. Who sees what is decided here, never in templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from joinedup.core.errors import NotFound, NotPermitted
from joinedup.partners.models import Partnership
from joinedup.reports import policy as report_policy

from . import policy
from .models import Case, TacticalListEntry, TacticalStatus
from .selectors import CASEWORK_DENIED, cases_open_to


@dataclass
class TacticalRow:
    entry: TacticalListEntry
    open: bool  # the viewer may open the case: they see who or where, the plan and its owner
    overdue: bool  # the review date has passed


def tactical_list(
    partnership: Partnership,
    *,
    user: Any,
    today: dt.date | None = None,
    include_removed: bool = False,
) -> list[TacticalRow]:
    """The partnership's tactical group list, as `user` may see it: next review first.

    Each active entry is a vulnerable person or a problem location on a case, with its risk
    management plan, the partner that owns the plan and the date the group next reviews it; a review
    date before `today` is overdue. This is what a tasking meeting's agenda takes its items from.

    A row is `open` when the user may open its case (led by or shared with their organisation, and
    named on it if restricted); only then may the person, place, plan and owner be shown. Otherwise
    the row says only that an entry exists, on which case, who leads it and when it is reviewed (the
    locked view), so the user knows whom to ask. Restricted cases follow the same rule as their case.
    Raises NotPermitted for anyone who does not do casework and NotFound outside their partnerships.
    """
    if not policy.does_casework(user):
        raise NotPermitted(CASEWORK_DENIED)
    if not report_policy.works_in(user, partnership.id):
        raise NotFound("There is no such partnership of yours.")
    today = today or timezone.localdate()
    entries = TacticalListEntry.objects.filter(partnership=partnership)
    if not include_removed:
        entries = entries.filter(status=TacticalStatus.ACTIVE)
    entries = entries.select_related(
        "case", "case__kind", "case__lead_partner", "person", "plan_owner", "added_by"
    ).order_by("review_on", "id")
    openable = set(cases_open_to(user).filter(id__in=entries.values("case_id")).values_list("id", flat=True))
    return [TacticalRow(e, e.case_id in openable, e.is_active and e.review_on < today) for e in entries]


def case_tactical_entries(*, case: Case) -> QuerySet[TacticalListEntry]:
    """A case's entries, current first, for its page (shown only to those who may open the case)."""
    return case.tactical_entries.select_related("person", "plan_owner", "added_by", "removed_by").order_by(
        "status", "review_on", "id"
    )


def tactical_entry_get(*, case: Case, entry_id: int) -> TacticalListEntry:
    entry = case_tactical_entries(case=case).filter(id=entry_id).first()
    if entry is None:
        raise NotFound("There is no such entry on this case.")
    entry.case = case
    return entry
