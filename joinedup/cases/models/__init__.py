"""Shared cases: the case file, the people in it, the work on it and who may see it.

Split by concern so later parts of case management (risk assessment, referrals, the ASB Case Review)
can sit in modules of their own beside these.
"""

from .cases import Case, CaseEvent, CaseKind, CaseStatus, EventKind, Outcome, RestrictionReason, RiskLevel
from .people import CasePerson, Consent, Person, PersonRole, Vulnerability
from .repeats import RepeatDismissal, RepeatVictimRule
from .sharing import AccessRequest, CaseNamedAccess, CaseShare, RequestStatus
from .tactical import TacticalListEntry, TacticalStatus, TacticalSubject
from .work import ActionStatus, CaseAction, CaseContact, CaseDocument, CaseNote, ContactMethod, Sensitivity

__all__ = [
    "AccessRequest",
    "ActionStatus",
    "Case",
    "CaseAction",
    "CaseContact",
    "CaseDocument",
    "CaseEvent",
    "CaseKind",
    "CaseNamedAccess",
    "CaseNote",
    "CasePerson",
    "CaseShare",
    "CaseStatus",
    "Consent",
    "ContactMethod",
    "EventKind",
    "Outcome",
    "Person",
    "PersonRole",
    "RepeatDismissal",
    "RepeatVictimRule",
    "RequestStatus",
    "RestrictionReason",
    "RiskLevel",
    "Sensitivity",
    "TacticalListEntry",
    "TacticalStatus",
    "TacticalSubject",
    "Vulnerability",
]
