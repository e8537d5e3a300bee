"""Disclosures, each written to the audit trail: opening a case or a person, searching, downloading a
document, and the subject access export (DPA 2018 s.62 logs consultation and disclosure).

The selectors decide what may be seen; these services call them and record who saw what, when
and why, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotFound, NotPermitted

from .. import policy, selectors
from ..models import Case, CaseDocument, CasePerson, Person
from .referrals import referrals_export


@dataclass
class CaseView:
    case: Case
    level: str

    @property
    def open(self) -> bool:
        return self.level == policy.FULL


@transaction.atomic
def case_view(*, by: Any, reference: str) -> CaseView:
    """A case as the user may see it (full or locked), recorded as viewed."""
    case, level = selectors.case_get(user=by, reference=reference)
    audit_record(by=by, action=Action.VIEWED, obj=case, changes={"view": level})
    return CaseView(case, level)


@transaction.atomic
def case_list_view(*, by: Any, filters: selectors.CaseFilters) -> Any:
    cases = selectors.case_list(user=by, filters=filters)
    audit_record(
        by=by, action=Action.VIEWED, changes={"page": "case list", "filters": vars(filters)}, label=None
    )
    return cases


@transaction.atomic
def person_view(*, by: Any, public_id: str) -> tuple[Person, bool]:
    person, full = selectors.person_get(user=by, public_id=public_id)
    audit_record(
        by=by, action=Action.VIEWED, obj=person, changes={"view": policy.FULL if full else policy.LOCKED}
    )
    return person, full


@transaction.atomic
def person_search(
    *,
    by: Any,
    purpose: str,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date | None = None,
    address: str = "",
    postcode: str = "",
) -> tuple[list[selectors.PersonMatch], list[tuple[Case, bool]]]:
    """Likely matches for a person, and cases at their address, with why the user searched.

    The trail records which fields were searched on and which records were shown, not the terms
    typed: the trail is append-only and must not become a second copy of personal data.
    """
    if not purpose.strip():
        raise ApplicationError("Say why you are searching", field="purpose")
    matches = selectors.person_matches(
        user=by,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        address=address,
        postcode=postcode,
    )
    places = selectors.cases_at_place(user=by, address=address, postcode=postcode)
    searched = [
        name
        for name, value in (
            ("name", given_name or family_name),
            ("date_of_birth", date_of_birth),
            ("address", address or postcode),
        )
        if value
    ]
    audit_record(
        by=by,
        action=Action.SEARCHED,
        changes={
            "searched": "people",
            "fields": searched,
            "people_shown": [str(m.person) for m in matches],
            "open": [str(m.person) for m in matches if m.open],
            "cases_shown": [c.reference for c, _ in places],
        },
        purpose=purpose.strip(),
    )
    return matches, places


@transaction.atomic
def document_open(*, by: Any, reference: str, public_id: str) -> CaseDocument:
    case = selectors.case_get_open(user=by, reference=reference)
    document = case.documents.filter(public_id=public_id).first()
    if document is None:
        raise NotFound("There is no such document in this case.")
    audit_record(
        by=by,
        action=Action.VIEWED,
        obj=document,
        partnership=case.partnership,
        changes={"case": case.reference},
    )
    return document


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


@transaction.atomic
def person_subject_access_export(*, by: Any, public_id: str, purpose: str) -> bytes:
    """Everything held about a person, as JSON, for the partnership's response to a subject access request.

    It covers every case they are in, restricted ones too, because the response must be complete;
    the responder reviews it (third parties are in it) before anything is disclosed.
    """
    if not policy.can_export_subject_access(by):
        raise NotPermitted("Only coordinators and administrators answer subject access requests.")
    if not purpose.strip():
        raise ApplicationError(
            "Give the subject access request's reference or why you are exporting", field="purpose"
        )
    person = Person.objects.visible_to(by).filter(public_id=public_id).first()
    if person is None:
        raise NotFound("There is no such person in your partnerships.")
    links = (
        CasePerson.objects.filter(person=person)
        .select_related("case", "case__kind", "case__lead_partner", "case__lead_officer")
        .order_by("case__opened_at")
    )
    cases = []
    for link in links:
        case = link.case
        cases.append(
            {
                "reference": case.reference,
                "role": link.get_role_display(),
                "added_to_case": _iso(link.added_at),
                "kind": case.kind.name,
                "status": case.get_status_display(),
                "outcome": case.get_outcome_display(),
                "lead_partner": case.lead_partner.name,
                "opened": _iso(case.opened_at),
                "closed": _iso(case.closed_at),
                "summary": case.summary,
                "address": case.address,
                "postcode": case.postcode,
                "restricted": case.restricted,
                "risk_level": case.get_risk_level_display(),
                "shared_with": [s.organisation.name for s in case.shares.select_related("organisation")],
                "contacts": [
                    {
                        "date": _iso(c.happened_on),
                        "method": c.get_method_display(),
                        "with_this_person": c.person_id == person.id,
                        "summary": c.summary,
                        "by": c.organisation.name if c.organisation else "",
                    }
                    for c in case.contacts.select_related("organisation")
                ],
                "notes": [
                    {
                        "date": _iso(n.at),
                        "sensitivity": n.get_sensitivity_display(),
                        "text": n.text,
                        "by": n.organisation.name if n.organisation else "",
                    }
                    for n in case.notes.select_related("organisation")
                ],
                "actions": [
                    {
                        "title": a.title,
                        "details": a.details,
                        "partner": a.assigned_organisation.name,
                        "due": _iso(a.due_on),
                        "status": a.get_status_display(),
                        "completion_note": a.completion_note,
                    }
                    for a in case.actions.select_related("assigned_organisation")
                ],
                "documents": [
                    {
                        "name": d.original_name,
                        "description": d.description,
                        "type": d.content_type,
                        "uploaded": _iso(d.uploaded_at),
                    }
                    for d in case.documents.all()
                ],
            }
        )
    export = {
        "exported_at": _iso(timezone.now()),
        "exported_by": f"{by.full_name} <{by.email}>",
        "purpose": purpose.strip(),
        "note": "Everything Joined Up holds about this person. It includes other people's data: review and "
        "redact before disclosing.",
        "person": {
            "id": str(person.public_id),
            "given_name": person.given_name,
            "family_name": person.family_name,
            "other_names": person.other_names,
            "date_of_birth": _iso(person.date_of_birth),
            "address": person.address,
            "postcode": person.postcode,
            "phone": person.phone,
            "email": person.email,
            "vulnerabilities": person.get_vulnerabilities_display(),
            "consent_to_share": person.get_consent_display(),
            "consent_recorded_on": _iso(person.consent_on),
            "recorded": _iso(person.created_at),
            "recorded_by": person.created_by_organisation.name if person.created_by_organisation else "",
        },
        "cases": cases,
        "referrals": referrals_export(person=person),
    }
    audit_record(
        by=by,
        action=Action.EXPORTED,
        obj=person,
        changes={"export": "subject access", "cases": [c["reference"] for c in cases]},
        purpose=purpose.strip(),
    )
    return orjson.dumps(export, option=orjson.OPT_INDENT_2)
