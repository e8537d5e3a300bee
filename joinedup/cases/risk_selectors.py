"""Reads for victim risk assessment. A user sees assessments only on cases they may open in full.

Reassessment is due on a person's latest assessment in a case: earlier ones are history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from joinedup.core.errors import NotFound
from joinedup.partners.models import Partnership

from . import policy, selectors
from .models import (
    LEVEL_ORDER,
    Case,
    CasePerson,
    CaseStatus,
    RiskAnswer,
    RiskAssessment,
    RiskQuestion,
    RiskQuestionnaire,
)

# An assessment shows as due this many days before its reassessment date.
DUE_SOON_DAYS = 7

OVERDUE = "overdue"
DUE = "due"
SCHEDULED = "scheduled"


def questionnaire_current(*, partnership: Partnership | int) -> RiskQuestionnaire | None:
    """The version new assessments use: the newest."""
    partnership_id = partnership if isinstance(partnership, int) else partnership.id
    return (
        RiskQuestionnaire.objects.filter(partnership_id=partnership_id)
        .prefetch_related(Prefetch("questions", queryset=RiskQuestion.objects.order_by("position")))
        .order_by("-version")
        .first()
    )


def questionnaire_versions(*, partnership: Partnership) -> QuerySet[RiskQuestionnaire]:
    return RiskQuestionnaire.objects.filter(partnership=partnership).select_related("created_by")


def risk_partnerships(*, user: Any) -> QuerySet[Partnership]:
    """The partnerships whose questionnaire a caseworker may read."""
    selectors._require_casework(user)
    from joinedup.partners.selectors import partnership_list

    return partnership_list(user=user).order_by("name")


def risk_partnership_get(*, user: Any, slug: str) -> Partnership:
    partnership = risk_partnerships(user=user).filter(slug=slug).first()
    if partnership is None:
        raise NotFound("There is no such partnership among yours.")
    return partnership


def assessable_people(*, case: Case) -> QuerySet[CasePerson]:
    """The people in a case who may be risk assessed: victims and vulnerable people."""
    return (
        case.people.filter(role__in=policy.RISK_ASSESSED_ROLES)
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "role")
    )


def _superseded() -> Exists:
    """A later assessment of the same person in the same case exists."""
    later = RiskAssessment.objects.filter(case=OuterRef("case"), person=OuterRef("person")).filter(
        Q(assessed_at__gt=OuterRef("assessed_at"))
        | Q(assessed_at=OuterRef("assessed_at"), id__gt=OuterRef("id"))
    )
    return Exists(later)


def latest_assessments(*, case: Case) -> QuerySet[RiskAssessment]:
    """Each person's latest assessment in the case."""
    return RiskAssessment.objects.filter(case=case).exclude(_superseded())


def case_risk_level(*, case: Case) -> str:
    """The case's level: the highest of its people's latest assessments ("" if none).

    The highest, not simply the newest: assessing a second victim at standard risk must not
    hide that the first is at high risk.
    """
    levels = set(latest_assessments(case=case).values_list("level", flat=True))
    return next((level for level in reversed(LEVEL_ORDER) if level in levels), "")


def due_state(assessment: RiskAssessment, today: dt.date) -> str:
    if assessment.review_due_on < today:
        return OVERDUE
    if assessment.review_due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return DUE
    return SCHEDULED


@dataclass
class PersonRisk:
    link: CasePerson
    latest: RiskAssessment | None
    state: str


@dataclass
class CaseRisk:
    questionnaire: RiskQuestionnaire | None
    people: list[PersonRisk]
    history: list[RiskAssessment]


def case_risk(*, user: Any, case: Case, today: dt.date | None = None) -> CaseRisk:
    """What the case page shows of risk: each assessable person's latest level and every assessment."""
    case = selectors.case_get_open(user=user, reference=case.reference)
    today = today or timezone.localdate()
    history = list(
        case.risk_assessments.select_related("person", "assessed_by", "organisation", "questionnaire")
    )
    latest: dict[int, RiskAssessment] = {}
    for assessment in history:  # newest first
        latest.setdefault(assessment.person_id, assessment)
    people = []
    for link in assessable_people(case=case):
        found = latest.get(link.person_id)
        people.append(PersonRisk(link, found, due_state(found, today) if found else ""))
    return CaseRisk(questionnaire_current(partnership=case.partnership_id), people, history)


def assessment_get(*, user: Any, reference: str, assessment_id: int) -> RiskAssessment:
    """An assessment with its answers, on a case the user may open."""
    case = selectors.case_get_open(user=user, reference=reference)
    assessment = (
        case.risk_assessments.filter(id=assessment_id)
        .select_related("person", "assessed_by", "organisation", "questionnaire", "case")
        .prefetch_related(Prefetch("answers", queryset=RiskAnswer.objects.select_related("question")))
        .first()
    )
    if assessment is None:
        raise NotFound("There is no such risk assessment in this case.")
    return assessment


def assessable_person_get(*, user: Any, reference: str, public_id: str) -> tuple[Case, CasePerson]:
    """A victim or vulnerable person in a case the user may open."""
    case = selectors.case_get_open(user=user, reference=reference)
    link = assessable_people(case=case).filter(person__public_id=public_id).first()
    if link is None:
        raise NotFound("There is no victim or vulnerable person like that in this case.")
    return case, link


@dataclass
class ReassessmentRow:
    assessment: RiskAssessment
    overdue: bool


def reassessments_due(*, user: Any, today: dt.date | None = None) -> list[ReassessmentRow]:
    """Latest assessments due or overdue for reassessment on active cases the user leads (or, with no
    lead officer, their organisation leads), for people still in the case; overdue first."""
    selectors._require_casework(user)
    today = today or timezone.localdate()
    mine = Q(case__lead_officer=user) | Q(
        case__lead_officer__isnull=True, case__lead_partner_id=user.organisation_id
    )
    still_in_case = CasePerson.objects.filter(
        case=OuterRef("case"), person=OuterRef("person"), role__in=policy.RISK_ASSESSED_ROLES
    )
    assessments = (
        RiskAssessment.objects.filter(
            mine,
            case__in=selectors.cases_open_to(user),
            case__status__in=[CaseStatus.OPEN, CaseStatus.UNDER_REVIEW],
            review_due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        )
        .filter(Exists(still_in_case))
        .exclude(_superseded())
        .select_related("case", "case__kind", "person")
        .order_by("review_due_on", "id")
    )
    return [ReassessmentRow(a, a.review_due_on < today) for a in assessments]
