"""Recording people, changing their details, and the part they play in a case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Partnership

from .. import matching, policy, selectors
from ..models import Case, CasePerson, Consent, EventKind, Person, PersonRole, Vulnerability
from .cases import StaleEdit, event_add, require_lead, require_open
from .sharing import check_shares_cover

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "vulnerabilities",
    "consent",
    "consent_on",
)


def _clean(values: dict[str, Any], *, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Not person fields: {sorted(unknown)}")
    for name in ("given_name", "family_name", "other_names", "address", "phone", "email"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if "postcode" in values:
        values["postcode"] = (values["postcode"] or "").strip().upper()
    if "given_name" in values and not values["given_name"]:
        raise ApplicationError("Enter their first name", field="given_name")
    if "family_name" in values and not values["family_name"]:
        raise ApplicationError("Enter their last name", field="family_name")
    born = values.get("date_of_birth")
    if born and born > today:
        raise ApplicationError("Date of birth must be in the past", field="date_of_birth")
    if "vulnerabilities" in values:
        flags = list(dict.fromkeys(values["vulnerabilities"] or []))
        if set(flags) - set(Vulnerability.values):
            raise ApplicationError("Choose vulnerabilities from the list", field="vulnerabilities")
        values["vulnerabilities"] = flags
    consent = values.get("consent")
    if consent is not None and consent not in Consent.values:
        raise ApplicationError("Choose whether they consent", field="consent")
    if consent in (Consent.GIVEN, Consent.REFUSED) and not values.get("consent_on"):
        raise ApplicationError("Enter the date they gave or refused consent", field="consent_on")
    if values.get("consent_on") and values["consent_on"] > today:
        raise ApplicationError("The consent date must be today or in the past", field="consent_on")
    return values


def _keys(person: Person) -> None:
    person.name_key = matching.normalise_name(person.given_name, person.family_name)
    person.name_sound = matching.name_sound(person.given_name, person.family_name)
    person.address_key = matching.address_key(person.address, person.postcode)


@transaction.atomic
def person_create(*, by: Any, partnership: Partnership, synthetic: bool = False, **values: Any) -> Person:
    if by is not None and not policy.does_casework(by):
        raise NotPermitted(selectors.CASEWORK_DENIED)
    values = _clean(values)
    person = Person(
        partnership=partnership,
        created_by=by,
        created_by_organisation=getattr(by, "organisation", None),
        synthetic=synthetic,
        **values,
    )
    _keys(person)
    person.save()
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=person,
        changes={"fields": sorted(k for k, v in values.items() if v)},
    )
    return person


@transaction.atomic
def person_update(*, by: Any, person: Person, version: int, **values: Any) -> Person:
    """Change someone's details, if nobody has saved them since `version` was read."""
    if by is not None and not selectors.people_open_to(by).filter(pk=person.pk).exists():
        raise NotPermitted("You cannot change this person's record.")
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != version:
        raise StaleEdit(
            "Someone changed this person's details after you opened them. Your changes have not been saved: "
            "check the record as it is now, then make your changes again."
        )
    values = _clean(values)
    changed = {f: v for f, v in values.items() if getattr(current, f) != v}
    if not changed:
        return current
    if changed.get("vulnerabilities") and not current.vulnerabilities:
        for link in current.roles.select_related("case", "case__kind", "case__lead_partner"):
            check_shares_cover(
                case=link.case, extra=policy.role_data_class_codes(role=link.role, vulnerable=True)
            )
    for name, value in changed.items():
        setattr(current, name, value)
    _keys(current)
    Person.objects.filter(pk=current.pk).update(
        **changed,
        name_key=current.name_key,
        name_sound=current.name_sound,
        address_key=current.address_key,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    current.refresh_from_db()
    # Which details changed, never their values: the trail is append-only and outlives the record.
    audit_record(by=by, action=Action.CHANGED, obj=current, changes={"fields": sorted(changed)})
    return current


@transaction.atomic
def case_person_add(*, by: Any, case: Case, person: Person, role: str) -> CasePerson:
    require_open(by, case)
    if role not in PersonRole.values:
        raise ApplicationError("Choose their role in the case", field="role")
    if person.partnership_id != case.partnership_id:
        raise ApplicationError("That person is recorded in another partnership.")
    if by is not None and not selectors.people_open_to(by).filter(pk=person.pk).exists():
        raise NotPermitted("You cannot see that person's record. Ask the partner whose case they are in.")
    if CasePerson.objects.filter(case=case, person=person, role=role).exists():
        raise ApplicationError(
            f"{person.full_name} is already in this case as {PersonRole(role).label.lower()}.", field="role"
        )
    check_shares_cover(
        case=case, extra=policy.role_data_class_codes(role=role, vulnerable=bool(person.vulnerabilities))
    )
    link = CasePerson.objects.create(case=case, person=person, role=role, added_by=by)
    label = PersonRole(role).label.lower()
    event_add(case, by=by, kind=EventKind.PERSON_ADDED, text=f"{person.full_name} added as {label}")
    audit_record(by=by, action=Action.CHANGED, obj=case, changes={"person_added": str(person), "role": role})
    return link


@transaction.atomic
def case_person_add_new(*, by: Any, case: Case, role: str, **values: Any) -> CasePerson:
    """Record a new person and add them to the case in one step."""
    require_open(by, case)
    person = person_create(by=by, partnership=case.partnership, **values)
    return case_person_add(by=by, case=case, person=person, role=role)


@transaction.atomic
def case_person_remove(*, by: Any, case: Case, link: CasePerson) -> None:
    require_lead(by, case)
    if link.case_id != case.id:
        raise ApplicationError("That person is not in this case.")
    person = link.person
    label = link.get_role_display().lower()
    link.delete()
    event_add(case, by=by, kind=EventKind.PERSON_REMOVED, text=f"{person.full_name} removed as {label}")
    audit_record(
        by=by, action=Action.CHANGED, obj=case, changes={"person_removed": str(person), "role": link.role}
    )
