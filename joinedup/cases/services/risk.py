"""Victim risk assessment: changing the partnership's questionnaire, assessing a person, and telling the
lead officer and coordinators when someone is at high risk.

The scale is local (REFERENCE.md §7.1: forces and councils grade ASB victims standard, medium or high,
with no national numeric definition), so every number here is the partnership's, held as data.
Professional judgement may raise a scored level, never lower it: the same rule MARAC applies to DASH
(§7.2), kept here because a score can miss what an officer sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.notify.services import notify_email
from joinedup.partners.models import Partnership, Role, User

from .. import policy, risk_selectors, selectors
from ..models import (
    LEVEL_ORDER,
    Case,
    EventKind,
    Person,
    RiskAnswer,
    RiskAssessment,
    RiskLevel,
    RiskQuestion,
    RiskQuestionnaire,
)
from .cases import StaleEdit, event_add, require_open

MAX_QUESTIONS = 40
MAX_WEIGHT = 100
MAX_REVIEW_DAYS = 365
STALE_QUESTIONNAIRE = (
    "The risk questionnaire was changed after you opened this page. Answer the questions as they are now"
)


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    weight: int


# --- the questionnaire -------------------------------------------------------------------------------------


def _check_questionnaire(
    *, questions: list[QuestionSpec], medium_from: int, high_from: int, review_days: dict[str, int]
) -> None:
    if not questions:
        raise ApplicationError("Enter at least one question", field="q_1_text")
    if len(questions) > MAX_QUESTIONS:
        raise ApplicationError(f"A questionnaire can have up to {MAX_QUESTIONS} questions", field="q_1_text")
    for number, question in enumerate(questions, start=1):
        if not 0 <= question.weight <= MAX_WEIGHT:
            raise ApplicationError(
                f"The weight of question {number} must be from 0 to {MAX_WEIGHT}", field=f"q_{number}_weight"
            )
    if medium_from < 1:
        raise ApplicationError("The medium risk threshold must be 1 or more", field="medium_from")
    if high_from <= medium_from:
        raise ApplicationError(
            "The high risk threshold must be more than the medium risk threshold", field="high_from"
        )
    most = sum(q.weight for q in questions)
    if high_from > most:
        raise ApplicationError(
            f"The high risk threshold is more than the highest possible score ({most}), so no answers could "
            "reach it",
            field="high_from",
        )
    for level, days in review_days.items():
        if not 1 <= days <= MAX_REVIEW_DAYS:
            raise ApplicationError(
                f"Reassess {level} risk after 1 to {MAX_REVIEW_DAYS} days", field=f"{level}_review_days"
            )
    if not review_days["high"] <= review_days["medium"] <= review_days["standard"]:
        raise ApplicationError(
            "Higher risk must be reassessed sooner: high no later than medium, medium no later than standard",
            field="high_review_days",
        )


@transaction.atomic
def questionnaire_save(
    *,
    by: Any,
    partnership: Partnership,
    based_on: int,
    questions: list[QuestionSpec],
    medium_from: int,
    high_from: int,
    high_review_days: int,
    medium_review_days: int,
    standard_review_days: int,
    change_note: str,
) -> RiskQuestionnaire:
    """Save the partnership's questionnaire as a new version; earlier assessments keep theirs.

    `based_on` is the version the editor opened (0 for none): if someone has saved a newer one since,
    the edit is refused rather than silently undoing theirs.
    """
    if by is not None and not (
        policy.can_change_risk_questionnaire(by) and selectors.works_in(by, partnership)
    ):
        raise NotPermitted("Only the partnership's coordinators change its risk questionnaire.")
    questions = [QuestionSpec(q.text.strip(), q.weight) for q in questions if q.text.strip()]
    review_days = {"high": high_review_days, "medium": medium_review_days, "standard": standard_review_days}
    _check_questionnaire(
        questions=questions, medium_from=medium_from, high_from=high_from, review_days=review_days
    )
    if not change_note.strip():
        raise ApplicationError("Say what you changed and why", field="change_note")
    # Lock the partnership's row so two saves cannot both become the next version.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    current = risk_selectors.questionnaire_current(partnership=partnership)
    version = current.version if current else 0
    if version != based_on:
        who = current.created_by.full_name if current and current.created_by else "Someone"
        raise StaleEdit(
            f"{who} saved version {version} of the questionnaire after you opened it. Your changes have not "
            "been saved: check the questionnaire as it is now, then make your changes again."
        )
    questionnaire = RiskQuestionnaire.objects.create(
        partnership=partnership,
        version=version + 1,
        medium_from=medium_from,
        high_from=high_from,
        high_review_days=high_review_days,
        medium_review_days=medium_review_days,
        standard_review_days=standard_review_days,
        change_note=change_note.strip(),
        created_by=by,
    )
    RiskQuestion.objects.bulk_create(
        RiskQuestion(questionnaire=questionnaire, position=number, text=q.text, weight=q.weight)
        for number, q in enumerate(questions, start=1)
    )
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=questionnaire,
        changes={
            "version": questionnaire.version,
            "questions": len(questions),
            "thresholds": {"medium_from": medium_from, "high_from": high_from},
            "review_days": review_days,
        },
    )
    return questionnaire


# --- assessing a person ------------------------------------------------------------------------------------


def _label(level: str) -> str:
    return str(RiskLevel(level).label).lower()


def _final_level(scored: str, raise_to: str, reason: str) -> str:
    """The scored level, or a higher one chosen by professional judgement with its reason."""
    if not raise_to:
        return scored
    if raise_to not in RiskLevel.values:
        raise ApplicationError(
            "Choose whether your professional judgement raises the level", field="raise_to"
        )
    if LEVEL_ORDER.index(RiskLevel(raise_to)) <= LEVEL_ORDER.index(RiskLevel(scored)):
        raise ApplicationError(
            f"The answers score {_label(scored)} risk. Professional judgement can raise the level, never "
            "lower it: choose a higher level, or keep the score's",
            field="raise_to",
        )
    if not reason.strip():
        raise ApplicationError("Say why your professional judgement raises the level", field="raise_reason")
    return raise_to


@transaction.atomic
def risk_assess(
    *,
    by: Any,
    case: Case,
    person: Person,
    questionnaire_id: int,
    answers: dict[int, bool | None],
    raise_to: str = "",
    raise_reason: str = "",
    today: dt.date | None = None,
    assessed_at: dt.datetime | None = None,
) -> RiskAssessment:
    """Score a victim's or vulnerable person's answers, set their level and reassessment date, and bring
    the case's risk level up to date; a high level emails the lead officer and the coordinators."""
    require_open(by, case)
    case = Case.objects.select_for_update().select_related("partnership").get(pk=case.pk)
    if case.is_closed:
        raise ApplicationError(f"{case.reference} is closed. Reopen it before assessing risk.")
    if not risk_selectors.assessable_people(case=case).filter(person=person).exists():
        raise ApplicationError("Only victims and vulnerable people in the case are risk assessed.")
    questionnaire = risk_selectors.questionnaire_current(partnership=case.partnership_id)
    if questionnaire is None:
        raise ApplicationError(
            f"{case.partnership.name} has no risk questionnaire yet. A coordinator sets it up first."
        )
    if questionnaire.id != questionnaire_id:
        raise ApplicationError(STALE_QUESTIONNAIRE)
    questions = list(questionnaire.questions.all())
    for question in questions:
        if answers.get(question.id) is None:
            raise ApplicationError(f"Answer question {question.position}", field=f"q{question.id}")
    score = sum(q.weight for q in questions if answers[q.id])
    scored = questionnaire.level_for(score)
    level = _final_level(scored, raise_to, raise_reason)
    today = today or timezone.localdate()
    assessment = RiskAssessment.objects.create(
        case=case,
        person=person,
        questionnaire=questionnaire,
        score=score,
        scored_level=scored,
        level=level,
        override_reason=raise_reason.strip() if level != scored else "",
        review_due_on=today + dt.timedelta(days=questionnaire.review_days(level)),
        assessed_by=by,
        organisation=getattr(by, "organisation", None),
        assessed_at=assessed_at or timezone.now(),
    )
    RiskAnswer.objects.bulk_create(
        RiskAnswer(
            assessment=assessment,
            question=q,
            answer=bool(answers[q.id]),
            points=q.weight if answers[q.id] else 0,
        )
        for q in questions
    )
    before = case.risk_level
    after = risk_selectors.case_risk_level(case=case)
    if after != before:
        # A new version, so an edit of the case opened before the assessment cannot undo its level.
        Case.objects.filter(pk=case.pk).update(risk_level=after, version=F("version") + 1)
    event_add(case, by=by, kind=EventKind.RISK_ASSESSED, text=_timeline_text(assessment, before, after))
    audit_record(
        by=by,
        action=Action.CREATED,
        obj=assessment,
        partnership=case.partnership,
        changes={
            "case": case.reference,
            "person": str(person),
            "questionnaire_version": questionnaire.version,
            "score": score,
            "level": level,
            "raised_by_judgement": level != scored,
        },
    )
    if after != before:
        audit_record(by=by, action=Action.CHANGED, obj=case, changes={"risk_level": [before, after]})
    if level == RiskLevel.HIGH:
        _notify_high_risk(assessment)
    return assessment


def _timeline_text(assessment: RiskAssessment, before: str, after: str) -> str:
    questionnaire = assessment.questionnaire
    text = (
        f"{assessment.person.full_name}: {assessment.get_level_display()} risk. Score {assessment.score} "
        f"(medium from {questionnaire.medium_from}, high from {questionnaire.high_from}, "
        f"questionnaire version {questionnaire.version})."
    )
    if assessment.overridden:
        text += (
            f" Raised from {_label(assessment.scored_level)} by professional judgement: "
            f"{assessment.override_reason}"
        )
    text += f"\nReassess by {assessment.review_due_on:%-d %B %Y}."
    if after != before:
        text += f"\nCase risk level: {_label(before) if before else 'not assessed'} → {_label(after)}."
    return text


# --- telling people ----------------------------------------------------------------------------------------


def high_risk_recipients(case: Case) -> list[str]:
    """The case's lead officer and the partnership's coordinators, each once.

    A restricted case tells only the coordinators named on it: even its existence at high risk is
    for the people it names.
    """
    people = User.objects.filter(is_active=True)
    coordinators = people.filter(partnerships=case.partnership_id, role=Role.COORDINATOR)
    if case.restricted:
        coordinators = coordinators.filter(id__in=case.named.values("user_id"))
    emails = set(coordinators.values_list("email", flat=True))
    if case.lead_officer_id:
        emails |= set(people.filter(id=case.lead_officer_id).values_list("email", flat=True))
    return sorted(emails)


def _notify_high_risk(assessment: RiskAssessment) -> None:
    from ..tasks import case_high_risk_email

    if assessment.case.synthetic:  # made-up demo cases email nobody
        return
    for email in high_risk_recipients(assessment.case):
        # One task per person, queued once the assessment is saved: a retry never emails anyone twice.
        transaction.on_commit(partial(case_high_risk_email, assessment.id, email))


def high_risk_email(*, assessment_id: int, email: str) -> bool:
    """Email one person about a high risk assessment: the case reference and a link, nothing personal."""
    assessment = (
        RiskAssessment.objects.select_related("case", "organisation").filter(id=assessment_id).first()
    )
    if assessment is None:
        return False
    case = assessment.case
    notify_email(
        to=email,
        template="case_high_risk",
        personalisation={
            "reference": case.reference,
            "partner": assessment.organisation.name if assessment.organisation else "A partner",
            "review_due": f"{assessment.review_due_on:%-d %B %Y}",
            "case_url": settings.SITE_URL.rstrip("/") + reverse("case-detail", args=[case.reference]),
        },
        reference=case.reference,
    )
    return True


# --- disclosures -------------------------------------------------------------------------------------------


@transaction.atomic
def risk_assessment_view(*, by: Any, reference: str, assessment_id: int) -> RiskAssessment:
    """An assessment and its answers, recorded as viewed."""
    assessment = risk_selectors.assessment_get(user=by, reference=reference, assessment_id=assessment_id)
    audit_record(
        by=by,
        action=Action.VIEWED,
        obj=assessment,
        partnership=assessment.case.partnership,
        changes={"case": assessment.case.reference},
    )
    return assessment


@transaction.atomic
def reassessments_view(*, by: Any) -> list[risk_selectors.ReassessmentRow]:
    """The user's reassessments due, recorded as viewed (the list names the people)."""
    rows = risk_selectors.reassessments_due(user=by)
    if rows:
        audit_record(
            by=by,
            action=Action.VIEWED,
            changes={
                "page": "risk reassessments due",
                "people_shown": [str(r.assessment.person) for r in rows],
                "cases_shown": sorted({r.assessment.case.reference for r in rows}),
            },
            label=None,
        )
    return rows
