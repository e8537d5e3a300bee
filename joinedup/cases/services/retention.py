"""Retention: a case closed longer than CASE_RETENTION_DAYS is flagged for review, and the lead partner
may then delete it. Deletion removes the case, its documents and anyone left in no other case, and
leaves a tombstone in the audit trail: what was deleted, when, by whom and why, with no personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted

from .. import policy, selectors
from ..models import Case, CasePerson, Person
from .cases import require_open


@transaction.atomic
def case_delete(*, by: Any, case: Case, reason: str, now: dt.datetime | None = None) -> dict:
    """Delete a case past its retention period; returns the tombstone written to the audit trail."""
    require_open(by, case)
    if by is not None and not policy.can_delete(by, case):
        raise NotPermitted(f"Only a manager or coordinator of {case.lead_partner.name} can delete this case.")
    if not selectors.is_due_for_retention_review(case, now):
        raise ApplicationError(
            f"{case.reference} is not yet due for deletion: cases are kept until they have been closed for "
            "the retention period."
        )
    if not reason.strip():
        raise ApplicationError("Say why the case is being deleted", field="reason")
    person_ids = list(case.people.values_list("person_id", flat=True))
    files = [d.file.name for d in case.documents.all()]
    tombstone = {
        "reference": case.reference,
        "kind": case.kind.code,
        "lead_partner": case.lead_partner.name,
        "opened": case.opened_at.date().isoformat(),
        "closed": case.closed_at.date().isoformat() if case.closed_at else None,
        "outcome": case.outcome,
        "people_in_case": len(set(person_ids)),
        "documents": len(files),
    }
    case_id = case.pk
    case.delete()
    orphans = Person.objects.filter(id__in=person_ids).exclude(
        id__in=CasePerson.objects.filter(person_id__in=person_ids).values("person_id")
    )
    tombstone["people_deleted"] = orphans.count()
    for person in orphans:
        audit_record(
            by=by,
            action=Action.DELETED,
            obj=person,
            partnership=case.partnership,
            changes={"with_case": tombstone["reference"]},
            purpose=reason.strip(),
        )
    orphans.delete()
    case.pk = case_id  # the tombstone refers to the id the rest of the case's trail does
    audit_record(by=by, action=Action.DELETED, obj=case, changes=tombstone, purpose=reason.strip())

    def remove_files() -> None:
        from django.core.files.storage import default_storage

        for name in files:
            default_storage.delete(name)

    transaction.on_commit(remove_files)
    return tombstone
