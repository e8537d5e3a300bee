"""Who may see and do what with cases. Selectors and services ask here; templates never decide.

The rules, in the partnership's words:
- Casework is for officers, managers, coordinators and administrators. Analysts and councillors
  work from aggregates and never open a case file.
- A case is open to its lead partner and to partners it is shared with; a restricted case only to
  the people named on it, in those partners.
- Anyone doing casework in the case's partnership may learn that the case exists, who leads it,
  and ask for access (the locked view).
- The lead partner changes the case, shares it and decides on requests for access.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from joinedup.partners import policy as partner_policy
from joinedup.partners.models import Role

from .models import ActionStatus, Case, CaseAction, CasePerson, PersonRole

CASEWORK_ROLES = {Role.OFFICER, Role.MANAGER, Role.COORDINATOR, Role.ADMINISTRATOR}
DELETING_ROLES = {Role.MANAGER, Role.COORDINATOR, Role.ADMINISTRATOR}
SUBJECT_ACCESS_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}

FULL = "full"
LOCKED = "locked"


def does_casework(user: Any) -> bool:
    return partner_policy.is_staff_member(user) and (user.is_superuser or user.role in CASEWORK_ROLES)


def leads(user: Any, case: Case) -> bool:
    """The user works for the case's lead partner (and can see the case)."""
    return does_casework(user) and user.organisation_id == case.lead_partner_id


def can_delete(user: Any, case: Case) -> bool:
    return leads(user, case) and (user.is_superuser or user.role in DELETING_ROLES)


def can_complete(user: Any, action: CaseAction) -> bool:
    """The partner given the action, or the lead partner, marks it done."""
    return (
        action.status == ActionStatus.OPEN
        and does_casework(user)
        and user.organisation_id in (action.assigned_organisation_id, action.case.lead_partner_id)
    )


def can_export_subject_access(user: Any) -> bool:
    return partner_policy.is_staff_member(user) and (user.is_superuser or user.role in SUBJECT_ACCESS_ROLES)


def data_class_codes(case: Case) -> set[str]:
    """The classes of data a case holds, each of which a share needs an agreement to cover.

    The case record itself, what its kind adds (e.g. special category data for a hate incident),
    personal data of victims and witnesses, of alleged perpetrators, and special category data
    when anyone in it has a vulnerability recorded.
    """
    classes = settings.CASE_DATA_CLASSES
    codes = {classes["case"], *case.kind.data_classes}
    for role, vulnerabilities in CasePerson.objects.filter(case=case).values_list(
        "role", "person__vulnerabilities"
    ):
        codes |= role_data_class_codes(role=role, vulnerable=bool(vulnerabilities))
    return codes


def role_data_class_codes(*, role: str, vulnerable: bool) -> set[str]:
    """The classes of data adding one person in `role` brings to a case."""
    classes = settings.CASE_DATA_CLASSES
    codes = {classes["offender"] if role == PersonRole.ALLEGED_PERPETRATOR else classes["victim"]}
    if vulnerable:
        codes.add(classes["special"])
    return codes


# --- risk assessment ---------------------------------------------------------------------------------------

RISK_CONFIGURING_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}
# Who may be risk assessed in a case: the people the case is there to protect.
RISK_ASSESSED_ROLES = (PersonRole.VICTIM, PersonRole.VULNERABLE)


def can_change_risk_questionnaire(user: Any) -> bool:
    """The questionnaire is the partnership's: its coordinators (and administrators) change it."""
    return partner_policy.is_staff_member(user) and (user.is_superuser or user.role in RISK_CONFIGURING_ROLES)
