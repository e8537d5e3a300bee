"""Shared cases: the case file, the people in it, the work on it and who may see it.

Split by concern so later parts of case management (risk assessment, referrals, the ASB Case Review)
can sit in modules of their own beside these.
"""

from .cases import Case, CaseEvent, CaseKind, CaseStatus, EventKind, Outcome, RestrictionReason, RiskLevel
from .people import CasePerson, Consent, Person, PersonRole, Vulnerability
from .referrals import ConsentExemption, PartnerService, Referral, ReferralConsent, ReferralStatus
from .repeats import RepeatDismissal, RepeatVictimRule
from .risk import LEVEL_ORDER, RiskAnswer, RiskAssessment, RiskQuestion, RiskQuestionnaire
from .sharing import AccessRequest, CaseNamedAccess, CaseShare, RequestStatus
from .tactical import TacticalListEntry, TacticalStatus, TacticalSubject
from .work import ActionStatus, CaseAction, CaseContact, CaseDocument, CaseNote, ContactMethod, Sensitivity

__all__ = [
    "LEVEL_ORDER",
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
    "ConsentExemption",
    "ContactMethod",
    "EventKind",
    "Outcome",
    "PartnerService",
    "Person",
    "PersonRole",
    "Referral",
    "ReferralConsent",
    "ReferralStatus",
    "RepeatDismissal",
    "RepeatVictimRule",
    "RequestStatus",
    "RestrictionReason",
    "RiskAnswer",
    "RiskAssessment",
    "RiskLevel",
    "RiskQuestion",
    "RiskQuestionnaire",
    "Sensitivity",
    "TacticalListEntry",
    "TacticalStatus",
    "TacticalSubject",
    "Vulnerability",
]
