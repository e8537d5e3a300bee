"""The steps of an ASB Case Review, each recorded once by the single point of contact (REFERENCE.md §1.3).

Acknowledge → threshold decision (told to the applicant with reasons) → review meeting → recommendations
→ outcome letter; and, at any point after the decision, the applicant's dissatisfaction and its result
(Sch. 4 para 3). Every step carries the version it was based on, so two coordinators cannot record the
same step twice or over each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import Action
from joinedup.audit.services import audit_record
from joinedup.core.errors import ApplicationError, NotPermitted
from joinedup.partners.models import Organisation

from .. import policy, selectors
from ..models import CaseReviewApplication, Decision, Recommendation, RecommendationStatus
from ..notifications import applicant_email_queue
from .applications import lock, require_date, require_manage, save_step


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _members(application: CaseReviewApplication, organisations: Iterable[Organisation], field: str) -> None:
    for organisation in organisations:
        if not organisation.memberships.filter(partnership_id=application.partnership_id).exists():
            raise ApplicationError(f"{organisation.name} is not a member of the partnership.", field=field)


@transaction.atomic
def application_acknowledge(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    acknowledged_on: dt.date | None,
    today: dt.date | None = None,
) -> CaseReviewApplication:
    require_manage(by)
    current = lock(application, version)
    if current.acknowledged_on:
        raise ApplicationError(
            f"{current.reference} was acknowledged on {current.acknowledged_on:%-d %B %Y}."
        )
    require_date(
        acknowledged_on,
        field="acknowledged_on",
        label="it was acknowledged",
        today=_today(today),
        after=current.received_on,
        after_label="the date it was received",
    )
    current = save_step(current, by=by, step="acknowledged", acknowledged_on=acknowledged_on)
    applicant_email_queue(current, "acknowledged")
    return current


@transaction.atomic
def threshold_decide(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    decision: str,
    decided_on: dt.date | None,
    reasons: str,
    today: dt.date | None = None,
) -> CaseReviewApplication:
    """Decide the threshold on the assessment, and keep the assessment as it stood.

    When a rule is met the decision must be "met": the procedure and, for three complaints, the law say
    so (§1.2). When none is, the bodies may still decide it is met on persistence, harm or the adequacy
    of the response, and say why.
    """
    require_manage(by)
    current = lock(application, version)
    if not current.acknowledged_on:
        raise ApplicationError("Acknowledge the application before deciding on the threshold.")
    if current.decision:
        raise ApplicationError(f"The threshold decision on {current.reference} has already been made.")
    if decision not in Decision.values:
        raise ApplicationError("Choose whether the threshold is met", field="decision")
    require_date(
        decided_on,
        field="decided_on",
        label="of the decision",
        today=_today(today),
        after=current.acknowledged_on,
        after_label="the acknowledgement",
    )
    if not reasons.strip():
        raise ApplicationError("Give the reasons the applicant will be told", field="reasons")
    assessment = selectors.assessment_of(application=current)
    if decision == Decision.NOT_MET and assessment.met:
        raise ApplicationError(
            f"The threshold is met ({assessment.met_by[0]}), so a review must be held.", field="decision"
        )
    current = save_step(
        current,
        by=by,
        step="threshold decision",
        decision=decision,
        decided_on=decided_on,
        decision_reasons=reasons.strip(),
        decision_rule=assessment.met_by[0] if assessment.met else "",
        assessment=assessment.as_record(),
    )
    applicant_email_queue(current, "decided")
    return current


@transaction.atomic
def review_record(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    held_on: dt.date | None,
    attendees: Iterable[Organisation],
    summary: str = "",
    today: dt.date | None = None,
) -> CaseReviewApplication:
    require_manage(by)
    current = lock(application, version)
    if current.decision != Decision.MET:
        raise ApplicationError("A review meeting follows a decision that the threshold is met.")
    if current.review_held_on:
        raise ApplicationError(
            f"The review meeting was recorded as held on {current.review_held_on:%-d %B %Y}."
        )
    require_date(
        held_on,
        field="held_on",
        label="of the meeting",
        today=_today(today),
        after=current.decided_on,
        after_label="the threshold decision",
    )
    attendees = list(attendees)
    if not attendees:
        raise ApplicationError("Choose the organisations at the meeting", field="attendees")
    _members(current, attendees, "attendees")
    current = save_step(
        current, by=by, step="review meeting", review_held_on=held_on, review_summary=summary.strip()
    )
    current.review_attendees.set(attendees)
    return current


@transaction.atomic
def recommendation_add(
    *,
    by: Any,
    application: CaseReviewApplication,
    text: str,
    owner: Organisation,
    due_on: dt.date | None,
) -> Recommendation:
    require_manage(by)
    if not application.review_held_on:
        raise ApplicationError("Record the review meeting before its recommendations.")
    if application.outcome_sent_on:
        raise ApplicationError("The outcome letter has been sent with the recommendations it listed.")
    if not text.strip():
        raise ApplicationError("Enter the recommendation", field="text")
    _members(application, [owner], "owner")
    if due_on is None:
        raise ApplicationError("Enter the date it is due", field="due_on")
    if due_on < application.review_held_on:
        raise ApplicationError("The due date must be on or after the review meeting", field="due_on")
    recommendation = Recommendation.objects.create(
        application=application, text=text.strip(), owner=owner, due_on=due_on, created_by=by
    )
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=application,
        changes={
            "recommendation_added": recommendation.id,
            "owner": owner.name,
            "due_on": due_on.isoformat(),
        },
    )
    return recommendation


@transaction.atomic
def recommendation_update(
    *, by: Any, recommendation: Recommendation, status: str, note: str = ""
) -> Recommendation:
    if not policy.can_update_recommendation(by, recommendation):
        raise NotPermitted(
            f"Only {recommendation.owner.name} or the single point of contact can update this."
        )
    if status not in RecommendationStatus.values:
        raise ApplicationError("Choose where the recommendation stands", field="status")
    if status == RecommendationStatus.NOT_ACCEPTED and not note.strip():
        raise ApplicationError("Say why the recommendation was not accepted", field="note")
    before = recommendation.status
    recommendation.status = status
    recommendation.status_note = note.strip()
    recommendation.updated_at = timezone.now()
    recommendation.save(update_fields=["status", "status_note", "updated_at"])
    audit_record(
        by=by,
        action=Action.CHANGED,
        obj=recommendation.application,
        changes={"recommendation": recommendation.id, "status": [before, status]},
    )
    return recommendation


@transaction.atomic
def outcome_send(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    sent_on: dt.date | None,
    letter: str,
    today: dt.date | None = None,
) -> CaseReviewApplication:
    """Record the outcome letter as sent (and email it when the applicant gave an address)."""
    require_manage(by)
    current = lock(application, version)
    if not current.review_held_on:
        raise ApplicationError("The outcome letter follows the review meeting.")
    if current.outcome_sent_on:
        raise ApplicationError(f"The outcome letter was sent on {current.outcome_sent_on:%-d %B %Y}.")
    require_date(
        sent_on,
        field="sent_on",
        label="the letter was sent",
        today=_today(today),
        after=current.review_held_on,
        after_label="the review meeting",
    )
    if not letter.strip():
        raise ApplicationError("Enter the letter sent to the applicant", field="letter")
    current = save_step(
        current, by=by, step="outcome letter", outcome_sent_on=sent_on, outcome_letter=letter.strip()
    )
    applicant_email_queue(current, "outcome")
    return current


@transaction.atomic
def escalation_record(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    escalated_on: dt.date | None,
    reason: str,
    today: dt.date | None = None,
) -> CaseReviewApplication:
    """The applicant is unhappy with the handling or the review, and asks to take the escalation route."""
    require_manage(by)
    current = lock(application, version)
    if not current.decided_on:
        raise ApplicationError("An applicant can ask for an escalation once the threshold decision is made.")
    if current.escalated_on:
        raise ApplicationError(f"{current.reference} was escalated on {current.escalated_on:%-d %B %Y}.")
    require_date(
        escalated_on,
        field="escalated_on",
        label="the applicant asked",
        today=_today(today),
        after=current.decided_on,
        after_label="the threshold decision",
    )
    if not reason.strip():
        raise ApplicationError("Say what the applicant is unhappy about", field="reason")
    return save_step(
        current, by=by, step="escalated", escalated_on=escalated_on, escalation_reason=reason.strip()
    )


@transaction.atomic
def escalation_decide(
    *,
    by: Any,
    application: CaseReviewApplication,
    version: int,
    decided_on: dt.date | None,
    result: str,
    today: dt.date | None = None,
) -> CaseReviewApplication:
    require_manage(by)
    current = lock(application, version)
    if not current.escalated_on:
        raise ApplicationError("There is no escalation to record a result for.")
    if current.escalation_decided_on:
        raise ApplicationError("The escalation's result has already been recorded.")
    require_date(
        decided_on,
        field="decided_on",
        label="of the result",
        today=_today(today),
        after=current.escalated_on,
        after_label="the escalation",
    )
    if not result.strip():
        raise ApplicationError("Enter the result of the escalation", field="result")
    return save_step(
        current,
        by=by,
        step="escalation result",
        escalation_decided_on=decided_on,
        escalation_result=result.strip(),
    )
